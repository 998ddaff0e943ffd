import { useState } from 'preact/hooks';
import { ApiError, call, messageOf, SESSION_PATH } from './api';
import type { Session } from './types';

/** Why signing in failed, in words for the person at the desk. */
function refusal(error: unknown): string {
  if (error instanceof ApiError && error.status === 429)
    return `Signing in is locked for now after too many failed attempts. ${error.message}`;
  return messageOf(error);
}

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await call<Session>('POST', SESSION_PATH, { email, password }));
    } catch (failure) {
      setError(refusal(failure));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="sign-in" id="main">
      <h1>Clinic console</h1>
      <form onSubmit={submit} class="card" aria-describedby="sign-in-error">
        <h2>Sign in</h2>
        <label for="email">Email</label>
        <input
          id="email"
          type="email"
          autocomplete="username"
          required
          value={email}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
        <label for="password">Password</label>
        <input
          id="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
        <p id="sign-in-error" class="error" role="alert" aria-live="assertive">
          {error}
        </p>
        <button type="submit" class="sign-in-submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
