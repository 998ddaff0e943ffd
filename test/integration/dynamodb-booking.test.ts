import { expect } from 'chai';
import type { DynamoDbBookingStore } from '../../src/adapters/dynamodb/dynamodb-booking-store.js';
import { PublishSlots } from '../../src/application/publish-slots.js';
import type { Appointment } from '../../src/domain/appointment.js';
import { confirmHold } from '../../src/domain/confirmation.js';
import type { Result } from '../../src/domain/result.js';
import type { SlotId } from '../../src/domain/slot.js';
import type { BookingStore, StoreWrite } from '../../src/ports/booking-store.js';
import { bookingUseCases } from '../support/booking-use-cases.js';
import { aClinic } from '../support/clinic-builder.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { aDynamoDbStore } from '../support/dynamodb-stores.js';
import { FixedClock } from '../support/fixed-clock.js';
import { InterceptedStore } from '../support/intercepted-store.js';
import { ALICE, BOB } from '../support/patients.js';
import { MONDAY_8AM } from '../support/times.js';

const dynamoDbLocal = useSharedDynamoDbLocal();

const NINE = '2026-03-02T0900' as SlotId;
const TEN = '2026-03-02T1000' as SlotId;
const clinic = aClinic({ horizonDays: 1 });

function successOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);

describe('booking through the use cases on DynamoDB Local', () => {
  let store: DynamoDbBookingStore;
  let clock: FixedClock;
  const useCases = (on: BookingStore = store) => {
    const { holdSlot, confirmAppointment, cancelAppointment, rescheduleAppointment } = bookingUseCases(
      on,
      clock,
      clinic,
    );
    return {
      hold: holdSlot,
      confirm: confirmAppointment,
      cancel: cancelAppointment,
      reschedule: rescheduleAppointment,
    };
  };
  const book = async (slotId: SlotId, patient = ALICE): Promise<Appointment> => {
    successOf(await useCases().hold.execute(slotId, patient));
    return successOf(await useCases().confirm.execute(slotId, patient, 'api'));
  };

  beforeEach(async () => {
    store = await aDynamoDbStore(await dynamoDbLocal());
    clock = new FixedClock(MONDAY_8AM);
    await new PublishSlots(store, clock, clinic).execute();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('a reschedule whose new slot is taken between its reads and its commit', () => {
    it('answers SLOT_UNAVAILABLE and leaves the appointment and both slots exactly as they were', async () => {
      const booked = await book(NINE);
      const [appointmentBefore, nineBefore] = [await store.appointment(booked.appointmentId), await store.slot(NINE)];
      let bobsHold: unknown;
      const racing = new InterceptedStore(store, async (n) => {
        if (n === 0) bobsHold = successOf(await useCases().hold.execute(TEN, BOB));
      });

      const moved = await useCases(racing).reschedule.execute(booked.appointmentId, ALICE, TEN);

      expect(codeOf(moved)).to.equal('SLOT_UNAVAILABLE');
      expect(racing.outcomes).to.deep.equal([{ committed: false, reason: 'VERSION_CONFLICT' }]);
      expect(await store.appointment(booked.appointmentId)).to.deep.equal(appointmentBefore);
      expect(await store.slot(NINE)).to.deep.equal(nineBefore);
      expect(await store.slot(TEN)).to.deep.equal(bobsHold);
    });
  });

  describe('a confirmation retried after its response was lost', () => {
    it('applies a commit sent twice with the same request token once, and answers both as done', async () => {
      successOf(await useCases().hold.execute(NINE, ALICE));
      const held = (await store.slot(NINE))!;
      const { slot, appointment } = successOf(confirmHold(held, ALICE, clock.now(), 'apt_retried', 'api'));
      const writes: StoreWrite[] = [
        { kind: 'slot', record: slot },
        { kind: 'appointment', record: appointment },
      ];
      const requestToken = `confirm:${NINE}:${ALICE}`;

      expect(await store.commit(writes, { requestToken })).to.deep.equal({ committed: true });
      expect(await store.commit(writes, { requestToken })).to.deep.equal({ committed: true });

      expect((await store.slot(NINE))!.version).to.equal(held.version + 1);
      expect((await store.appointment('apt_retried'))!.version).to.equal(1);
      expect(await store.commit(writes)).to.deep.equal({ committed: false, reason: 'VERSION_CONFLICT' });
    });

    it('books once when the patient confirms the same hold twice', async () => {
      successOf(await useCases().hold.execute(NINE, ALICE));
      const first = successOf(await useCases().confirm.execute(NINE, ALICE, 'api'));
      const again = successOf(await useCases().confirm.execute(NINE, ALICE, 'api'));
      expect(again).to.deep.equal(first);
      expect(await store.appointmentsOf(ALICE)).to.deep.equal([first]);
    });

    it('books once when both confirmations arrive at the same moment', async () => {
      successOf(await useCases().hold.execute(NINE, ALICE));
      const [one, other] = await Promise.all([
        useCases().confirm.execute(NINE, ALICE, 'api'),
        useCases().confirm.execute(NINE, ALICE, 'api'),
      ]);
      expect(successOf(one)).to.deep.equal(successOf(other));
      expect(await store.appointmentsOf(ALICE)).to.have.length(1);
    });

    it('still books a slot the patient cancelled and holds again minutes later', async () => {
      const first = await book(NINE);
      successOf(await useCases().cancel.execute(first.appointmentId, ALICE));
      clock.advanceMinutes(2);
      const second = await book(NINE);
      expect(second.appointmentId).to.not.equal(first.appointmentId);
      expect((await store.appointmentsOf(ALICE)).map((a) => a.status)).to.have.members(['CANCELLED', 'BOOKED']);
      expect(await store.slot(NINE)).to.include({ status: 'BOOKED', appointmentId: second.appointmentId });
    });
  });

  describe('two patients holding one slot at the same moment', () => {
    it('gives the slot to one and answers the other SLOT_UNAVAILABLE', async () => {
      let arrived = 0;
      let bothRead!: () => void;
      const bothReady = new Promise<void>((resolve) => (bothRead = resolve));
      // Neither commit goes out before both holds have read the slot as free.
      const racing = new InterceptedStore(store, async (n) => {
        if (n > 1) return;
        if (++arrived === 2) bothRead();
        await bothReady;
      });

      const results = await Promise.all([
        useCases(racing).hold.execute(NINE, ALICE),
        useCases(racing).hold.execute(NINE, BOB),
      ]);

      expect(results.map(codeOf).sort()).to.deep.equal(['SLOT_UNAVAILABLE', 'ok']);
      expect(racing.outcomes).to.deep.include({ committed: false, reason: 'VERSION_CONFLICT' });
      const winner = results[0]!.ok ? ALICE : BOB;
      expect(await store.slot(NINE)).to.include({ status: 'HELD', patient: winner });
    });
  });
});
