import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { Throttled } from '../errors';
import type { Limits } from './limits';

/** A refused consume: what rate-limiter-flexible rejects with, the time to wait in it. */
function retryAfterSeconds(rejection: unknown): number {
  if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  throw rejection; // not a refusal: the store failed
}

/** A login attempt that holds a failure in reserve: kept if the password was wrong, given back otherwise. */
export interface LoginAttempt {
  giveBack(): Promise<void>;
}

/**
 * What one caller may start (DESIGN §9): new API clients per address and overall, and failed logins
 * per account and per address. rate-limiter-flexible counts atomically (a point is consumed before
 * the work it pays for, so forty concurrent guesses cannot all pass a check made before any of them
 * fails); its in-memory store keeps each key only for its window. Per node: behind N nodes, N times
 * the limits (SECURITY.md).
 */
export class CallerLimits {
  private readonly newClientsByAddress: RateLimiterMemory;
  private readonly newClientsOverall: RateLimiterMemory;
  private readonly loginFailuresByAddress: RateLimiterMemory;
  private readonly loginFailuresByAccount: RateLimiterMemory;

  constructor(limits: Limits) {
    this.newClientsByAddress = new RateLimiterMemory({ keyPrefix: 'new-clients-address', points: limits.clientsPerAddressPerHour, duration: 3600 });
    this.newClientsOverall = new RateLimiterMemory({ keyPrefix: 'new-clients', points: limits.clientsPerHour, duration: 3600 });
    this.loginFailuresByAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: limits.loginFailuresPerAddress, duration: 60 });
    this.loginFailuresByAccount = new RateLimiterMemory({ keyPrefix: 'login-account', points: limits.loginFailuresPerAccount, duration: 60 });
  }

  /** One registration or new client from `address`, or 429 with Retry-After (CLIENTS_PER_ADDRESS_PER_HOUR, CLIENTS_PER_HOUR). */
  async admitNewClient(address: string): Promise<void> {
    await this.newClientsByAddress.consume(address).catch((rejection) => {
      throw new Throttled(retryAfterSeconds(rejection), 'too many new API clients from this address: CLIENTS_PER_ADDRESS_PER_HOUR');
    });
    await this.newClientsOverall.consume('all').catch(async (rejection) => {
      await this.newClientsByAddress.reward(address); // refused for everybody: this address did not spend one
      throw new Throttled(retryAfterSeconds(rejection), 'too many new API clients are being created: CLIENTS_PER_HOUR');
    });
  }

  /**
   * Reserves one failure for `address` and `email` before the password is checked, or 429 when either
   * has no failure left in its minute (LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURES_PER_ACCOUNT).
   */
  async beginLogin(address: string, email: string): Promise<LoginAttempt> {
    const account = email.toLowerCase();
    await this.loginFailuresByAddress.consume(address).catch((rejection) => {
      throw new Throttled(retryAfterSeconds(rejection), 'too many failed logins from this address: LOGIN_FAILURES_PER_ADDRESS');
    });
    await this.loginFailuresByAccount.consume(account).catch(async (rejection) => {
      await this.loginFailuresByAddress.reward(address);
      throw new Throttled(retryAfterSeconds(rejection), 'too many failed logins for this account: LOGIN_FAILURES_PER_ACCOUNT');
    });
    return {
      giveBack: async () => {
        await Promise.all([this.loginFailuresByAddress.reward(address), this.loginFailuresByAccount.reward(account)]);
      },
    };
  }
}
