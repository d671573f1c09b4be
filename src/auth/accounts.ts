import { escapeIdentifier, type ClientBase, type Pool } from 'pg';

/** A login account, from `public.users` or from a client schema's own `users` table. */
export interface Account {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  isActive: boolean;
  createdAt: Date;
}

const columns = `id, email, first_name as "firstName", last_name as "lastName", is_active as "isActive", created_at as "createdAt"`;

/** DRF's rendering of an account: snake_case, never the password. */
export function serializeAccount(account: Account) {
  return {
    id: account.id,
    email: account.email,
    first_name: account.firstName,
    last_name: account.lastName,
    is_active: account.isActive,
    date_joined: account.createdAt,
  };
}

export class Accounts {
  constructor(private readonly pool: Pool) {}

  async byEmailWithPassword(schema: string, email: string): Promise<(Account & { password: string }) | undefined> {
    const { rows } = await this.pool.query<Account & { password: string }>(
      `select ${columns}, password from ${escapeIdentifier(schema)}.users where lower(email) = lower($1)`,
      [email],
    );
    return rows[0];
  }

  async byId(schema: string, id: number): Promise<Account | undefined> {
    const { rows } = await this.pool.query<Account>(`select ${columns} from ${escapeIdentifier(schema)}.users where id = $1`, [id]);
    return rows[0];
  }

  /** Inserts into `public.users` on the caller's transaction; a duplicate email raises 23505. */
  async createPublic(db: ClientBase, input: { email: string; passwordHash: string; firstName: string; lastName: string }): Promise<Account> {
    const { rows } = await db.query<Account>(
      `insert into public.users (email, password, first_name, last_name) values ($1, $2, $3, $4) returning ${columns}`,
      [input.email, input.passwordHash, input.firstName, input.lastName],
    );
    return rows[0];
  }
}
