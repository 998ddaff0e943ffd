import { useCallback, useEffect, useState } from 'preact/hooks';
import { type ClinicApi, messageOf } from './api';
import { dayLabel, localDate, localTime } from './dates';
import { hrefOf } from './route';
import type { Callback } from './types';

/** Patients waiting for staff to call them back, the longest waiting first. */
export function CallbacksPage({ api }: { api: ClinicApi }) {
  const [callbacks, setCallbacks] = useState<Callback[]>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const load = useCallback(
    () =>
      api.get<{ callbacks: Callback[] }>('/staff-callbacks').then(
        (answer) => setCallbacks(answer.callbacks),
        (failure) => setError(messageOf(failure)),
      ),
    [api],
  );
  useEffect(() => {
    load();
  }, [load]);

  async function resolve(phoneNumber: string) {
    setError('');
    try {
      await api.post('/staff-callbacks/resolve', { phoneNumber });
      setNotice(`Marked ${phoneNumber} called back.`);
      await load();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <div class="callbacks">
      <h1>Callback queue</h1>
      <p class="error" role="alert">
        {error}
      </p>
      <p class="notice" role="status">
        {notice}
      </p>
      {!callbacks && !error && <p>Loading…</p>}
      {callbacks?.length === 0 && <p>No one is waiting for a call back.</p>}
      {callbacks && callbacks.length > 0 && (
        <section class="table-wrap" aria-label="Callback requests">
          <table>
            <caption class="visually-hidden">Patients waiting for a call back</caption>
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Reason</th>
                <th scope="col">Channel</th>
                <th scope="col">Asked</th>
                <th scope="col">Last asked</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {callbacks.map((callback) => (
                <tr key={callback.phoneNumber}>
                  <th scope="row">
                    <a href={hrefOf({ view: 'patient', phoneNumber: callback.phoneNumber })}>{callback.phoneNumber}</a>
                  </th>
                  <td>{callback.reason}</td>
                  <td>{callback.channel}</td>
                  <td>{callback.timesAsked}×</td>
                  <td>
                    {dayLabel(localDate(callback.lastRequestedAt), 'short')} {localTime(callback.lastRequestedAt)}
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() => resolve(callback.phoneNumber)}
                      aria-label={`Resolve ${callback.phoneNumber}`}
                    >
                      Resolve
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
