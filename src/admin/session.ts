import { useSyncExternalStore } from 'react';
import { api, setCsrfToken } from './api';
import type { ApiClient, Metadata, Session } from './types';

/** The admin session as last seen by the server, shared by the auth provider, the user menu and the banner. */
let current: Session | null = null;
let metadata: Metadata | null = null;
const listeners = new Set<() => void>();

function publish(session: Session | null): Session | null {
  current = session;
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
  /** The session of the cookie, from the server (401 when there is none). */
  async fetch(): Promise<Session> {
    return publish(await api<Session>('/api/auth/session/'))!;
  },
  /** `GET /api/resources/` for the session's client, fetched once per client. */
  async metadata(): Promise<Metadata> {
    metadata ??= await api<Metadata>('/api/resources/');
    return metadata;
  },
  /** Switches the session's client and reloads the app, whose resources and permissions depend on it. */
  async open(client: ApiClient | 'public'): Promise<void> {
    publish(await api<Session>('/api/auth/session/', { method: 'PATCH', body: { client: client === 'public' ? 'public' : client.id } }));
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
  clear(): void {
    metadata = null;
    publish(null);
  },
};

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}
