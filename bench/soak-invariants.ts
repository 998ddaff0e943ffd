import { DatabaseSync } from 'node:sqlite';
import type { ExpectedAppointment } from './soak-client-record.js';

export interface Verdict {
  name: string;
  passed: boolean;
  /** What was counted, and the first offenders when it failed. */
  detail: string;
}

export interface RunFacts {
  /** The appointments REST clients were answered 201 for, and what they did to them since. */
  confirmed: ReadonlyMap<string, ExpectedAppointment>;
  /** Epoch ms when the load stopped: every text due by then should have gone out. */
  loadEndedAt: number;
  /** Epoch ms when the server stopped: holds and visits are judged live or upcoming as of then. */
  stoppedAt: number;
}

type Row = Record<string, string | number | null>;

const verdict = (name: string, offenders: string[], counted: string): Verdict => ({
  name,
  passed: offenders.length === 0,
  detail:
    offenders.length === 0
      ? counted
      : `${offenders.length} wrong (${counted}): ${offenders.slice(0, 5).join('; ')}${offenders.length > 5 ? '; …' : ''}`,
});

/**
 * Holds a soak's SQLite file, opened read-only once the server has stopped, to what must be true
 * whatever faults, conflicts and kills the run went through.
 */
export function checkInvariants(path: string, facts: RunFacts): Verdict[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const all = (sql: string, params: Record<string, number> = {}) => {
      const statement = db.prepare(sql);
      // One set of parameters serves every query, whether it names them or not.
      statement.setAllowUnknownNamedParameters(true);
      return statement.all(params) as Row[];
    };
    const count = (sql: string) => Number(all(sql)[0]!.n);
    return [
      noSlotBookedTwice(all, count),
      confirmedAppointmentsKept(db, facts.confirmed),
      everyChangeHasItsText(all),
      dueTextsSent(all, facts),
      nothingHalfWritten(all, facts.stoppedAt),
      fileIntact(all),
    ];
  } finally {
    db.close();
  }
}

type All = (sql: string, params?: Record<string, number>) => Row[];

/** Two live appointments on one slot, or on one provider's time (one schedule when there is no provider). */
function noSlotBookedTwice(all: All, count: (sql: string) => number): Verdict {
  const doubles = all(`
    SELECT a.appointment_id AS a, b.appointment_id AS b, a.slot_id AS slot FROM appointments a
    JOIN appointments b ON a.clinic_id = b.clinic_id AND a.appointment_id < b.appointment_id AND b.status = 'BOOKED'
      AND (a.slot_id = b.slot_id OR (a.provider_id IS b.provider_id AND a.start_ms < b.end_ms AND b.start_ms < a.end_ms))
    WHERE a.status = 'BOOKED'`);
  const live = count(`SELECT count(*) AS n FROM appointments WHERE status = 'BOOKED'`);
  const total = count('SELECT count(*) AS n FROM appointments');
  return verdict(
    'no slot booked twice',
    doubles.map((d) => `${d.a} and ${d.b} both on ${d.slot}'s time`),
    `${total} appointments, ${live} live, no two live on one provider's time`,
  );
}

/** Every 201 a REST client saw is stored, for that patient, as the client's own later requests left it. */
function confirmedAppointmentsKept(db: DatabaseSync, confirmed: ReadonlyMap<string, ExpectedAppointment>): Verdict {
  const read = db.prepare('SELECT phone_number, slot_id, status FROM appointments WHERE appointment_id = ?');
  const wrong: string[] = [];
  for (const [appointmentId, expected] of confirmed) {
    const row = read.get(appointmentId) as Row | undefined;
    if (!row) wrong.push(`${appointmentId} is missing`);
    else if (row.phone_number !== expected.patient) wrong.push(`${appointmentId} belongs to another patient`);
    else if (!expected.statuses.has(row.status as 'BOOKED' | 'CANCELLED'))
      wrong.push(`${appointmentId} is ${row.status}, expected ${[...expected.statuses].join(' or ')}`);
    else if (!expected.slotIds.has(String(row.slot_id)))
      wrong.push(`${appointmentId} is on ${row.slot_id}, expected ${[...expected.slotIds].join(' or ')}`);
  }
  return verdict(
    'every confirm answered 201 has its appointment',
    wrong,
    `${confirmed.size} confirmed to clients, each as their own cancels and moves left it`,
  );
}

/**
 * Each change to an appointment (version 1 its booking, each later one a move or the cancellation)
 * wrote the text telling the patient in its own commit: the outbox holds one per version, the first a
 * confirmation, and a cancellation only as the last.
 */
function everyChangeHasItsText(all: All): Verdict {
  const texts = new Map<unknown, string[]>();
  for (const text of all(
    `SELECT appointment_id, kind, appointment_version FROM notifications WHERE kind <> 'REMINDER' ORDER BY appointment_version`,
  )) {
    texts.set(text.appointment_id, [
      ...(texts.get(text.appointment_id) ?? []),
      `${text.kind}:${text.appointment_version}`,
    ]);
  }
  const appointments = all('SELECT appointment_id, version, status FROM appointments');
  const wrong = appointments.flatMap((row) => {
    const version = Number(row.version);
    const expected = Array.from({ length: version }, (_, i) => {
      // A cancellation is always the last change, and never the first.
      const kind = i === version - 1 && row.status === 'CANCELLED' ? 'CANCELLED' : i === 0 ? 'BOOKED' : 'MOVED';
      return `${kind}:${i + 1}`;
    }).join(' ');
    const found = (texts.get(row.appointment_id) ?? []).join(' ');
    return found === expected
      ? []
      : [`${row.appointment_id} (version ${version}) has [${found}], expected [${expected}]`];
  });
  const written = [...texts.values()].reduce((n, of) => n + of.length, 0);
  return verdict(
    'every appointment has its confirmation, and every change its text, in the outbox',
    wrong,
    `${appointments.length} appointments, ${written} texts of their changes`,
  );
}

/**
 * What was due by the end of the load went out (or was rightly skipped). A text may still wait under
 * a lease that runs past the stop: a dispatcher claimed it and died, or its store failed, before it
 * could record the outcome; it is sent again when the lease runs out.
 */
function dueTextsSent(all: All, { loadEndedAt, stoppedAt }: RunFacts): Verdict {
  const due = all('SELECT notification_id, status, lease_until_ms FROM notifications WHERE due_ms <= :end', {
    end: loadEndedAt,
  });
  const by = (status: string) => due.filter((row) => row.status === status);
  const leased = by('PENDING').filter((row) => Number(row.lease_until_ms ?? 0) > stoppedAt);
  const wrong = due
    .filter((row) => !['SENT', 'SKIPPED'].includes(String(row.status)) && !leased.includes(row))
    .map((row) => `${row.notification_id} ${row.status}${row.lease_until_ms ? ', lease run out' : ', never claimed'}`);
  return verdict(
    'the outbox was sent',
    wrong,
    `${due.length} texts due: ${by('SENT').length} sent, ${by('SKIPPED').length} skipped, ${leased.length} under a lease running past the stop (claimed, then a fault or the kill)`,
  );
}

/**
 * A slot and its appointment agree (each booked one points at the other, on the same time, for the
 * same patient); a slot's hold fields go with its status; every text is of a stored appointment of
 * that patient; and every slot a patient holds or has booked ahead is on the record their limits count.
 */
function nothingHalfWritten(all: All, now: number): Verdict {
  const offenders = (what: string, sql: string) => all(sql, { now }).map((row) => `${what} ${Object.values(row)[0]}`);
  const wrong = [
    ...offenders(
      'booked slot without its appointment:',
      `SELECT slot_id FROM slots s WHERE status = 'BOOKED' AND NOT EXISTS (
         SELECT 1 FROM appointments a WHERE a.appointment_id = s.appointment_id AND a.status = 'BOOKED'
           AND a.slot_id = s.slot_id AND a.phone_number = s.patient)`,
    ),
    ...offenders(
      'live appointment without its slot:',
      `SELECT appointment_id FROM appointments a WHERE status = 'BOOKED' AND NOT EXISTS (
         SELECT 1 FROM slots s WHERE s.slot_id = a.slot_id AND s.status = 'BOOKED' AND s.appointment_id = a.appointment_id
           AND s.start_ms = a.start_ms AND s.end_ms = a.end_ms AND s.provider_id IS a.provider_id)`,
    ),
    ...offenders(
      'slot whose hold fields disagree with its status:',
      `SELECT slot_id FROM slots WHERE NOT (
         (status = 'AVAILABLE' AND patient IS NULL AND hold_expires_ms IS NULL AND appointment_id IS NULL)
         OR (status = 'HELD' AND patient IS NOT NULL AND hold_expires_ms IS NOT NULL AND appointment_id IS NULL)
         OR (status = 'BOOKED' AND patient IS NOT NULL AND appointment_id IS NOT NULL))`,
    ),
    ...offenders(
      'text without its appointment:',
      `SELECT notification_id FROM notifications n WHERE NOT EXISTS (
         SELECT 1 FROM appointments a WHERE a.appointment_id = n.appointment_id AND a.phone_number = n.patient)`,
    ),
    ...offenders(
      "slot taken but not on its patient's record:",
      `SELECT slot_id FROM slots s
       WHERE ((status = 'HELD' AND hold_expires_ms > :now) OR (status = 'BOOKED' AND start_ms > :now))
         AND NOT EXISTS (SELECT 1 FROM patient_slots p, json_each(p.slot_ids) j WHERE p.patient = s.patient AND j.value = s.slot_id)`,
    ),
  ];
  const [{ slots, held, booked }] = all(
    `SELECT count(*) AS slots, sum(status = 'HELD') AS held, sum(status = 'BOOKED') AS booked FROM slots`,
  ) as [Row];
  return verdict(
    'nothing half-written',
    wrong,
    `${slots} slots (${held} held, ${booked} booked), each agreeing with its appointment, hold and patient record`,
  );
}

/** SQLite's own check of the file the killed server was writing. */
function fileIntact(all: All): Verdict {
  const result = all('PRAGMA integrity_check').map((row) => String(Object.values(row)[0]));
  return verdict('the SQLite file is intact', result[0] === 'ok' ? [] : result, 'PRAGMA integrity_check: ok');
}
