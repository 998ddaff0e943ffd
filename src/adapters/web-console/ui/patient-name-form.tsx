import { useEffect, useState } from 'preact/hooks';
import { type ClinicApi, messageOf } from './api';

/** The longest name the API keeps (domain/patient-name.ts). */
const MAX_NAME_LENGTH = 80;

/**
 * What the patient is called, as staff add or correct it. The receptionist asks for it while booking;
 * it only greets the patient and shows them on the calendar, and never identifies them.
 */
export function PatientNameForm({
  api,
  phoneNumber,
  name,
  onSaved,
}: {
  api: ClinicApi;
  phoneNumber: string;
  name: string | undefined;
  onSaved: (name: string) => void;
}) {
  const [draft, setDraft] = useState(name ?? '');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  useEffect(() => setDraft(name ?? ''), [name]);

  const save = async (event: Event) => {
    event.preventDefault();
    setStatus('');
    setError('');
    try {
      const saved = await api.put<{ patientName: string }>(`/patients/${encodeURIComponent(phoneNumber)}/name`, {
        name: draft,
      });
      onSaved(saved.patientName);
      setStatus('Name saved.');
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  return (
    <form onSubmit={save} class="inline-form">
      <label for="patient-name">Name</label>
      <input
        id="patient-name"
        type="text"
        required
        maxLength={MAX_NAME_LENGTH}
        autocomplete="off"
        value={draft}
        onInput={(event) => setDraft(event.currentTarget.value)}
      />
      <button type="submit">Save name</button>
      <span role="status">{status}</span>
      <span class="error" role="alert">
        {error}
      </span>
    </form>
  );
}
