import { createHash } from 'node:crypto';
import type { Pool, QueryConfig } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { Throttled } from '../errors';
import type { Limits } from './limits';

/**
 * The counters' table, made by the control-plane migration (src/tenancy/control-plane.ts,
 * gateway_003_caller_limits), never by rate-limiter-flexible at run time: one row per counted key
 * (`login-account:ann@example.com`), shared by every node on the database.
 */
const SCHEMA = 'gateway';
const TABLE = 'caller_limits';

/** Rows expired this long ago are deleted (a node's clock may run a little behind another's). */
const SWEEP_AFTER_MS = 60 * 60 * 1000;
const SWEEP_EVERY_MS = 5 * 60 * 1000;

/** Keys are emails and addresses: a longer one (a 1 MB "email") is counted under its digest, within a btree entry. */
const MAX_KEY_CHARS = 200;
const countedKey = (key: string) => (key.length <= MAX_KEY_CHARS ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`);

/** A refused consume: what rate-limiter-flexible rejects with, the time to wait in it. */
function retryAfterSeconds(rejection: unknown): number {
  if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  throw rejection; // not a refusal: the store failed (and so did the insurance, which cannot)
}

/** A login attempt that holds a failure in reserve: kept if the password was wrong, given back otherwise. */
export interface LoginAttempt {
  giveBack(): Promise<void>;
}

export interface CallerLimitsStore {
  /** The server's pg pool: the counters are rows of gateway.caller_limits, shared by every node. */
  pool: Pool;
  /** DATABASE_PREPARED_STATEMENTS: false behind a transaction-mode PgBouncer, where named statements fail. */
  preparedStatements?: boolean;
  /** Where a store failure is reported (the insurance answers meanwhile). */
  log?: { warn(object: object, message: string): void };
}

/**
 * What one caller may start (DESIGN §9): new API clients per address and overall, and failed logins
 * per account and per address. rate-limiter-flexible counts atomically (a point is consumed before
 * the work it pays for, so forty concurrent guesses cannot all pass a check made before any of them
 * fails). The counters live in PostgreSQL (RateLimiterPostgres: one `insert … on conflict do update
 * … returning` per consume), so every node behind a load balancer counts against the same limits;
 * the windows are computed from each node's clock (keep them in step, NTP).
 *
 * The insurance, when PostgreSQL cannot be reached or the statement fails: each limiter falls back
 * to an in-memory counter with the same limits on this node (rate-limiter-flexible's
 * `insuranceLimiter`). The throttle never fails open: during an outage a caller gets at most the
 * per-node limits of before, and the request then meets the outage itself (the account lookup, the
 * new client's insert), which the app answers as every outage, 503 with Retry-After (src/errors.ts).
 * Failing closed here instead would turn a slow or lost counter row into refused logins that the
 * database might still have served.
 */
export class CallerLimits {
  private readonly newClientsByAddress: RateLimiterPostgres;
  private readonly newClientsOverall: RateLimiterPostgres;
  private readonly loginFailuresByAddress: RateLimiterPostgres;
  private readonly loginFailuresByAccount: RateLimiterPostgres;
  private readonly store: { query(config: QueryConfig): Promise<unknown> };
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(limits: Limits, { pool, preparedStatements = true, log }: CallerLimitsStore) {
    // The pool as rate-limiter-flexible's `storeType: 'pool'` uses it (`query(config)`): named
    // statements only where they can be prepared; a failure logged, then handed to the insurance.
    const storeClient = {
      query: (config: QueryConfig) =>
        pool.query(preparedStatements ? config : { text: config.text, values: config.values }).catch((error: Error) => {
          log?.warn({ err: error }, 'caller limits: PostgreSQL store failed, counting on this node meanwhile');
          throw error;
        }),
    };
    this.store = storeClient;
    const limiter = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterPostgres({
        keyPrefix,
        points,
        duration,
        storeClient,
        storeType: 'pool',
        schemaName: SCHEMA,
        tableName: TABLE,
        tableCreated: true,
        clearExpiredByTimeout: false, // swept by startSweeping(), once for the four, and stopped with the app
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      });
    this.newClientsByAddress = limiter('new-clients-address', limits.clientsPerAddressPerHour, 3600);
    this.newClientsOverall = limiter('new-clients', limits.clientsPerHour, 3600);
    this.loginFailuresByAddress = limiter('login-address', limits.loginFailuresPerAddress, 60);
    this.loginFailuresByAccount = limiter('login-account', limits.loginFailuresPerAccount, 60);
  }

  /**
   * Deletes expired counters every five minutes (an address or an email that never comes back would
   * otherwise keep its row): the table holds at most the keys counted in the last window plus an
   * hour. Every node sweeps; a delete of rows already gone costs nothing.
   */
  startSweeping(): void {
    if (this.sweeping) return;
    this.sweeping = true;
    const next = () => {
      if (!this.sweeping) return;
      this.sweepTimer = setTimeout(() => void this.sweep().then(next), SWEEP_EVERY_MS);
      this.sweepTimer.unref();
    };
    next();
  }

  /** Deletes the rows expired more than an hour ago (as rate-limiter-flexible's own clearExpired would); never rejects. */
  async sweep(now = Date.now()): Promise<void> {
    await this.store.query({ text: `delete from ${SCHEMA}.${TABLE} where expire < $1`, values: [now - SWEEP_AFTER_MS] }).catch(() => {});
  }

  stopSweeping(): void {
    this.sweeping = false;
    clearTimeout(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  /** One registration or new client from `address`, or 429 with Retry-After (CLIENTS_PER_ADDRESS_PER_HOUR, CLIENTS_PER_HOUR). */
  async admitNewClient(address: string): Promise<void> {
    const key = countedKey(address);
    await this.newClientsByAddress.consume(key).catch((rejection) => {
      throw new Throttled(retryAfterSeconds(rejection), 'too many new API clients from this address: CLIENTS_PER_ADDRESS_PER_HOUR');
    });
    await this.newClientsOverall.consume('all').catch(async (rejection) => {
      await this.newClientsByAddress.reward(key); // refused for everybody: this address did not spend one
      throw new Throttled(retryAfterSeconds(rejection), 'too many new API clients are being created: CLIENTS_PER_HOUR');
    });
  }

  /**
   * Reserves one failure for `address` and `email` before the password is checked, or 429 when either
   * has no failure left in its minute (LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURES_PER_ACCOUNT).
   */
  async beginLogin(address: string, email: string): Promise<LoginAttempt> {
    const addressKey = countedKey(address);
    const account = countedKey(email.toLowerCase());
    await this.loginFailuresByAddress.consume(addressKey).catch((rejection) => {
      throw new Throttled(retryAfterSeconds(rejection), 'too many failed logins from this address: LOGIN_FAILURES_PER_ADDRESS');
    });
    await this.loginFailuresByAccount.consume(account).catch(async (rejection) => {
      await this.loginFailuresByAddress.reward(addressKey);
      throw new Throttled(retryAfterSeconds(rejection), 'too many failed logins for this account: LOGIN_FAILURES_PER_ACCOUNT');
    });
    return {
      giveBack: async () => {
        await Promise.all([this.loginFailuresByAddress.reward(addressKey), this.loginFailuresByAccount.reward(account)]);
      },
    };
  }
}
