import { useEffect, useState } from 'preact/hooks';
import type { ClinicApi } from './api';
import { useCalendarData } from './calendar-data';
import { addDays, dayLabel, daysFrom, localDate, localTime, maskedPatient, mondayOf, spanOf, today } from './dates';
import { useLiveSlots } from './live-slots';
import { hrefOf, type Route } from './route';
import { SlotPanel } from './slot-panel';
import type { Appointment, Provider, Slot } from './types';

type CalendarRoute = Extract<Route, { view: 'day' | 'week' }>;

const STATUS_WORDS = { AVAILABLE: 'Free', HELD: 'Held', BOOKED: 'Booked', BLOCKED: 'Blocked' } as const;

/** Minutes left on a hold, when it is soon: the browser's clock may differ from the server's by a little. */
function holdText(slot: Slot, now: number): string {
  if (!slot.holdExpiresAt) return '';
  const left = Math.ceil((Date.parse(slot.holdExpiresAt) - now) / 60_000);
  const until = `until ${localTime(slot.holdExpiresAt)}`;
  return left > 0 && left <= 60 ? `${until}, ${left} min left` : until;
}

/** What a slot's row says beyond its time and status: who booked it, why it is blocked, how long a hold lasts. */
export function slotDetail(slot: Slot, booking: Appointment | undefined, now = Date.now()): string {
  switch (slot.status) {
    case 'BOOKED':
      return booking ? [maskedPatient(booking), booking.channel].filter(Boolean).join(', ') : '';
    case 'HELD':
      return holdText(slot, now);
    case 'BLOCKED':
      return slot.blockReason ?? '';
    default:
      return '';
  }
}

export function Calendar({ api, route }: { api: ClinicApi; route: CalendarRoute }) {
  const { view, date, providerId } = route;
  const days = view === 'day' ? [date] : daysFrom(mondayOf(date), 7);
  const { data, error, reload } = useCalendarData(api, days, providerId);
  const { from, to } = spanOf(days);
  const live = useLiveSlots(api.url(`/events?${new URLSearchParams({ from, to })}`), reload);
  const [providers, setProviders] = useState<Provider[]>([]);
  const [selected, setSelected] = useState<string>();
  const [notice, setNotice] = useState('');
  useEffect(() => {
    api.get<{ providers: Provider[] }>('/providers').then(
      ({ providers: listed }) => setProviders(listed),
      () => setProviders([]),
    );
  }, [api]);
  // A slot chosen on another day or for another provider is not on screen any more.
  useEffect(() => setSelected(undefined), [view, date, providerId]);

  const step = view === 'day' ? 1 : 7;
  const go = (target: Partial<CalendarRoute>) => hrefOf({ ...route, ...target });
  const nameOf = (id?: string) => providers.find((provider) => provider.providerId === id)?.name ?? id ?? '';
  const title = view === 'day' ? dayLabel(date) : `Week of ${dayLabel(days[0]!)}`;
  const slot = data?.slots.find((candidate) => candidate.slotId === selected);

  function changeProvider(event: Event) {
    const chosen = (event.currentTarget as HTMLSelectElement).value;
    location.hash = go({ providerId: chosen || undefined } as Partial<CalendarRoute>).slice(1);
  }

  return (
    <div class={`calendar ${view}`}>
      <div class="toolbar">
        <h1>{title}</h1>
        <nav aria-label={view === 'day' ? 'Days' : 'Weeks'} class="steps">
          <a href={go({ date: addDays(date, -step) })}>{view === 'day' ? 'Previous day' : 'Previous week'}</a>
          <a href={go({ date: today() })}>Today</a>
          <a href={go({ date: addDays(date, step) })}>{view === 'day' ? 'Next day' : 'Next week'}</a>
        </nav>
        <div class="field">
          <label for="provider">Provider</label>
          <select id="provider" value={providerId ?? ''} onChange={changeProvider}>
            <option value="">Whole clinic</option>
            {providers.map((provider) => (
              <option key={provider.providerId} value={provider.providerId}>
                {provider.name}
              </option>
            ))}
          </select>
        </div>
        <p class={`live ${live ? 'on' : 'off'}`}>{live ? 'Live' : 'Not live: reconnecting'}</p>
      </div>
      <p class="error" role="alert">
        {error}
      </p>
      <p class="notice" role="status">
        {notice}
      </p>
      <div class={`calendar-body${data && slot ? ' with-panel' : ''}`}>
        <div class="days">
          {!data && !error && <p>Loading slots…</p>}
          {data &&
            days.map((day) => {
              const slots = data.slots.filter((candidate) => localDate(candidate.start) === day);
              return (
                <section key={day} class="day" aria-labelledby={`day-${day}`}>
                  {/* The day view's title already names its one day. */}
                  <h2 id={`day-${day}`} class={view === 'day' ? 'visually-hidden' : undefined}>
                    {dayLabel(day, view === 'day' ? 'long' : 'short')}
                  </h2>
                  {slots.length === 0 ? (
                    <p class="empty">No slots</p>
                  ) : (
                    <ul>
                      {slots.map((listed) => {
                        const detail = slotDetail(listed, data.bookings.get(listed.slotId));
                        return (
                          <li key={listed.slotId}>
                            <button
                              type="button"
                              class={`slot ${listed.status.toLowerCase()}`}
                              aria-pressed={listed.slotId === selected}
                              data-slot-id={listed.slotId}
                              onClick={() => {
                                setNotice('');
                                setSelected(listed.slotId);
                              }}
                            >
                              <span class="time">
                                {localTime(listed.start)}–{localTime(listed.end)}
                              </span>
                              {!providerId && listed.providerId && (
                                <span class="provider">{nameOf(listed.providerId)}</span>
                              )}
                              <span class="status">{STATUS_WORDS[listed.status]}</span>
                              {detail && <span class="detail">{detail}</span>}
                            </button>
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </section>
              );
            })}
        </div>
        {data && slot && (
          <SlotPanel
            key={slot.slotId}
            api={api}
            slot={slot}
            booking={data.bookings.get(slot.slotId)}
            data={data}
            providerName={nameOf(slot.providerId)}
            onDone={(message) => {
              setNotice(message);
              setSelected(undefined);
              reload();
            }}
            onClose={() => setSelected(undefined)}
          />
        )}
      </div>
    </div>
  );
}
