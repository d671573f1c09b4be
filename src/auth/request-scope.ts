import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotAuthenticated } from '../errors';
import type { ApiClient } from './api-client';
import type { Account } from './accounts';
import type { Session } from './sessions';

/**
 * Who is asking, and in which schema: built once per request by the auth
 * plugin's hook and handed, as a plain object, to every door and service.
 */
export interface RequestScope {
  requestId: string;
  /** null: the read-only `public` schema. */
  client: ApiClient | null;
  schema: string;
  /** The authenticated account, and the schema whose `users` table holds it. */
  user: (Account & { schema: string }) | null;
  via: 'token' | 'session' | null;
  session: Session | null;
  /** Where the door judges the Authorization header itself (GraphQL): its refusal, the request otherwise anonymous. */
  refusedAuthorization: NotAuthenticated | null;
  /** An EntityManager forked for `schema`, created on first use. */
  readonly em: EntityManager;
}
