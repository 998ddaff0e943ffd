import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { SqliteBookingStore } from '../../src/adapters/sqlite/sqlite-booking-store.js';
import type { SlotId } from '../../src/domain/slot.js';
import { anAppointment, aSlot } from '../support/booking-builders.js';
import { DEFAULT_CLINIC_ID } from '../support/clinic-builder.js';
import { ALICE, BOB } from '../support/patients.js';
import { PROJECT_ROOT } from '../support/server-process.js';

const CLI = fileURLToPath(new URL('../../src/cli/export.js', import.meta.url));
const at = (text: string) => Date.parse(text);

describe('exporting appointments as CSV', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clinic-export-'));
  const database = join(directory, 'clinic.sqlite');
  const clinicFile = join(directory, 'clinic.json');

  before(async () => {
    const clinic = JSON.parse(readFileSync(join(PROJECT_ROOT, 'config/clinic.json'), 'utf8'));
    clinic.providers[0].name = 'Lee, Amanda "Mandy"';
    writeFileSync(clinicFile, JSON.stringify(clinic));
    const store = new SqliteBookingStore(database, DEFAULT_CLINIC_ID);
    const appointment = (appointmentId: string, start: string, overrides = {}) =>
      anAppointment(aSlot({ slotId: appointmentId as SlotId, start: at(start), end: at(start) + 30 * 60_000 }), ALICE, {
        appointmentId,
        createdAt: at('2026-02-20T10:00:00-05:00'),
        updatedAt: at('2026-02-21T10:00:00-05:00'),
        version: 0,
        ...overrides,
      });
    for (const record of [
      appointment('apt_before', '2026-03-01T23:30:00-05:00'),
      appointment('apt_lee', '2026-03-02T09:00:00-05:00', { providerId: 'dr-lee' }),
      // Already 4 March in UTC: still the 3rd at the clinic.
      appointment('apt_late', '2026-03-03T23:30:00-05:00', { patient: BOB, status: 'CANCELLED' }),
      appointment('apt_after', '2026-03-04T00:00:00-05:00'),
    ])
      await store.commit([{ kind: 'appointment', record }]);
    await store.close();
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  const exportCsv = (...args: string[]) =>
    promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', STORAGE: 'sqlite', SQLITE_PATH: database, CLINIC_CONFIG: clinicFile },
    });

  it('writes the appointments starting on the clinic-local days asked, both included, quoted as RFC 4180 says', async () => {
    const { stdout } = await exportCsv('--from', '2026-03-02', '--to', '2026-03-03');
    expect(stdout.split('\r\n')).to.deep.equal([
      'appointmentId,date,time,endTime,provider,phoneNumber,status,createdAt,updatedAt',
      `apt_lee,2026-03-02,09:00,09:30,"Lee, Amanda ""Mandy""",${ALICE},BOOKED,2026-02-20T10:00:00-05:00,2026-02-21T10:00:00-05:00`,
      `apt_late,2026-03-03,23:30,00:00,,${BOB},CANCELLED,2026-02-20T10:00:00-05:00,2026-02-21T10:00:00-05:00`,
      '',
    ]);
  });

  it('refuses a range that is not two calendar days in order, saying what was expected', async () => {
    for (const args of [
      ['--from', '2026-03-02'],
      ['--from', '2026-02-30', '--to', '2026-03-03'],
      ['--from', '2026-03-03', '--to', '2026-03-02'],
    ]) {
      let failure: { code?: number; stderr?: string } = {};
      await exportCsv(...args).catch((error: { code: number; stderr: string }) => (failure = error));
      expect(failure.code, args.join(' ')).to.equal(64);
      expect(failure.stderr).to.match(/^--(from|to): expected /);
    }
  });
});
