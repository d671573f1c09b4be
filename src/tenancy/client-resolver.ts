import { LRUCache } from 'lru-cache';
import { Client } from 'pg';
import type { AccountChanges, ApiClient } from '../auth/api-client';
import { CacheStats } from '../cache-stats';
import type { ApiClients } from './api-clients';

const CHANNEL = 'gateway_api_clients';
/** Sent by each schema's `users` trigger (migrations/Migration20261203120000_account_changes.ts), the schema as payload. */
const ACCOUNTS_CHANNEL = 'gateway_accounts';
/** Keys kept per node (the most recently used): a fleet of tens of thousands of clients does not grow the heap. */
const KEYS_KEPT = 50_000;

/**
 * Api-Key → client, cached in the process. Only `ready` clients are cached (the
 * others change state within a second). This process forgets an entry the
 * moment it changes a client; other processes learn it from the NOTIFY that a
 * trigger on `gateway.api_clients` sends. While the LISTEN connection is down
 * nothing is cached, so a missed notification can never serve a stale key.
 * The same connection hears every schema's account changes (`gateway_accounts`) and passes
 * them on to whoever caches accounts (src/auth/authenticate.ts).
 */
export class ClientResolver implements AccountChanges {
  private readonly byKey = new LRUCache<string, ApiClient>({ max: KEYS_KEPT });
  readonly stats = new CacheStats();
  private readonly accountListeners: Array<(schema?: string) => void> = [];
  private listener: Client | undefined;
  private connected = false;
  private closed = false;

  constructor(
    private readonly clients: ApiClients,
    private readonly databaseUrl: string,
  ) {}

  async start(): Promise<void> {
    await this.listen().catch(() => {});
  }

  async resolve(apiKey: string): Promise<ApiClient | undefined> {
    const cached = this.stats.count(this.byKey.get(apiKey));
    if (cached) return cached;
    const client = await this.clients.byKey(apiKey);
    if (client?.status === 'ready' && this.connected) this.byKey.set(apiKey, client);
    return client;
  }

  /** Every NOTIFY is being heard (the LISTEN connection is up). */
  get listening(): boolean {
    return this.connected;
  }

  onAccountsChanged(listener: (schema?: string) => void): void {
    this.accountListeners.push(listener);
  }

  forget(clientId: number): void {
    for (const [key, client] of this.byKey.entries()) if (client.id === clientId) this.byKey.delete(key);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.connected = false;
    await this.listener?.end().catch(() => {});
  }

  private async listen(): Promise<void> {
    const listener = new Client({ connectionString: this.databaseUrl, application_name: 'sandbox-gateway-listener' });
    listener.on('notification', (message) => {
      if (message.channel === ACCOUNTS_CHANNEL) for (const heard of this.accountListeners) heard(message.payload);
      else this.forget(Number(message.payload));
    });
    listener.on('error', () => this.lost(listener));
    listener.on('end', () => this.lost(listener));
    this.listener = listener;
    try {
      await listener.connect();
      await listener.query(`listen ${CHANNEL}; listen ${ACCOUNTS_CHANNEL}`);
      this.connected = true;
    } catch (error) {
      this.lost(listener);
      throw error;
    }
  }

  private lost(listener: Client): void {
    if (this.listener !== listener) return;
    this.listener = undefined;
    this.connected = false;
    this.byKey.clear();
    for (const heard of this.accountListeners) heard(undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    setTimeout(() => {
      if (!this.closed && !this.listener) this.listen().catch(() => {});
    }, 1000).unref();
  }
}
