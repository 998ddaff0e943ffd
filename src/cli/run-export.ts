import { parseArgs } from 'node:util';
import { buildContainer, closeStores, configClinicStores } from '../container.js';
import type { Appointment } from '../domain/appointment.js';
import type { Clinic } from '../domain/clinic.js';
import {
  addDays,
  CALENDAR_DATE_EXPECTED,
  formatInZone,
  fromLocal,
  isCalendarDate,
  toLocal,
} from '../domain/zoned-time.js';
import { configOrExit } from './cli-config.js';

/**
 * `npm run export -- --from 2026-03-01 --to 2026-03-31`: the clinic's appointments starting on those
 * clinic-local days, both included, booked and cancelled, as CSV (RFC 4180) on stdout.
 */
const USAGE = 'usage: npm run export -- --from YYYY-MM-DD --to YYYY-MM-DD > appointments.csv';
const COLUMNS = [
  'appointmentId',
  'date',
  'time',
  'endTime',
  'provider',
  'phoneNumber',
  'status',
  'createdAt',
  'updatedAt',
];

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const line = (values: string[]) => `${values.map(field).join(',')}\r\n`;

function record(appointment: Appointment, clinic: Clinic): string[] {
  const start = toLocal(appointment.start, clinic.timeZone);
  const provider = clinic.providers.find(({ id }) => id === appointment.providerId);
  return [
    appointment.appointmentId,
    start.date,
    start.time,
    toLocal(appointment.end, clinic.timeZone).time,
    provider?.name ?? appointment.providerId ?? '',
    appointment.patient,
    appointment.status,
    formatInZone(appointment.createdAt, clinic.timeZone),
    formatInZone(appointment.updatedAt, clinic.timeZone),
  ];
}

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
for (const name of ['from', 'to'] as const) {
  const value = values[name];
  if (value === undefined || !isCalendarDate(value))
    fail(`--${name}: expected ${CALENDAR_DATE_EXPECTED}, got ${value ?? 'nothing'}\n${USAGE}`, 64);
}
const [from, to] = [values.from!, values.to!];
if (from > to) fail(`--to: expected a day on or after --from (${from}), got ${to}\n${USAGE}`, 64);

const config = configOrExit();
const { clinic } = config;
const container = buildContainer(config);
const store = configClinicStores(container, config).bookings;
try {
  const appointments = await store.appointmentsBetween(
    fromLocal(from, '00:00', clinic.timeZone),
    fromLocal(addDays(to, 1), '00:00', clinic.timeZone),
  );
  process.stdout.write(line(COLUMNS));
  for (const appointment of appointments) process.stdout.write(line(record(appointment, clinic)));
} finally {
  await closeStores(container, config);
}
