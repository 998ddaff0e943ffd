import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, type ClinicApi, call, clinicApi, SESSION_PATH } from './api';
import { Calendar } from './calendar';
import { CallbacksPage } from './callbacks-page';
import { ChartsPage } from './charts-page';
import { today } from './dates';
import { PatientPage } from './patient-page';
import { hrefOf, parseRoute, type Route } from './route';
import { SignIn } from './sign-in';
import type { Session } from './types';

type SessionState = { state: 'reading' } | { state: 'signed-out' } | { state: 'signed-in'; session: Session };

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}

export function App() {
  const [session, setSession] = useState<SessionState>({ state: 'reading' });
  const signedOut = useCallback(() => setSession({ state: 'signed-out' }), []);
  useEffect(() => {
    call<Session>('GET', SESSION_PATH).then(
      (read) => setSession({ state: 'signed-in', session: read }),
      (error) => {
        if (!(error instanceof ApiError && error.status === 401)) console.error(error);
        signedOut();
      },
    );
  }, [signedOut]);

  if (session.state === 'reading')
    return (
      <main id="main">
        <p role="status">Loading…</p>
      </main>
    );
  if (session.state === 'signed-out')
    return <SignIn onSignedIn={(signedIn) => setSession({ state: 'signed-in', session: signedIn })} />;
  return <Console session={session.session} onSignedOut={signedOut} />;
}

function Console({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const route = useRoute();
  const api = useMemo(() => clinicApi(session, onSignedOut), [session, onSignedOut]);
  const { staff } = session;
  const date = 'date' in route ? route.date : today();
  const manager = staff.role === 'manager';
  const links: [Route, string][] = [
    [{ view: 'day', date }, 'Day'],
    [{ view: 'week', date }, 'Week'],
    [{ view: 'patient' }, 'Patients'],
    [{ view: 'callbacks' }, 'Callbacks'],
    ...(manager ? [[{ view: 'charts', date }, 'Charts'] as [Route, string]] : []),
  ];

  async function signOut() {
    try {
      await call('DELETE', SESSION_PATH, undefined, session.csrfToken);
    } finally {
      location.hash = '';
      onSignedOut();
    }
  }

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <p class="brand">Clinic console</p>
        <nav aria-label="Views">
          <ul>
            {links.map(([target, label]) => (
              <li key={label}>
                <a href={hrefOf(target)} aria-current={target.view === route.view ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class="who">
          {staff.name} <span class="role">({staff.role})</span>
        </p>
        <button type="button" class="secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} api={api} manager={manager} />
      </main>
    </>
  );
}

function Page({ route, api, manager }: { route: Route; api: ClinicApi; manager: boolean }) {
  switch (route.view) {
    case 'day':
    case 'week':
      return <Calendar api={api} route={route} />;
    case 'patient':
      return <PatientPage api={api} phoneNumber={route.phoneNumber} />;
    case 'callbacks':
      return <CallbacksPage api={api} />;
    case 'charts':
      return manager ? <ChartsPage api={api} until={route.date} /> : <p>Charts are for the clinic's managers.</p>;
  }
}
