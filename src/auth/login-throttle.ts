import { Throttled } from '../errors';

/**
 * Failed logins per (address, email) in a sliding minute: past the limit, 429
 * with Retry-After. @fastify/rate-limit counts every request, not failures,
 * so it cannot express "5 wrong passwords"; this is the 20 lines it would take
 * to bend it. In-process: behind a load balancer each node counts its own.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  assertAllowed(key: string): void {
    const recent = this.recent(key);
    if (recent.length >= this.limit) {
      throw new Throttled(Math.max(1, Math.ceil((recent[0] + this.windowMs - this.now()) / 1000)));
    }
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > cutoff);
  }
}
