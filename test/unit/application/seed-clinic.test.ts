import { expect } from 'chai';
import { InMemoryClinics } from '../../../src/adapters/memory/in-memory-clinics.js';
import { SeedClinic } from '../../../src/application/seed-clinic.js';
import type { ClinicId } from '../../../src/domain/clinic.js';
import type { PhoneNumber } from '../../../src/domain/phone-number.js';
import { aClinic } from '../../support/clinic-builder.js';

const FROM_FILE = aClinic({ id: 'riverside' as ClinicId, numbers: ['+15557770001' as PhoneNumber] });

describe('seeding the clinic of CLINIC_CONFIG', () => {
  it('puts it in a store that has no clinic', async () => {
    const clinics = new InMemoryClinics();
    expect(await new SeedClinic(clinics, FROM_FILE).execute()).to.equal(true);
    expect(await clinics.list()).to.deep.equal([FROM_FILE]);
  });

  it('leaves a store that has clinics as it is, even when the file names one of them', async () => {
    const clinics = new InMemoryClinics();
    const stored = aClinic({ id: 'riverside' as ClinicId, name: 'Riverside, as changed through the API' });
    await clinics.put(stored);
    expect(await new SeedClinic(clinics, FROM_FILE).execute()).to.equal(false);
    expect(await clinics.list()).to.deep.equal([stored]);
  });
});
