import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SqliteClinics } from '../../src/adapters/sqlite/sqlite-clinics.js';
import type { Clinic, ClinicId } from '../../src/domain/clinic.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { Logger } from '../../src/ports/logger.js';
import { aClinic } from '../support/clinic-builder.js';
import { startTestServer } from '../support/test-server.js';

const FROM_FILE = aClinic({ id: 'riverside' as ClinicId, numbers: ['+15557770001' as PhoneNumber] });

describe('the clinic of CLINIC_CONFIG, at start', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clinic-at-start-'));
  after(() => rmSync(directory, { recursive: true, force: true }));
  let files = 0;

  /** Starts and stops a server on the SQLite file; what it logged at info. */
  async function startAndStop(path: string): Promise<string[]> {
    const logged: string[] = [];
    const logger: Logger = { debug() {}, info: (_, message) => logged.push(message), warn() {}, error() {} };
    const server = await startTestServer({ storage: 'sqlite', sqlitePath: path, clinic: FROM_FILE, logger });
    await server.close();
    return logged;
  }

  async function clinicsIn(path: string, put: Clinic[] = []): Promise<Clinic[]> {
    const clinics = new SqliteClinics(path);
    try {
      for (const clinic of put) await clinics.put(clinic);
      return await clinics.list();
    } finally {
      await clinics.close();
    }
  }

  it('is put into a store that has no clinic, and the log says so', async () => {
    const path = join(directory, `clinics-${files++}.sqlite`);
    expect(await startAndStop(path)).to.include('clinic put from CLINIC_CONFIG into a store that had none');
    expect(await clinicsIn(path)).to.deep.equal([FROM_FILE]);
  });

  it('leaves the clinics of a store that has some as they are', async () => {
    const path = join(directory, `clinics-${files++}.sqlite`);
    const stored = aClinic({ id: 'lakeside' as ClinicId, name: 'Lakeside' });
    await clinicsIn(path, [stored]);
    expect(await startAndStop(path)).to.not.include('clinic put from CLINIC_CONFIG into a store that had none');
    expect(await clinicsIn(path)).to.deep.equal([stored]);
  });
});
