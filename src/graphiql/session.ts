/** What `GET /api/auth/session/` answers (src/auth/auth.routes.ts), as far as GraphiQL uses it. */
export interface SessionClient {
  id: number;
  name: string;
  api_key: string;
  status: 'provisioning' | 'ready' | 'failed';
}

export interface Session {
  user: { email: string };
  /** The client picked at login; requests without an Api-Key header go there. null: `public`. */
  client: SessionClient | null;
  clients: SessionClient[];
  csrf_token: string;
}

async function answer(response: Response, what: string): Promise<Session> {
  if (!response.ok) {
    const body = await response.text();
    throw new Error(`${what} answered ${response.status}: ${body}`);
  }
  return (await response.json()) as Session;
}

/** The admin session behind the http-only cookie, or null when nobody is logged in. */
export async function loadSession(): Promise<Session | null> {
  const response = await fetch('/api/auth/session/', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) return null;
  return answer(response, 'GET /api/auth/session/');
}

/**
 * Points the session at `public`. A session that picked a client sends every request without an
 * Api-Key there (DESIGN §5), so "Public" in GraphiQL has to switch the session itself; the admin
 * panel shares the cookie and follows.
 */
export async function switchSessionToPublic(session: Session): Promise<Session> {
  const response = await fetch('/api/auth/session/', {
    method: 'PATCH',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrftoken': session.csrf_token },
    body: JSON.stringify({ client: 'public' }),
  });
  return answer(response, 'PATCH /api/auth/session/');
}
