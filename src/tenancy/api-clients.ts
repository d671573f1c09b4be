import { randomBytes } from 'node:crypto';
import type { ClientBase, Pool } from 'pg';
import { inTransaction } from '../db/transaction';
import { PermissionDenied } from '../errors';
import type { ApiClient, ClientStatus } from '../auth/api-client';
import { schemaNameFor } from './schema-name';

const columns = `id, name, owner_id as "ownerId", schema_name as "schemaName", api_key as "apiKey", status, error,
  created_at as "createdAt", updated_at as "updatedAt", ready_at as "readyAt", generation, last_used_at as "lastUsedAt"`;

export function generateApiKey(): string {
  return randomBytes(24).toString('base64url');
}

/** The registry of API clients in `gateway.api_clients`: plain SQL, no ORM (the control plane is not domain data). */
export class ApiClients {
  constructor(private readonly pool: Pool) {}

  /**
   * Inserts a client in `provisioning` state, on the caller's transaction or a
   * new one; a schema-name clash (1 in a million) retries with new digits.
   */
  async create(owner: { id: number; email: string }, name: string, db?: ClientBase, maxPerOwner?: number): Promise<ApiClient> {
    if (!db) return inTransaction(this.pool, (tx) => this.create(owner, name, tx, maxPerOwner));
    if (maxPerOwner !== undefined) {
      // Counted under a lock on the owner, so two creations at once cannot both take the last place.
      await db.query(`select pg_advisory_xact_lock(hashtext('api-clients-of:' || $1::text))`, [owner.id]);
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from gateway.api_clients where owner_id = $1', [owner.id]);
      if (rows[0].n >= maxPerOwner) {
        throw new PermissionDenied(`An account may have at most ${maxPerOwner} API clients (MAX_CLIENTS_PER_ACCOUNT). Delete one to create another.`);
      }
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await db.query('savepoint create_client');
        const { rows } = await db.query<ApiClient>(
          `insert into gateway.api_clients (name, owner_id, schema_name, api_key) values ($1, $2, $3, $4) returning ${columns}`,
          [name, owner.id, schemaNameFor(owner.email), generateApiKey()],
        );
        await db.query('release savepoint create_client');
        return rows[0];
      } catch (error) {
        await db.query('rollback to savepoint create_client');
        if ((error as { code?: string }).code !== '23505' || attempt >= 5) throw error;
      }
    }
  }

  async byId(id: number, db: Pick<ClientBase, 'query'> = this.pool): Promise<ApiClient | undefined> {
    const { rows } = await db.query<ApiClient>(`select ${columns} from gateway.api_clients where id = $1`, [id]);
    return rows[0];
  }

  async byKey(apiKey: string): Promise<ApiClient | undefined> {
    const { rows } = await this.pool.query<ApiClient>(`select ${columns} from gateway.api_clients where api_key = $1`, [apiKey]);
    return rows[0];
  }

  async bySchema(schemaName: string): Promise<ApiClient | undefined> {
    const { rows } = await this.pool.query<ApiClient>(`select ${columns} from gateway.api_clients where schema_name = $1`, [schemaName]);
    return rows[0];
  }

  async ofOwner(ownerId: number): Promise<ApiClient[]> {
    const { rows } = await this.pool.query<ApiClient>(`select ${columns} from gateway.api_clients where owner_id = $1 order by id`, [ownerId]);
    return rows;
  }

  async all(): Promise<ApiClient[]> {
    const { rows } = await this.pool.query<ApiClient>(`select ${columns} from gateway.api_clients order by id`);
    return rows;
  }

  async withStatus(status: ClientStatus): Promise<ApiClient[]> {
    const { rows } = await this.pool.query<ApiClient>(`select ${columns} from gateway.api_clients where status = $1 order by id`, [status]);
    return rows;
  }

  async rotateKey(id: number): Promise<ApiClient> {
    const { rows } = await this.pool.query<ApiClient>(
      `update gateway.api_clients set api_key = $2, updated_at = now() where id = $1 returning ${columns}`,
      [id, generateApiKey()],
    );
    return rows[0];
  }

  /** Back to `provisioning`, a new generation: the provisioner rebuilds the schema from `public`, keeping the key. */
  async markForProvisioning(id: number): Promise<ApiClient> {
    const { rows } = await this.pool.query<ApiClient>(
      `update gateway.api_clients set status = 'provisioning', error = null, generation = generation + 1, last_used_at = now(), updated_at = now()
        where id = $1 returning ${columns}`,
      [id],
    );
    return rows[0];
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.pool.query(
      `update gateway.api_clients set status = 'failed', error = $2, updated_at = now() where id = $1 and status = 'provisioning'`,
      [id, error],
    );
  }
}
