import type { AuthProvider } from 'react-admin';
import { api, setCsrfToken } from './api';
import { sessionStore } from './session';
import type { Session } from './types';

const status = (error: unknown): number | undefined => (error as { status?: number } | null)?.status;

/**
 * Being logged out is not an error (STACK.md: react-admin's checkAuth): the login form, without a
 * toast. react-admin shows none for a rejection whose `message` is false.
 */
const loggedOut = { message: false } as const;

/**
 * react-admin over the session endpoints (`/api/auth/session/`). Logging in opens
 * `public` and leads to the client picker. Only a 401 logs out: a 403 (a write to
 * the read-only `public`) is an error on the page, never the end of the session.
 * Opening the panel asks the server about the session once (`sessionStore.find`):
 * logged out, the auth check fails at once (react-admin does not retry it) and the
 * permissions are null (nothing for react-query to retry with backoff).
 */
export const authProvider: AuthProvider = {
  async login({ email, password }: { email: string; password: string }) {
    setCsrfToken(null);
    sessionStore.set(await api<Session>('/api/auth/session/', { method: 'POST', body: { email, password, client: null } }));
    return { redirectTo: '/pick-client' };
  },
  async logout() {
    // No session known (the visitor was never logged in, or the server said 401): nothing to end.
    if (!sessionStore.get()) return '/login';
    try {
      await api('/api/auth/session/', { method: 'DELETE' });
    } finally {
      sessionStore.clear();
    }
    return '/login';
  },
  async checkAuth() {
    if (!(await sessionStore.find())) throw loggedOut;
  },
  async checkError(error: unknown) {
    if (status(error) === 401) {
      sessionStore.clear();
      throw loggedOut;
    }
  },
  async getIdentity() {
    const session = await sessionStore.fetch();
    return { id: session.user.id, fullName: session.user.email };
  },
  /** What the caller may do in the session's client: the resource metadata, `can_write` included; null when logged out. */
  async getPermissions() {
    if (!(await sessionStore.find())) return null;
    return sessionStore.metadata();
  },
};
