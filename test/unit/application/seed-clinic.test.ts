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
    expect(await new SeedClinic(clinics, FROM_FILE).execute()).to.equal('put');
    expect(await clinics.list()).to.deep.equal([FROM_FILE]);
  });

  it('leaves a store that has clinics as it is, even when the file names one of them, and says the file differs', async () => {
    const clinics = new InMemoryClinics();
    const stored = aClinic({ id: 'riverside' as ClinicId, name: 'Riverside, as changed through the API' });
    await clinics.put(stored);
    expect(await new SeedClinic(clinics, FROM_FILE).execute()).to.equal('differs');
    expect(await clinics.list()).to.deep.equal([stored]);
  });

  it('has nothing to say when the store holds the file as it is, or only other clinics', async () => {
    const same = new InMemoryClinics();
    await same.put(FROM_FILE);
    expect(await new SeedClinic(same, FROM_FILE).execute()).to.equal('kept');
    const others = new InMemoryClinics();
    await others.put(aClinic({ id: 'lakeside' as ClinicId }));
    expect(await new SeedClinic(others, FROM_FILE).execute()).to.equal('kept');
  });
});
