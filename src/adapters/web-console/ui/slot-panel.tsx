import { useEffect, useRef, useState } from 'preact/hooks';
import { type ClinicApi, messageOf } from './api';
import {
  appointmentsInTheWay,
  type BlockScope,
  type BlockTarget,
  block,
  isBookedRefusal,
  targetAround,
  unblock,
} from './blocked-time';
import type { CalendarData } from './calendar-data';
import { dayLabel, localDate, localTime, maskedPatient, maskPhone } from './dates';
import { hrefOf } from './route';
import type { Appointment, Slot } from './types';

interface SlotPanelProps {
  api: ClinicApi;
  slot: Slot;
  booking: Appointment | undefined;
  data: CalendarData;
  providerName: string;
  /** Called with what was done, once it is. */
  onDone: (message: string) => void;
  onClose: () => void;
}

const SCOPES: [BlockScope, string][] = [
  ['slot', 'this slot'],
  ['afternoon', 'the afternoon'],
  ['day', 'the whole day'],
];

const when = (slot: { start: string; end: string }) =>
  `${dayLabel(localDate(slot.start), 'short')} ${localTime(slot.start)}–${localTime(slot.end)}`;

/** What the front desk can do with one slot, for a patient on the phone or for the clinic's own time. */
export function SlotPanel({ api, slot, booking, data, providerName, onDone, onClose }: SlotPanelProps) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // A block refused because of appointments in its way: the target, and those appointments.
  const [inTheWay, setInTheWay] = useState<{
    target: BlockTarget;
    reason: string;
    appointments: (Appointment | string)[];
  }>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  async function act(action: () => Promise<string>) {
    setBusy(true);
    setError('');
    try {
      onDone(await action());
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  async function blockTime(target: BlockTarget, reason: string) {
    setBusy(true);
    setError('');
    try {
      await block(api, target, reason);
      onDone('Blocked.');
    } catch (failure) {
      if (isBookedRefusal(failure))
        setInTheWay({ target, reason, appointments: appointmentsInTheWay(failure, data.bookings) });
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  const cancelThenBlock = (target: BlockTarget, reason: string, count: number) =>
    act(async () => {
      await block(api, target, reason, true);
      return `Blocked, and cancelled ${count} appointment${count === 1 ? '' : 's'}; the patients are notified.`;
    });

  return (
    <section class="panel card" aria-labelledby="slot-heading">
      <h2 id="slot-heading" ref={heading} tabIndex={-1}>
        {when(slot)}
      </h2>
      <p>
        {providerName && <>{providerName} · </>}
        {slot.status === 'AVAILABLE' ? 'Free' : slot.status.toLowerCase()}
        {slot.status === 'BLOCKED' && slot.blockReason ? `: ${slot.blockReason}` : ''}
      </p>
      <p class="error" role="alert">
        {error}
      </p>
      {inTheWay && (
        <div class="in-the-way">
          <p>These appointments must be moved or cancelled first:</p>
          <ul>
            {inTheWay.appointments.map((appointment) =>
              typeof appointment === 'string' ? (
                <li key={appointment}>Appointment {appointment}</li>
              ) : (
                <li key={appointment.appointmentId}>
                  {when(appointment)}, {maskPhone(appointment.phoneNumber)}
                </li>
              ),
            )}
          </ul>
          {inTheWay.appointments.length > 0 && (
            <button
              type="button"
              class="danger"
              disabled={busy}
              onClick={() => cancelThenBlock(inTheWay.target, inTheWay.reason, inTheWay.appointments.length)}
            >
              Cancel them and notify the patients
            </button>
          )}
        </div>
      )}
      {slot.status === 'AVAILABLE' && <BookForm api={api} slot={slot} busy={busy} act={act} />}
      {slot.status === 'BOOKED' && booking && (
        <BookedActions api={api} booking={booking} data={data} busy={busy} act={act} />
      )}
      {slot.status === 'BLOCKED' ? (
        <div class="actions">
          {SCOPES.map(([scope, words]) => (
            <button
              key={scope}
              type="button"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  await unblock(api, targetAround(slot, scope));
                  return 'Unblocked.';
                })
              }
            >
              Unblock {words}
            </button>
          ))}
        </div>
      ) : (
        <BlockForm busy={busy} onBlock={(scope, reason) => blockTime(targetAround(slot, scope), reason)} />
      )}
      <button type="button" class="secondary" onClick={onClose}>
        Close
      </button>
    </section>
  );
}

type Act = (action: () => Promise<string>) => Promise<void>;

function BookForm({ api, slot, busy, act }: { api: ClinicApi; slot: Slot; busy: boolean; act: Act }) {
  const [phoneNumber, setPhoneNumber] = useState('');
  const book = (event: Event) => {
    event.preventDefault();
    act(async () => {
      // Held first, as on every channel: the slot is the caller's while the booking completes.
      await api.post('/slots/hold', { slotId: slot.slotId, phoneNumber });
      await api.post('/appointments/confirm', { slotId: slot.slotId, phoneNumber });
      return `Booked ${when(slot)} for ${maskPhone(phoneNumber)}.`;
    });
  };
  return (
    <form onSubmit={book} class="stack">
      <h3>Book for a caller</h3>
      <label for="book-phone">Patient's phone number</label>
      <input
        id="book-phone"
        type="tel"
        autocomplete="off"
        placeholder="+1 555 123 4567"
        required
        value={phoneNumber}
        onInput={(event) => setPhoneNumber(event.currentTarget.value)}
      />
      <button type="submit" disabled={busy}>
        Book
      </button>
    </form>
  );
}

function BookedActions({
  api,
  booking,
  data,
  busy,
  act,
}: {
  api: ClinicApi;
  booking: Appointment;
  data: CalendarData;
  busy: boolean;
  act: Act;
}) {
  const free = data.slots.filter(
    (candidate) =>
      candidate.status === 'AVAILABLE' && (!booking.providerId || candidate.providerId === booking.providerId),
  );
  const [newSlotId, setNewSlotId] = useState(free[0]?.slotId ?? '');
  const patient = { phoneNumber: booking.phoneNumber };
  const path = `/appointments/${encodeURIComponent(booking.appointmentId)}`;
  const move = (event: Event) => {
    event.preventDefault();
    act(async () => {
      await api.post(`${path}/reschedule`, { ...patient, newSlotId });
      const to = free.find((candidate) => candidate.slotId === newSlotId);
      return `Moved ${maskPhone(booking.phoneNumber)} to ${to ? when(to) : newSlotId}; the patient is notified.`;
    });
  };
  return (
    <div class="stack">
      <p>
        Booked by {maskedPatient(booking)}
        {booking.channel ? ` over ${booking.channel}` : ''}.{' '}
        <a href={hrefOf({ view: 'patient', phoneNumber: booking.phoneNumber })}>Patient page</a>
      </p>
      <form onSubmit={move} class="stack">
        <h3>Move</h3>
        <label for="move-to">New time</label>
        <select id="move-to" value={newSlotId} onChange={(event) => setNewSlotId(event.currentTarget.value)}>
          {free.map((candidate) => (
            <option key={candidate.slotId} value={candidate.slotId}>
              {when(candidate)}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy || !newSlotId}>
          Move appointment
        </button>
      </form>
      <button
        type="button"
        class="danger"
        disabled={busy}
        onClick={() =>
          act(async () => {
            await api.post(`${path}/cancel`, patient);
            return `Cancelled the appointment of ${maskPhone(booking.phoneNumber)}; the patient is notified.`;
          })
        }
      >
        Cancel appointment
      </button>
    </div>
  );
}

function BlockForm({ busy, onBlock }: { busy: boolean; onBlock: (scope: BlockScope, reason: string) => void }) {
  const [reason, setReason] = useState('');
  return (
    <div class="stack">
      <h3>Block time</h3>
      <label for="block-reason">Reason (optional)</label>
      <input
        id="block-reason"
        type="text"
        maxLength={200}
        value={reason}
        onInput={(event) => setReason(event.currentTarget.value)}
      />
      <div class="actions">
        {SCOPES.map(([scope, words]) => (
          <button key={scope} type="button" disabled={busy} onClick={() => onBlock(scope, reason)}>
            Block {words}
          </button>
        ))}
      </div>
    </div>
  );
}
