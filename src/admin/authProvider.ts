import type { AuthProvider } from 'react-admin';
import { api, setCsrfToken } from './api';
import { sessionStore } from './session';
import type { Session } from './types';

const status = (error: unknown): number | undefined => (error as { status?: number } | null)?.status;

/**
 * react-admin over the session endpoints (`/api/auth/session/`). Logging in opens
 * `public` and leads to the client picker. Only a 401 logs out: a 403 (a write to
 * the read-only `public`) is an error on the page, never the end of the session.
 */
export const authProvider: AuthProvider = {
  async login({ email, password }: { email: string; password: string }) {
    setCsrfToken(null);
    sessionStore.set(await api<Session>('/api/auth/session/', { method: 'POST', body: { email, password, client: null } }));
    return { redirectTo: '/pick-client' };
  },
  async logout() {
    try {
      await api('/api/auth/session/', { method: 'DELETE' });
    } finally {
      sessionStore.clear();
    }
    return '/login';
  },
  async checkAuth() {
    if (!sessionStore.get()) await sessionStore.fetch();
  },
  async checkError(error: unknown) {
    if (status(error) === 401) {
      sessionStore.clear();
      throw error;
    }
  },
  async getIdentity() {
    const session = sessionStore.get() ?? (await sessionStore.fetch());
    return { id: session.user.id, fullName: session.user.email };
  },
  /** What the caller may do in the session's client: the resource metadata, `can_write` included. */
  async getPermissions() {
    if (!sessionStore.get()) await sessionStore.fetch();
    return sessionStore.metadata();
  },
};
