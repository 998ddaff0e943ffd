import type { Session } from './types';

/** An answer other than 2xx, with the API's `{error:{code,message}}` and the whole body (some errors list details). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export const SESSION_PATH = '/api/v1/console/session';

/**
 * Every request the console sends. Changes carry the session's CSRF token: the session cookie alone
 * is sent by the browser to any request, so the token shows the request came from this page.
 */
export async function call<T>(method: string, url: string, body?: unknown, csrfToken?: string): Promise<T> {
  const changes = method !== 'GET';
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      ...(changes ? { 'Content-Type': 'application/json' } : {}),
      ...(changes && csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = text ? parseJson(text) : undefined;
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `the server answered ${response.status} ${response.statusText}`,
      json,
    );
  }
  return json as T;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The signed-in staff member's clinic's routes. */
export interface ClinicApi {
  /** `/api/v1/clinics/{clinicId}` + path: the event stream is opened on it too. */
  url(path: string): string;
  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
}

export function clinicApi(session: Session, onSignedOut: () => void): ClinicApi {
  const base = `/api/v1/clinics/${encodeURIComponent(session.staff.clinicId)}`;
  const url = (path: string) => `${base}${path}`;
  // A session that ended (expired, or signed out in another tab) sends the console back to sign-in.
  const guarded = async <T>(request: Promise<T>) => {
    try {
      return await request;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) onSignedOut();
      throw error;
    }
  };
  return {
    url,
    get: (path, query = {}) => {
      const defined = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
      const search = defined.length ? `?${new URLSearchParams(defined)}` : '';
      return guarded(call('GET', url(path) + search));
    },
    post: (path, body) => guarded(call('POST', url(path), body, session.csrfToken)),
    put: (path, body) => guarded(call('PUT', url(path), body, session.csrfToken)),
  };
}

/** What to tell the user of a failure: the API's own message, or that the server could not be reached. */
export const messageOf = (error: unknown): string =>
  error instanceof ApiError ? error.message : 'The server could not be reached. Check the connection and try again.';
