import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Pool } from 'pg';
import { NotAuthenticated, ValidationError } from '../errors';
import { CacheStats } from '../cache-stats';

/** `public`, or the id of the API client the token was issued for. */
export type TokenAudience = 'public' | number;

export interface TokenClaims {
  token_type: 'access' | 'refresh';
  jti: string;
  user_id: number;
  client: TokenAudience;
  /** For a client's token: the client's generation when it was issued (a reset bumps it; absent: 0). */
  gen?: number;
  iat: number;
  exp: number;
}

export interface TokenSettings {
  secret: string;
  accessLifetime: number;
  refreshLifetime: number;
  /** Seconds since the epoch; tests move it instead of sleeping. */
  now?: () => number;
}

/**
 * simplejwt's TokenError, as its token views answer it (`InvalidToken(e.args[0])`): 401
 * `{"detail": "<reason>", "code": "token_not_valid"}`. The authentication of other routes wraps it
 * in the `messages` body of JWTAuthentication (src/auth/authenticate.ts).
 */
export class TokenError extends NotAuthenticated {
  constructor(
    readonly reason: string,
    readonly tokenClass: string,
    readonly tokenType: string,
  ) {
    super(reason, 'token_not_valid');
  }
}

/** simplejwt 5.2.2's reasons (its backend says the same for a bad signature and an expired token). */
export const TOKEN_REASONS = {
  invalid: 'Token is invalid or expired',
  wrongType: 'Token has wrong type',
  noId: 'Token has no id',
  blacklisted: 'Token is blacklisted',
} as const;

const ALGORITHM = 'HS256';
/** Access tokens already verified, up to this many: an API client sends the same token for 5 minutes. */
const VERIFIED_ACCESS_TOKENS = 50_000;

/** djangorestframework-simplejwt's tokens: HS256 pinned, rotation with a blacklist. */
export class Tokens {
  /** A KeyObject once: given a string, jsonwebtoken tries (and fails) to parse a public key on every call. */
  private readonly key: KeyObject;
  /** Verified access tokens' claims (a Map keeps insertion order: the oldest is evicted first). Expiry is still checked on every use. */
  private readonly verifiedAccess = new Map<string, TokenClaims>();
  readonly verifiedStats = new CacheStats();

  constructor(
    private readonly settings: TokenSettings,
    private readonly pool: Pool,
  ) {
    this.key = createSecretKey(Buffer.from(settings.secret));
  }

  private now(): number {
    return this.settings.now?.() ?? Math.floor(Date.now() / 1000);
  }

  private sign(type: TokenClaims['token_type'], userId: number, client: TokenAudience, generation: number, lifetime: number): string {
    const iat = this.now();
    const claims: TokenClaims = { token_type: type, exp: iat + lifetime, iat, jti: randomUUID().replaceAll('-', ''), user_id: userId, client };
    if (client !== 'public') claims.gen = generation;
    return jwt.sign(claims, this.key, { algorithm: ALGORITHM });
  }

  /** A pair for `userId` in `public`, or in an API client as it is now (its `generation`). */
  issuePair(userId: number, client: TokenAudience, generation = 0): { access: string; refresh: string } {
    return {
      access: this.sign('access', userId, client, generation, this.settings.accessLifetime),
      refresh: this.sign('refresh', userId, client, generation, this.settings.refreshLifetime),
    };
  }

  /** Signature, algorithm, expiry and type; refresh tokens also against the blacklist. */
  async verify(token: unknown, type: TokenClaims['token_type']): Promise<TokenClaims> {
    const tokenClass = type === 'access' ? 'AccessToken' : 'RefreshToken';
    if (type === 'access' && typeof token === 'string') {
      const known = this.verifiedAccess.get(token);
      if (this.verifiedStats.count(known && this.now() < known.exp ? known : undefined)) return known!;
    }
    const claims = this.decode(token, tokenClass, type);
    if (claims.token_type !== type) throw new TokenError(TOKEN_REASONS.wrongType, tokenClass, type);
    if (type === 'refresh' && (await this.isBlacklisted(claims.jti))) throw new TokenError(TOKEN_REASONS.blacklisted, tokenClass, type);
    if (type === 'access') this.remember(token as string, claims);
    return claims;
  }

  /** Signature, algorithm, expiry and the claims every token of ours has; no type. */
  private decode(token: unknown, tokenClass: string, type: string): TokenClaims {
    if (typeof token !== 'string' || token === '') throw new TokenError(TOKEN_REASONS.invalid, tokenClass, type);
    let claims: TokenClaims;
    try {
      claims = jwt.verify(token, this.key, { algorithms: [ALGORITHM], clockTimestamp: this.now() }) as TokenClaims;
    } catch {
      throw new TokenError(TOKEN_REASONS.invalid, tokenClass, type);
    }
    if (typeof claims.jti !== 'string') throw new TokenError(TOKEN_REASONS.noId, tokenClass, type);
    if ((claims.token_type !== 'access' && claims.token_type !== 'refresh') || typeof claims.user_id !== 'number' || (claims.gen !== undefined && !Number.isInteger(claims.gen))) {
      throw new TokenError(TOKEN_REASONS.invalid, tokenClass, type);
    }
    return claims;
  }

  private remember(token: string, claims: TokenClaims): void {
    if (this.verifiedAccess.size >= VERIFIED_ACCESS_TOKENS) this.verifiedAccess.delete(this.verifiedAccess.keys().next().value!);
    this.verifiedAccess.set(token, claims);
  }

  /**
   * simplejwt's TokenVerifySerializer: an UntypedToken (any type), then a 400 on
   * `non_field_errors` if its jti is blacklisted (a validation error there, not a TokenError).
   */
  async verifyAny(token: unknown): Promise<TokenClaims> {
    const claims = this.decode(token, 'UntypedToken', 'untyped');
    if (await this.isBlacklisted(claims.jti)) throw new ValidationError({ non_field_errors: [TOKEN_REASONS.blacklisted] });
    return claims;
  }

  /** simplejwt's TokenBlacklistView: a valid refresh token, not blacklisted yet, blacklisted. */
  async revoke(refresh: unknown): Promise<void> {
    await this.blacklist(await this.verify(refresh, 'refresh'));
  }

  async blacklist(claims: TokenClaims): Promise<void> {
    await this.pool.query(
      'insert into gateway.token_blacklist (jti, user_id, expires_at) values ($1::uuid, $2, to_timestamp($3)) on conflict do nothing',
      [claims.jti, claims.user_id, claims.exp],
    );
  }

  /** Rotation of a verified refresh token: it is blacklisted (atomically: a second use is refused) and a new pair issued. */
  async rotate(claims: TokenClaims): Promise<{ access: string; refresh: string }> {
    const { rowCount } = await this.pool.query(
      'insert into gateway.token_blacklist (jti, user_id, expires_at) values ($1::uuid, $2, to_timestamp($3)) on conflict do nothing',
      [claims.jti, claims.user_id, claims.exp],
    );
    if (rowCount === 0) throw new TokenError(TOKEN_REASONS.blacklisted, 'RefreshToken', 'refresh');
    return this.issuePair(claims.user_id, claims.client, claims.gen ?? 0);
  }

  private async isBlacklisted(jti: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('select 1 from gateway.token_blacklist where jti = $1::uuid', [jti]);
    return (rowCount ?? 0) > 0;
  }
}
