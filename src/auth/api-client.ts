import type { Quota, Usage } from '../limits/quota';

/**
 * An API client as authentication and every door see it. Tenancy keeps the registry of them
 * (src/tenancy/api-clients.ts) and implements what auth asks of it here: tenancy imports auth,
 * never the reverse.
 */
export type ClientStatus = 'provisioning' | 'ready' | 'failed' | 'expired';

export interface ApiClient {
  id: number;
  name: string;
  ownerId: number;
  schemaName: string;
  apiKey: string;
  status: ClientStatus;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  readyAt: Date | null;
  /** Bumped by every reset: a token issued before it names an older generation and is refused. */
  generation: number;
  /** The last request that used the client, to within an hour or so (src/tenancy/expiry.ts). */
  lastUsedAt: Date;
}

/** A client as its owner sees it: what it holds against its quota, and when it expires. */
export interface ClientView extends ApiClient {
  usage: Usage | null;
  quota: Quota;
  expiresAt: Date | null;
}

/** DRF's rendering of an API client. */
export function serializeClient(client: ClientView) {
  return {
    id: client.id,
    name: client.name,
    schema: client.schemaName,
    api_key: client.apiKey,
    status: client.status,
    error: client.error,
    created_at: client.createdAt,
    ready_at: client.readyAt,
    last_used_at: client.lastUsedAt,
    expires_at: client.expiresAt,
    usage: {
      rows: client.usage?.rows ?? null,
      bytes: client.usage?.bytes ?? null,
      row_quota: client.quota.rows || null,
      byte_quota: client.quota.bytes || null,
    },
  };
}

/** Api-Key → client (src/tenancy/client-resolver.ts): undefined when no client has that key. */
export interface ApiKeyResolver {
  resolve(apiKey: string): Promise<ApiClient | undefined>;
}

/**
 * Changes to accounts, as the database announces them (a NOTIFY per statement that changes a
 * schema's `users`, delivered to every node): what lets a node keep an account cached until it
 * changes. Tenancy's listener implements it.
 */
export interface AccountChanges {
  /** True while every change is being heard: only then may an account be kept past the short bound. */
  readonly listening: boolean;
  /** Calls `listener` with the schema whose accounts changed, or with no schema when changes may have been missed (all of them). */
  onAccountsChanged(listener: (schema?: string) => void): void;
}

/** A client by its id (src/tenancy/api-clients.ts), for a session's client and a token's refresh. */
export interface ClientsById {
  byId(id: number): Promise<ApiClient | undefined>;
}

/** A client's last use and when it expires unused (src/tenancy/expiry.ts). */
export interface ClientActivity {
  /** CLIENT_EXPIRY_DAYS; 0: never. */
  readonly days: number;
  expiresAt(client: Pick<ApiClient, 'id' | 'lastUsedAt'>): Date | null;
  touch(client: ApiClient): void;
}
