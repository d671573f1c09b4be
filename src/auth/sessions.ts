import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

export interface Session {
  id: string;
  userId: number;
  /** null: the read-only `public` schema. */
  clientId: number | null;
  csrfToken: string;
  expiresAt: Date;
}

export const SESSION_COOKIE = 'sg_session';

const columns = `id, user_id as "userId", client_id as "clientId", csrf_token as "csrfToken", expires_at as "expiresAt"`;

/** Admin-panel sessions, server-side in `gateway.sessions` so any API node can serve them. */
export class Sessions {
  constructor(
    private readonly pool: Pool,
    readonly lifetime: number,
  ) {}

  async create(userId: number, clientId: number | null): Promise<Session> {
    const { rows } = await this.pool.query<Session>(
      `insert into gateway.sessions (id, user_id, client_id, csrf_token, expires_at)
       values ($1, $2, $3, $4, now() + make_interval(secs => $5)) returning ${columns}`,
      [randomBytes(32).toString('base64url'), userId, clientId, randomBytes(24).toString('base64url'), this.lifetime],
    );
    return rows[0];
  }

  async get(id: string): Promise<Session | undefined> {
    const { rows } = await this.pool.query<Session>(`select ${columns} from gateway.sessions where id = $1 and expires_at > now()`, [id]);
    return rows[0];
  }

  async switchClient(id: string, clientId: number | null): Promise<Session> {
    const { rows } = await this.pool.query<Session>(`update gateway.sessions set client_id = $2 where id = $1 returning ${columns}`, [id, clientId]);
    return rows[0];
  }

  async destroy(id: string): Promise<void> {
    await this.pool.query('delete from gateway.sessions where id = $1 or expires_at < now()', [id]);
  }
}
