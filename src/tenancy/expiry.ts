import type { FastifyBaseLogger } from 'fastify';
import { LRUCache } from 'lru-cache';
import { escapeIdentifier, type Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { inTransaction } from '../db/transaction';
import type { ApiClient } from '../auth/api-client';
import type { ApiClients } from './api-clients';
import type { ClientResolver } from './client-resolver';

const DAY_MS = 86_400_000;
/** A client's last use is written at most this often per node: expiry is counted in days, so an hour is exact enough. */
const TOUCH_EVERY_MS = 3_600_000;
/** Clients remembered as touched (per node); an evicted one is simply written once more. */
const TOUCHES_KEPT = 50_000;
/** Between two schema drops: the sweep yields to requests instead of queueing DDL back to back. */
const PAUSE_BETWEEN_DROPS_MS = 50;
const SWEEP_BATCH = 100;

/**
 * API clients unused for CLIENT_EXPIRY_DAYS expire (DESIGN §9): each node writes a client's last
 * use at most hourly, and every EXPIRY_SWEEP_SECONDS drops the schemas of clients past it, one at a
 * time on the provisioning pool (never on the connections requests use). An expired client keeps
 * its row and key, so its requests get a 403 that says what happened, and a reset brings it back.
 * Each client is claimed with `FOR UPDATE SKIP LOCKED`: two nodes sweeping never drop one twice,
 * and a client being migrated (share-locked by migrate-all) waits for the next sweep.
 */
export class ClientExpiry {
  private readonly touched = new LRUCache<number, number>({ max: TOUCHES_KEPT });
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<ApiClient[]> | undefined;

  constructor(
    private readonly pool: Pool,
    /** The provisioning pool: drops run on its connections. */
    private readonly ddlPool: Pool,
    private readonly clients: ApiClients,
    private readonly resolver: ClientResolver,
    readonly days: number,
    private readonly log: Pick<FastifyBaseLogger, 'info' | 'error'>,
  ) {}

  /** When `client` expires (or expired), or null when clients never expire (CLIENT_EXPIRY_DAYS=0). */
  expiresAt(client: Pick<ApiClient, 'id' | 'lastUsedAt'>): Date | null {
    if (this.days === 0) return null;
    const lastUsed = Math.max(client.lastUsedAt.getTime(), this.touched.get(client.id) ?? 0);
    return new Date(lastUsed + this.days * DAY_MS);
  }

  /** A request used `client`: its last use is written, at most hourly per node, in the background. */
  touch(client: ApiClient): void {
    if (this.days === 0 || client.status !== 'ready') return;
    const now = Date.now();
    const last = this.touched.get(client.id) ?? client.lastUsedAt.getTime();
    if (now - last < TOUCH_EVERY_MS) return;
    this.touched.set(client.id, now);
    this.pool.query(`update gateway.api_clients set last_used_at = now() where id = $1 and status = 'ready'`, [client.id]).catch(() => this.touched.delete(client.id));
  }

  /** Expires every client past its time, dropping its schema; resolves with the clients expired. */
  sweep(): Promise<ApiClient[]> {
    this.sweeping ??= this.sweepAll().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** Sweeps now and then every `seconds` (timers unref'd: they never keep the process up). */
  start(seconds: number): void {
    if (this.days === 0 || this.timer) return;
    const run = () => void this.sweep().catch((error) => this.log.error({ err: error }, 'expiry sweep failed'));
    this.timer = setInterval(run, seconds * 1000);
    this.timer.unref();
    setTimeout(run, 1000).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping?.catch(() => {});
  }

  private async sweepAll(): Promise<ApiClient[]> {
    if (this.days === 0) return [];
    const expired: ApiClient[] = [];
    for (;;) {
      const { rows } = await this.ddlPool.query<{ id: number }>(
        `select id from gateway.api_clients where status = 'ready' and last_used_at < now() - make_interval(days => $1) order by last_used_at limit $2`,
        [this.days, SWEEP_BATCH],
      );
      let dropped = 0;
      for (const { id } of rows) {
        const client = await this.expire(id);
        if (!client) continue;
        dropped++;
        expired.push(client);
        this.log.info({ clientId: client.id, schema: client.schemaName }, 'client expired; its schema was dropped');
        await sleep(PAUSE_BETWEEN_DROPS_MS);
      }
      if (rows.length < SWEEP_BATCH || dropped === 0) return expired;
    }
  }

  private async expire(id: number): Promise<ApiClient | undefined> {
    const client = await inTransaction(this.ddlPool, async (db) => {
      const { rows } = await db.query<{ schema: string }>(
        `select schema_name as schema from gateway.api_clients
          where id = $1 and status = 'ready' and last_used_at < now() - make_interval(days => $2) for update skip locked`,
        [id, this.days],
      );
      if (!rows[0]) return undefined; // used again since, taken by another node, or being migrated
      await db.query(`update gateway.api_clients set status = 'expired', updated_at = now() where id = $1`, [id]);
      await db.query(`drop schema if exists ${escapeIdentifier(rows[0].schema)} cascade`);
      return this.clients.byId(id, db);
    });
    if (client) this.resolver.forget(client.id);
    return client;
  }
}
