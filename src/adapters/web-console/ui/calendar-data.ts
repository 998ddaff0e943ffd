import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ClinicApi, messageOf } from './api';
import { localDate, spanOf } from './dates';
import type { Appointment, Slot } from './types';

export interface CalendarData {
  slots: Slot[];
  /** The booked appointments of the span, by slot. */
  bookings: Map<string, Appointment>;
}

/** The slots and appointments of some clinic-local days, for one provider or all; `reload` reads them again. */
export function useCalendarData(api: ClinicApi, days: string[], providerId: string | undefined) {
  const [data, setData] = useState<CalendarData>();
  const [error, setError] = useState('');
  const reads = useRef(0);
  const key = `${days.join(',')}|${providerId ?? ''}`;
  const reload = useCallback(async () => {
    const read = ++reads.current;
    const query = { ...spanOf(days), providerId };
    try {
      const [{ slots }, { appointments }] = await Promise.all([
        api.get<{ slots: Slot[] }>('/slots', query),
        api.get<{ appointments: Appointment[] }>('/appointments', query),
      ]);
      // A later read answered first: this one is out of date.
      if (read !== reads.current) return;
      const shown = new Set(days);
      const booked = appointments.filter((appointment) => appointment.status === 'BOOKED');
      setData({
        slots: slots.filter((slot) => shown.has(localDate(slot.start))),
        bookings: new Map(booked.map((appointment) => [appointment.slotId, appointment])),
      });
      setError('');
    } catch (failure) {
      if (read === reads.current) setError(messageOf(failure));
    }
  }, [api, key]);
  useEffect(() => {
    setData(undefined);
    reload();
  }, [reload]);
  return { data, error, reload };
}
