/**
 * The tenant-isolation matrix's expected outcomes, derived from DESIGN §5/§6
 * and src/auth/authenticate.ts + src/auth/rules.ts: first who a request acts
 * as (the Api-Key is resolved before any credential), then what each door
 * and operation makes of that.
 */

export const CREDENTIALS = ['none', 'public token', 'owner token', "other's token", 'session cookie', 'expired', 'forged'] as const;
export const API_KEYS = ['none', 'own', "other's", 'unknown', 'provisioning'] as const;
export const DOORS = ['REST', 'GraphQL', 'admin session'] as const;
export const OPERATIONS = ['read', 'write'] as const;

export type Credential = (typeof CREDENTIALS)[number];
export type ApiKey = (typeof API_KEYS)[number];
export type Door = (typeof DOORS)[number];
export type Operation = (typeof OPERATIONS)[number];

/** Whose rows a request sees: `public`, the owner's client or the other account's client. */
export type Tenant = 'public' | 'own' | 'other';

/** A refusal before any door (HTTP status), or who the request acts as. */
type Resolution = 401 | 403 | 503 | { user: boolean; tenant: Tenant; session?: true };

const anonymous = (tenant: Tenant): Resolution => ({ user: false, tenant });
const as = (tenant: Tenant): Resolution => ({ user: true, tenant });

/**
 * Credential × Api-Key (none, own, other's); an unknown key is 403 and a client
 * still provisioning is 503 whatever the credential. "public token" and
 * "owner token" are the owner's, issued for `public` and for the owner's
 * client; "other's token" is another account's, issued for `public`.
 */
const RESOLUTION: Record<Credential, [none: Resolution, own: Resolution, others: Resolution]> = {
  none: [anonymous('public'), anonymous('own'), anonymous('other')],
  'public token': [as('public'), as('own'), 401], // §5: a public token is good for the clients its user owns
  'owner token': [401, as('own'), 401], // §5: a client token is good for its client only
  "other's token": [as('public'), 401, as('other')],
  'session cookie': [{ user: true, tenant: 'own', session: true }, { user: true, tenant: 'own', session: true }, 403], // another account's key: 403
  expired: [401, 401, 401],
  forged: [401, 401, 401],
};

export function resolve(credential: Credential, key: ApiKey): Resolution {
  if (key === 'unknown') return 403;
  if (key === 'provisioning') return 503;
  return RESOLUTION[credential][key === 'none' ? 0 : key === 'own' ? 1 : 2];
}

export interface Expected {
  /** HTTP status. */
  status: number;
  /** GraphQL: the error code of a refusal inside the operation (HTTP 200). */
  code?: 'UNAUTHENTICATED' | 'FORBIDDEN';
  /** Whose rows the request may see or change when it succeeds. */
  tenant?: Tenant;
}

/**
 * REST and GraphQL: reads need a user (§5), writes a user and a client
 * (`public` is read-only, 403). REST says it with the status; GraphQL with a
 * 200 carrying the code. The admin door (GET and PATCH /api/auth/session/)
 * needs the session itself.
 */
export function expected(credential: Credential, key: ApiKey, door: Door, operation: Operation): Expected {
  const who = resolve(credential, key);
  if (typeof who === 'number') return { status: who };
  const ok = door === 'REST' && operation === 'write' ? 201 : 200;
  if (door === 'admin session') return who.session ? { status: 200, tenant: who.tenant } : { status: 401 };
  if (!who.user) return door === 'REST' ? { status: 401 } : { status: 200, code: 'UNAUTHENTICATED' };
  if (operation === 'write' && who.tenant === 'public') return door === 'REST' ? { status: 403 } : { status: 200, code: 'FORBIDDEN' };
  return { status: ok, tenant: who.tenant };
}
