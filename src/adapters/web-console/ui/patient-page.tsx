import { useEffect, useState } from 'preact/hooks';
import { type ClinicApi, messageOf } from './api';
import { dayLabel, localDate, localTime } from './dates';
import { PatientNameForm } from './patient-name-form';
import { hrefOf } from './route';
import type { PatientRecord } from './types';

/** One patient: what they are called, their appointments, what they and the receptionist said lately, and whether they opted out of texts. */
export function PatientPage({ api, phoneNumber }: { api: ClinicApi; phoneNumber: string | undefined }) {
  const [query, setQuery] = useState(phoneNumber ?? '');
  const [record, setRecord] = useState<PatientRecord>();
  const [error, setError] = useState('');
  useEffect(() => {
    setRecord(undefined);
    setError('');
    if (!phoneNumber) return;
    api
      .get<PatientRecord>(`/patients/${encodeURIComponent(phoneNumber)}`)
      .then(setRecord, (failure) => setError(messageOf(failure)));
  }, [api, phoneNumber]);

  const search = (event: Event) => {
    event.preventDefault();
    location.hash = hrefOf({ view: 'patient', phoneNumber: query.trim() }).slice(1);
  };

  return (
    <div class="patient">
      <h1>Patient</h1>
      <search>
        <form onSubmit={search} class="inline-form">
          <label for="patient-phone">Phone number</label>
          <input
            id="patient-phone"
            type="tel"
            required
            value={query}
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
          <button type="submit">Find</button>
        </form>
      </search>
      <p class="error" role="alert">
        {error}
      </p>
      {phoneNumber && !record && !error && <p role="status">Loading…</p>}
      {record && (
        <>
          <h2>{record.patientName ? `${record.patientName}, ${record.phoneNumber}` : record.phoneNumber}</h2>
          <PatientNameForm
            api={api}
            phoneNumber={record.phoneNumber}
            name={record.patientName}
            onSaved={(patientName) => setRecord({ ...record, patientName })}
          />
          <p class={record.optedOut ? 'warning' : ''}>
            {record.optedOut ? 'Opted out of texts: they receive no messages.' : 'Receives texts.'}
          </p>
          <section aria-labelledby="appointments-heading">
            <h3 id="appointments-heading">Appointments</h3>
            {record.appointments.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul class="plain">
                {record.appointments.map((appointment) => (
                  <li key={appointment.appointmentId}>
                    <a href={hrefOf({ view: 'day', date: localDate(appointment.start) })}>
                      {dayLabel(localDate(appointment.start), 'short')} {localTime(appointment.start)}
                    </a>{' '}
                    {appointment.status === 'CANCELLED' ? '(cancelled)' : ''}
                    {appointment.channel ? ` · booked over ${appointment.channel}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="conversation-heading">
            <h3 id="conversation-heading">Recent conversation</h3>
            {record.conversation.length === 0 ? (
              <p>None.</p>
            ) : (
              <ol class="conversation">
                {record.conversation.map((turn, index) => (
                  // Turns come in order and are never reordered: their place is their identity.
                  <li key={index} class={turn.role}>
                    <span class="who">{turn.role === 'patient' ? 'Patient' : 'Receptionist'}</span>{' '}
                    <time dateTime={turn.at}>
                      {dayLabel(localDate(turn.at), 'short')} {localTime(turn.at)}
                    </time>
                    <p>{turn.text}</p>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </div>
  );
}
