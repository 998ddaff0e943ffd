import { expect } from 'chai';
import { InMemoryClinics } from '../../../src/adapters/memory/in-memory-clinics.js';
import { CLINICS_READ_EVERY_MS, ClinicDirectory } from '../../../src/application/clinic-directory.js';
import type { Clinic, ClinicId } from '../../../src/domain/clinic.js';
import type { PhoneNumber } from '../../../src/domain/phone-number.js';
import { aClinic, CLINIC_NUMBER } from '../../support/clinic-builder.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { MONDAY_8AM } from '../../support/times.js';

const LAKESIDE = aClinic({ id: 'lakeside' as ClinicId, name: 'Lakeside', numbers: [CLINIC_NUMBER] });
const HILLTOP = aClinic({ id: 'hilltop' as ClinicId, name: 'Hilltop', numbers: ['+15559990077' as PhoneNumber] });
const UNKNOWN_NUMBER = '+15551110000' as PhoneNumber;

async function aDirectory(...clinics: Clinic[]) {
  const store = new InMemoryClinics();
  for (const clinic of clinics) await store.put(clinic);
  const clock = new FixedClock(MONDAY_8AM);
  const prepared: string[] = [];
  const directory = new ClinicDirectory(
    store,
    clock,
    (clinic) => ({ clinic }),
    async ({ clinic }) => {
      prepared.push(clinic.name);
    },
  );
  return { store, clock, prepared, directory };
}

describe('the clinic directory', () => {
  it('serves each clinic by its id, prepared once however many ask at once, and knows no other id', async () => {
    const { directory, prepared } = await aDirectory(LAKESIDE, HILLTOP);
    const [first, second] = await Promise.all([directory.byId(LAKESIDE.id), directory.byId(LAKESIDE.id)]);
    expect(first?.clinic).to.deep.equal(LAKESIDE);
    expect(second).to.equal(first);
    expect(prepared).to.deep.equal(['Lakeside']);
    expect(await directory.byId('elsewhere' as ClinicId)).to.equal(undefined);
  });

  it('serves a clinic changed elsewhere once it reads the clinics again, preparing it anew', async () => {
    const { directory, store, clock, prepared } = await aDirectory(LAKESIDE);
    const before = await directory.byId(LAKESIDE.id);
    await store.put({ ...LAKESIDE, holdMinutes: 20 });
    expect(await directory.byId(LAKESIDE.id)).to.equal(before);

    clock.advance(CLINICS_READ_EVERY_MS);
    const after = await directory.byId(LAKESIDE.id);
    expect(after?.clinic.holdMinutes).to.equal(20);
    expect(prepared).to.deep.equal(['Lakeside', 'Lakeside']);
  });

  it('serves a clinic put on this server at once, when told to read again', async () => {
    const { directory, store } = await aDirectory(LAKESIDE);
    await directory.byId(LAKESIDE.id);
    await store.put(HILLTOP);
    await directory.reread();
    expect((await directory.byId(HILLTOP.id))?.clinic.name).to.equal('Hilltop');
  });

  it('finds the clinic a number reaches, and none for a number no clinic has', async () => {
    const { directory } = await aDirectory(LAKESIDE, HILLTOP);
    expect((await directory.byNumber(CLINIC_NUMBER))?.clinic.id).to.equal(LAKESIDE.id);
    expect((await directory.byNumber(HILLTOP.numbers[0]!))?.clinic.id).to.equal(HILLTOP.id);
    expect(await directory.byNumber(UNKNOWN_NUMBER)).to.equal(undefined);
  });

  it('reaches the one clinic of a deployment on any number while it lists none, as before clinics had numbers', async () => {
    const upgraded = aClinic({ id: 'default' as ClinicId, numbers: [] });
    expect((await (await aDirectory(upgraded)).directory.byNumber(UNKNOWN_NUMBER))?.clinic.id).to.equal('default');
    expect(await (await aDirectory(LAKESIDE)).directory.byNumber(UNKNOWN_NUMBER)).to.equal(undefined);
    expect(await (await aDirectory(upgraded, HILLTOP)).directory.byNumber(UNKNOWN_NUMBER)).to.equal(undefined);
  });

  it('names the one clinic of a deployment, or how many it has when not one', async () => {
    const one = await (await aDirectory(LAKESIDE)).directory.only();
    expect('clinic' in one && one.clinic.id).to.equal(LAKESIDE.id);
    expect(await (await aDirectory(LAKESIDE, HILLTOP)).directory.only()).to.deep.equal({ count: 2 });
    expect(await (await aDirectory()).directory.only()).to.deep.equal({ count: 0 });
  });

  it('prepares a clinic again when preparing it failed, at the next request', async () => {
    const store = new InMemoryClinics();
    await store.put(LAKESIDE);
    let attempts = 0;
    const directory = new ClinicDirectory(
      store,
      new FixedClock(MONDAY_8AM),
      (clinic) => ({ clinic }),
      async () => {
        attempts++;
        if (attempts === 1) throw new Error('store down');
      },
    );
    let failure: unknown;
    await directory.byId(LAKESIDE.id).catch((error: unknown) => {
      failure = error;
    });
    expect(failure).to.be.an.instanceOf(Error);
    expect((await directory.byId(LAKESIDE.id))?.clinic.id).to.equal(LAKESIDE.id);
    expect(attempts).to.equal(2);
  });

  it('reads the clinics once for the requests that find them due together', async () => {
    const { directory, store } = await aDirectory(LAKESIDE, HILLTOP);
    let reads = 0;
    const list = store.list.bind(store);
    store.list = () => {
      reads++;
      return list();
    };
    await Promise.all([directory.byId(LAKESIDE.id), directory.byId(HILLTOP.id), directory.only()]);
    expect(reads).to.equal(1);
  });
});
