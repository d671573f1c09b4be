import type {} from '@fastify/cookie';
import { LRUCache } from 'lru-cache';
import type { FastifyRequest } from 'fastify';
import { CacheStats } from '../cache-stats';
import { InvalidToken, NotAuthenticated, PermissionDenied, ServiceUnavailable } from '../errors';
import type { Account, Accounts } from './accounts';
import type { AccountChanges, ApiClient, ApiKeyResolver, ClientActivity, ClientsById } from './api-client';
import { fromAnotherOrigin, ownOrigin } from './origin';
import { SESSION_COOKIE, type Session, type Sessions } from './sessions';
import { TokenError, type TokenClaims, type Tokens } from './tokens';

export interface Identity {
  client: ApiClient | null;
  user: (Account & { schema: string }) | null;
  via: 'token' | 'session' | null;
  session: Session | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * How long the account behind an access token is trusted without reading it again when a change
 * could go unheard (the listener is down, or a change was heard while it was read): the
 * staleness bound of a deactivation then.
 */
const ACCOUNT_CACHE_MS = 2000;
/** While every change is heard, an account stays cached until its schema's accounts change, and at most this long. */
const ACCOUNT_CACHE_HEARD_MS = 5 * 60_000;
/** Accounts kept, most recently used: sized for tens of thousands of clients in use. */
const ACCOUNTS_KEPT = 50_000;

/** simplejwt's answer to a refresh whose user is gone or inactive. */
const NO_ACCOUNT_FOR_TOKEN = 'No active account found for the given token.';


/**
 * Tenant resolution then authentication (DESIGN §2, §5): `Api-Key` picks the
 * client; a Bearer token must have been issued for that client, or for
 * `public` to the client's owner; a session cookie brings its own client unless
 * an `Api-Key` of the same account overrides it.
 */
export class Authenticator {
  private readonly accountCache = new LRUCache<string, { account: Account | undefined; schema: string }>({
    max: ACCOUNTS_KEPT,
    ttl: ACCOUNT_CACHE_MS,
    dispose: (entry, key) => {
      const keys = this.keysBySchema.get(entry.schema);
      keys?.delete(key);
      if (keys?.size === 0) this.keysBySchema.delete(entry.schema);
    },
  });
  /** The cache's keys by the schema their account lives in, so a change forgets exactly those. */
  private readonly keysBySchema = new Map<string, Set<string>>();
  /** Account changes heard so far: one heard while an account was read makes that read untrusted. */
  private changesHeard = 0;
  readonly accountStats = new CacheStats();

  constructor(
    private readonly resolver: ApiKeyResolver & AccountChanges,
    private readonly clients: ClientsById,
    private readonly accounts: Accounts,
    private readonly tokens: Tokens,
    private readonly sessions: Sessions,
    private readonly expiry: ClientActivity,
  ) {
    resolver.onAccountsChanged((schema) => this.accountsChanged(schema));
  }

  /** The accounts of `schema` changed (or, with none, any may have): their cached entries go. */
  private accountsChanged(schema?: string): void {
    this.changesHeard++;
    if (schema === undefined) this.accountCache.clear();
    else for (const key of [...(this.keysBySchema.get(schema) ?? [])]) this.accountCache.delete(key);
  }

  /** A key that names a client which cannot serve requests yet (or any more) is refused here; one that can is touched (expiry). */
  private usable(client: ApiClient): ApiClient {
    if (client.status === 'provisioning') throw new ServiceUnavailable('This API client is still being set up. Try again in a moment.', 1);
    if (client.status === 'failed') {
      throw new ServiceUnavailable(`This API client could not be set up (${client.error ?? 'unknown error'}). Reset it to try again.`, 30);
    }
    if (client.status === 'expired') {
      const on = this.expiry.expiresAt(client)?.toISOString().slice(0, 10);
      throw new PermissionDenied(
        `This API client expired${on ? ` on ${on}` : ''}, after ${this.expiry.days} days without requests, and its data was deleted. ` +
          `Its owner can reset it (POST /api/clients/${client.id}/reset/) to get a fresh copy with the same key.`,
      );
    }
    this.expiry.touch(client);
    return client;
  }

  /**
   * `authorization: false`: the Authorization header is not read at all, as simplejwt's own views
   * (`authentication_classes = ()`) and registration do; a stale token must not block a refresh.
   */
  async identify(request: FastifyRequest, { authorization: readAuthorization = true } = {}): Promise<Identity> {
    const apiKey = header(request, 'api-key');
    let client: ApiClient | null = null;
    if (apiKey !== undefined) {
      const found = await this.resolver.resolve(apiKey);
      if (!found) throw new PermissionDenied('Invalid API key.');
      client = this.usable(found);
    }

    const token = readAuthorization ? bearerToken(header(request, 'authorization')) : undefined;
    if (token !== undefined) return this.fromToken(token, client);

    // The cookie session stays same-origin: CORS allows no credentials, and a page of another origin
    // that gets the browser to send the cookie anyway (a form, `credentials: 'include'`) is not logged in.
    const sessionId = fromAnotherOrigin(request) ? undefined : request.cookies?.[SESSION_COOKIE];
    if (sessionId) {
      const session = await this.sessions.get(sessionId);
      if (session) return this.fromSession(request, session, apiKey !== undefined ? client : undefined);
    }
    return { client, user: null, via: null, session: null };
  }

  private async fromToken(token: string, client: ApiClient | null): Promise<Identity> {
    const claims = await this.accessClaims(token);
    const issuedForThisClient = claims.client === (client ? client.id : 'public');
    const ownersPublicToken = claims.client === 'public' && client !== null && client.ownerId === claims.user_id;
    if (!issuedForThisClient && !ownersPublicToken) {
      throw new NotAuthenticated('Given token was not issued for this API client.', 'token_not_valid');
    }
    // A reset gives the client's users new rows (and ids again from the start): its older tokens name nobody now.
    if (claims.client !== 'public' && (claims.gen ?? 0) !== client!.generation) {
      throw new NotAuthenticated('Given token was issued before this API client was reset.', 'token_not_valid');
    }
    const schema = claims.client === 'public' ? 'public' : client!.schemaName;
    const account = await this.tokenAccount(claims.client === 'public' ? 'public' : `${schema}:${client!.generation}`, schema, claims.user_id);
    if (!account) throw new NotAuthenticated('User not found', 'user_not_found');
    if (!account.isActive) throw new NotAuthenticated('User is inactive', 'user_inactive');
    return { client, user: { ...account, schema }, via: 'token', session: null };
  }

  /** JWTAuthentication's body for a token that is not a valid access token: the reason in `messages`. */
  private async accessClaims(token: string): Promise<TokenClaims> {
    try {
      return await this.tokens.verify(token, 'access');
    } catch (error) {
      if (error instanceof TokenError) throw new InvalidToken(error.reason, error.tokenClass, error.tokenType);
      throw error;
    }
  }

  /**
   * The account behind an access token, cached: simplejwt reads it on every request, which was one
   * of four statements per list request. While every account change is heard (a NOTIFY from the
   * schema's `users` trigger), an entry lives until its schema's accounts change (at most 5
   * minutes); otherwise for two seconds, the bound a deactivated or deleted user then keeps access.
   */
  private async tokenAccount(cacheKey: string, schema: string, id: number): Promise<Account | undefined> {
    const key = `${cacheKey}:${id}`;
    const cached = this.accountStats.count(this.accountCache.get(key));
    if (cached) return cached.account;
    const heardBefore = this.changesHeard;
    const listening = this.resolver.listening;
    const account = await this.accounts.byId(schema, id);
    // A change heard meanwhile may be newer than what was read: then trust the read only briefly.
    const everyChangeHeard = listening && this.resolver.listening && heardBefore === this.changesHeard;
    this.accountCache.set(key, { account, schema }, { ttl: everyChangeHeard ? ACCOUNT_CACHE_HEARD_MS : ACCOUNT_CACHE_MS });
    let keys = this.keysBySchema.get(schema);
    if (!keys) this.keysBySchema.set(schema, (keys = new Set()));
    keys.add(key);
    return account;
  }

  /**
   * simplejwt's refresh, for both doors: the token is verified, and the account it was issued to must
   * still be there and active (in its client's current generation), before it is rotated.
   */
  async refresh(refresh: unknown): Promise<{ access: string; refresh: string }> {
    const claims = await this.tokens.verify(refresh, 'refresh');
    let schema = 'public';
    if (claims.client !== 'public') {
      const client = await this.clients.byId(claims.client);
      if (!client || client.status !== 'ready' || client.generation !== (claims.gen ?? 0)) throw new NotAuthenticated(NO_ACCOUNT_FOR_TOKEN, 'no_active_account');
      schema = client.schemaName;
    }
    const account = await this.accounts.byId(schema, claims.user_id);
    if (!account || !account.isActive) throw new NotAuthenticated(NO_ACCOUNT_FOR_TOKEN, 'no_active_account');
    return this.tokens.rotate(claims);
  }

  /** `override`: the client named by an Api-Key header, which must belong to the session's account. */
  private async fromSession(request: FastifyRequest, session: Session, override: ApiClient | null | undefined): Promise<Identity> {
    const account = await this.accounts.byId('public', session.userId);
    if (!account || !account.isActive) return { client: override ?? null, user: null, via: null, session: null };
    if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request, session);
    let client: ApiClient | null;
    if (override !== undefined) {
      if (override && override.ownerId !== account.id) throw new PermissionDenied('This Api-Key belongs to another account.');
      client = override;
    } else {
      const picked = session.clientId === null ? undefined : await this.clients.byId(session.clientId);
      client = picked ? this.usable(picked) : null;
    }
    return { client, user: { ...account, schema: 'public' }, via: 'session', session };
  }
}

/**
 * Cross-site writes with the session cookie are refused, as Django's CSRF
 * middleware does: the Origin (or Referer) must be this server, or the request
 * carries the session's CSRF token in `X-CSRFToken`.
 */
function assertSameOrigin(request: FastifyRequest, session: Session): void {
  if (header(request, 'x-csrftoken') === session.csrfToken) return;
  const origin = header(request, 'origin') ?? originOf(header(request, 'referer'));
  if (!origin) throw new PermissionDenied('CSRF Failed: Origin checking failed - no Origin or Referer, and no X-CSRFToken header.');
  const expected = ownOrigin(request);
  if (origin !== expected) throw new PermissionDenied(`CSRF Failed: Origin checking failed - ${origin} does not match any trusted origins.`);
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * simplejwt's JWTAuthentication.get_raw_token: a header of another scheme (Basic, Token) or an empty
 * one is not ours, and the request goes on without it (a session, or anonymous); `Bearer` must be
 * followed by exactly one value.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  const parts = authorization?.trim().split(/\s+/) ?? [];
  if (parts.length === 0 || parts[0] === '' || parts[0].toLowerCase() !== 'bearer') return undefined;
  if (parts.length !== 2) throw new NotAuthenticated('Authorization header must contain two space-delimited values', 'bad_authorization_header');
  return parts[1];
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
