import { useEffect, useState } from 'preact/hooks';
import { type ClinicApi, messageOf } from './api';
import { BarChart } from './bar-chart';
import { addDays, dayLabel, daysFrom } from './dates';
import { hrefOf } from './route';
import type { DayStats } from './types';

/** The channels a booking comes through, each with its colour in the stacked bars. */
const CHANNELS: [string, string][] = [
  ['sms', '#1f5fbf'],
  ['whatsapp', '#1b7a3d'],
  ['voice', '#8a4b00'],
  ['chat', '#6b3fa0'],
  ['api', '#4a4a4a'],
  ['console', '#b3261e'],
];

const WEEKS = 4;

/** For managers: the last four weeks up to a day, bookings by channel, cancellations and hand-offs to staff. */
export function ChartsPage({ api, until }: { api: ClinicApi; until: string }) {
  const from = addDays(until, -(WEEKS * 7 - 1));
  const [stats, setStats] = useState<DayStats[]>();
  const [error, setError] = useState('');
  useEffect(() => {
    setStats(undefined);
    setError('');
    api.get<{ days: DayStats[] }>('/stats', { from, to: until }).then(
      ({ days }) => setStats(days),
      (failure) => setError(messageOf(failure)),
    );
  }, [api, from, until]);

  const days = daysFrom(from, WEEKS * 7);
  const of = (day: string) => stats?.find((stat) => stat.date === day);
  return (
    <div class="charts">
      <h1>The four weeks to {dayLabel(until)}</h1>
      <nav aria-label="Periods" class="steps">
        <a href={hrefOf({ view: 'charts', date: addDays(until, -WEEKS * 7) })}>Previous four weeks</a>
        <a href={hrefOf({ view: 'charts', date: addDays(until, WEEKS * 7) })}>Next four weeks</a>
      </nav>
      <p class="error" role="alert">
        {error}
      </p>
      {!stats && !error && <p>Loading…</p>}
      {stats && (
        <>
          <BarChart
            id="bookings"
            title="Bookings per day by channel"
            days={days}
            series={CHANNELS.map(([name, color]) => ({
              name,
              color,
              values: days.map((day) => of(day)?.bookings[name] ?? 0),
            }))}
          />
          <BarChart
            id="cancellations"
            title="Cancellations per day"
            days={days}
            series={[
              { name: 'cancellations', color: '#b3261e', values: days.map((day) => of(day)?.cancellations ?? 0) },
            ]}
          />
          <BarChart
            id="handoffs"
            title="Hand-offs to staff per day"
            days={days}
            series={[{ name: 'hand-offs', color: '#1f5fbf', values: days.map((day) => of(day)?.handoffs ?? 0) }]}
          />
        </>
      )}
    </div>
  );
}
