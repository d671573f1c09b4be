import { useSyncExternalStore } from 'react';
import { HttpError } from 'react-admin';
import { api, setCsrfToken } from './api';
import type { ApiClient, Metadata, Session } from './types';

const SESSION_PATH = '/api/auth/session/';

/** The admin session as last seen by the server, shared by the auth provider, the user menu and the banner. */
let current: Session | null = null;
/** The server answered 401: there is no session, and nobody asks again until a login. */
let absent = false;
/** The one request in flight, shared by every caller who asks meanwhile (checkAuth, getPermissions, …). */
let inFlight: Promise<Session | null> | null = null;
let metadata: Metadata | null = null;
const listeners = new Set<() => void>();

function publish(session: Session | null): Session | null {
  current = session;
  absent = false;
  setCsrfToken(session?.csrf_token ?? null);
  for (const listener of listeners) listener();
  return session;
}

export const sessionStore = {
  get: () => current,
  set: publish,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  /** The session of the cookie, or null when logged out: asked of the server once, however many callers ask. */
  async find(): Promise<Session | null> {
    if (current) return current;
    if (absent) return null;
    inFlight ??= api<Session>(SESSION_PATH)
      .then(publish, (error: unknown) => {
        if ((error as { status?: number }).status !== 401) throw error;
        absent = true;
        return null;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  },
  /** The session of the cookie; a 401 HttpError when there is none. */
  async fetch(): Promise<Session> {
    const session = await sessionStore.find();
    if (!session) throw new HttpError('Authentication credentials were not provided.', 401);
    return session;
  },
  /** `GET /api/resources/` for the session's client, fetched once per client. */
  async metadata(): Promise<Metadata> {
    metadata ??= await api<Metadata>('/api/resources/');
    return metadata;
  },
  /** Switches the session's client and reloads the app, whose resources and permissions depend on it. */
  async open(client: ApiClient | 'public'): Promise<void> {
    publish(await api<Session>(SESSION_PATH, { method: 'PATCH', body: { client: client === 'public' ? 'public' : client.id } }));
    metadata = null;
    window.location.hash = '#/';
    window.location.reload();
  },
  /** A client changed (new key, reset): refresh its copy in the session. */
  replaceClient(client: ApiClient): void {
    if (!current) return;
    publish({
      ...current,
      client: current.client?.id === client.id ? client : current.client,
      clients: current.clients.map((candidate) => (candidate.id === client.id ? client : candidate)),
    });
  },
  /** Logged out (by the user, or the server said 401): nothing to ask the server until the next login. */
  clear(): void {
    metadata = null;
    publish(null);
    absent = true;
  },
};

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}
