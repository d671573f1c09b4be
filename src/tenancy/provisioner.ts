import type { FastifyBaseLogger } from 'fastify';
import type { Pool } from 'pg';
import { migrationScripts } from '../db/migrations';
import { inTransaction } from '../db/transaction';
import type { WorkQueue, WorkTicket } from '../limits/work-queue';
import type { ApiClients } from './api-clients';
import { cloneSchemaFromPublic } from './clone-schema';

export interface ProvisionOutcome {
  clientId: number;
  status: 'ready' | 'failed' | 'skipped';
  ms: number;
  error?: string;
}

/**
 * Runs provisioning jobs. The job's durable state is the client's row: status
 * `provisioning` means "to do", and the schema and the `ready` status commit in
 * one transaction, so a crash leaves either a ready client or nothing, and
 * `resumePending()` at start picks up whatever was interrupted. The row is
 * claimed with `FOR UPDATE SKIP LOCKED`, so several API nodes never build the
 * same schema twice. (Why not pg-boss: its v12 needs Node 22, and polling at
 * ≥ 0.5 s would cost more than the 0.2 s job it schedules.)
 */
export class Provisioner {
  private readonly running = new Map<number, Promise<ProvisionOutcome>>();

  constructor(
    /** The provisioning pool: its own connections (PROVISIONING_CONCURRENCY), so a burst of builds never holds the ones authentication needs. */
    private readonly pool: Pool,
    private readonly clients: ApiClients,
    private readonly log: Pick<FastifyBaseLogger, 'info' | 'error'>,
    /** Builds run through this line (PROVISIONING_CONCURRENCY at once, PROVISIONING_QUEUE waiting). */
    private readonly queue: WorkQueue,
    /** Test seam: runs inside the transaction after the copy, before commit. */
    private readonly beforeCommit?: (schema: string) => Promise<void>,
  ) {}

  /**
   * A place in the line (PROVISIONING_QUEUE), or a 503 with Retry-After: taken before an account or
   * client is created, so a refused request leaves nothing half made.
   */
  reserve(): WorkTicket {
    return this.queue.reserve();
  }

  /** Starts (or joins) the job for one client, in its reserved place (a build owed, such as one resumed, takes none); resolves when it is ready, failed or taken by another node. */
  provision(clientId: number, ticket?: WorkTicket): Promise<ProvisionOutcome> {
    let job = this.running.get(clientId);
    if (job) ticket?.cancel();
    else {
      const build = () => this.run(clientId);
      job = (ticket ? ticket.run(build) : this.queue.runAnyway(build)).finally(() => this.running.delete(clientId));
      this.running.set(clientId, job);
    }
    return job;
  }

  /** Every client left in `provisioning` (by a crash, or a restart mid-job), one after another. */
  async resumePending(): Promise<ProvisionOutcome[]> {
    const outcomes: ProvisionOutcome[] = [];
    for (const client of await this.clients.withStatus('provisioning')) outcomes.push(await this.provision(client.id));
    return outcomes;
  }

  /** Resolves once every job started so far has finished. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private async run(clientId: number): Promise<ProvisionOutcome> {
    const started = performance.now();
    const scripts = await migrationScripts();
    try {
      const schema = await inTransaction(this.pool, async (db) => {
        const { rows } = await db.query<{ schema: string; owner: number }>(
          `select schema_name as schema, owner_id as owner from gateway.api_clients
            where id = $1 and status = 'provisioning' for update skip locked`,
          [clientId],
        );
        if (rows.length === 0) return undefined; // done already, or another node holds it
        const { schema, owner } = rows[0];
        await cloneSchemaFromPublic(db, schema, owner, scripts);
        await this.beforeCommit?.(schema);
        await db.query(
          `update gateway.api_clients set status = 'ready', error = null, migration = $2, ready_at = now(), last_used_at = now(), updated_at = now() where id = $1`,
          [clientId, scripts.at(-1)?.name ?? null],
        );
        return schema;
      });
      const ms = performance.now() - started;
      if (!schema) return { clientId, status: 'skipped', ms };
      this.log.info({ clientId, schema, ms: Math.round(ms) }, 'client provisioned');
      return { clientId, status: 'ready', ms };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error({ clientId, err: error }, 'provisioning failed');
      await this.clients.markFailed(clientId, message).catch(() => {});
      return { clientId, status: 'failed', ms: performance.now() - started, error: message };
    }
  }
}
