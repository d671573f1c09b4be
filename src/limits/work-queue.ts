import pLimit from 'p-limit';
import { ServiceUnavailable } from '../errors';

/**
 * Expensive work (argon2, building a schema) run `concurrency` at a time, with at most `waiting`
 * jobs in line; past that, a 503 with Retry-After at once instead of an ever longer line.
 * p-limit keeps the line (its v3, the last CommonJS major: v4+ are ESM-only); the bound on the
 * line is ours, since p-limit's own line is unbounded.
 */
export class WorkQueue {
  private readonly limit: pLimit.Limit;

  constructor(
    private readonly concurrency: number,
    private readonly waiting: number,
    /** The 503's detail, naming what is busy and the variable that bounds it. */
    private readonly busy: string,
    private readonly retryAfterSeconds = 1,
  ) {
    this.limit = pLimit(concurrency);
  }

  private reserved = 0;

  /** Whether a job given now would be refused. */
  get full(): boolean {
    return this.limit.activeCount + this.limit.pendingCount + this.reserved >= this.concurrency + this.waiting;
  }

  run<T>(job: () => Promise<T>): Promise<T> {
    if (this.full) return Promise.reject(new ServiceUnavailable(this.busy, this.retryAfterSeconds));
    return this.limit(job);
  }

  /**
   * A place in line taken now for a job given later (after work that must not be done at all if there
   * is no room: creating the account a schema is built for), or a 503 at once. Cancel it if the job never comes.
   */
  reserve(): WorkTicket {
    if (this.full) throw new ServiceUnavailable(this.busy, this.retryAfterSeconds);
    this.reserved++;
    let held = true;
    const release = () => {
      if (held) this.reserved--;
      held = false;
    };
    return {
      run: (job) => {
        release();
        return this.limit(job);
      },
      cancel: release,
    };
  }

  /** Runs `job` whether or not the line is full (work the service owes, such as resuming builds after a restart). */
  runAnyway<T>(job: () => Promise<T>): Promise<T> {
    return this.limit(job);
  }
}

export interface WorkTicket {
  run<T>(job: () => Promise<T>): Promise<T>;
  cancel(): void;
}
