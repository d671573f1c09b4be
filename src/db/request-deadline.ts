import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from 'pg';

/** pg's client as knex hands it out, with what the deadline needs of it. */
type PgConnection = Client & {
  processID: number | null;
  secretKey: number | null;
  host: string;
  port: number;
  activeQuery: unknown;
  /** knex's mark for a connection its pool must destroy instead of handing out again. */
  __knex__disposed?: unknown;
};

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): unknown;
}

/** A request asked for database work after its deadline: answered 502 like a statement PostgreSQL cancelled. */
export class DeadlineExceeded extends Error {
  readonly code = '57014'; // query_canceled: every door already maps it to the deadline's answer
  constructor() {
    super('The request deadline has passed: no more database work for it.');
    this.name = 'DeadlineExceeded';
  }
}

/**
 * One deadline for all the database work of one request, however many statements it makes
 * (DESIGN §9): `statement_timeout` alone bounds each statement, so 15 aliased reads could hold a
 * connection for 15 times the deadline. Every connection the request holds is known here; at the
 * deadline the statement running on each is cancelled (PostgreSQL's CancelRequest, which a
 * transaction-mode PgBouncer forwards), the connection is retired rather than handed to another
 * request (a cancel still in flight must not hit someone else's statement), and no new
 * connection is given to the request.
 */
export class DatabaseDeadline {
  private readonly held = new Set<PgConnection>();
  private stopped = false;

  constructor(readonly at: number) {}

  get expired(): boolean {
    return this.stopped || Date.now() >= this.at;
  }

  remainingMs(): number {
    return this.stopped ? 0 : Math.max(0, this.at - Date.now());
  }

  /** The deadline is here: cancel what runs, refuse what comes. */
  expire(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const connection of this.held) retire(connection);
  }

  hold(connection: PgConnection): void {
    this.held.add(connection);
  }

  let(connection: PgConnection): void {
    this.held.delete(connection);
  }
}

function retire(connection: PgConnection): void {
  connection.__knex__disposed ??= 'retired at a request deadline';
  if (connection.activeQuery && connection.processID !== null) {
    // pg's cancel(): a short connection to the same server that sends CancelRequest for this backend.
    const canceller = new Client({ host: connection.host, port: connection.port });
    try {
      (canceller as unknown as { cancel(target: Client, query: unknown): void }).cancel(connection, connection.activeQuery);
      (canceller as unknown as { connection: { on(event: string, listener: () => void): void } }).connection.on('error', () => {});
    } catch {
      // The statement_timeout behind every statement is still there.
    }
  }
}

const current = new AsyncLocalStorage<DatabaseDeadline>();

/** Runs `work` (and everything it starts) under `deadline`. */
export function runWithDeadline<T>(deadline: DatabaseDeadline, work: () => T): T {
  return current.run(deadline, work);
}

export function currentDeadline(): DatabaseDeadline | undefined {
  return current.getStore();
}

const DEADLINE = Symbol('request deadline');
const tracked = new WeakSet<KnexClient>();

/**
 * Makes the ORM's knex pool give connections to a request only before its deadline, and tell the
 * deadline which connections the request holds (from acquire to release, a transaction included).
 */
export function trackConnectionsByDeadline(knexClient: KnexClient): void {
  if (tracked.has(knexClient)) return;
  tracked.add(knexClient);
  const acquire = knexClient.acquireConnection.bind(knexClient);
  const release = knexClient.releaseConnection.bind(knexClient);
  knexClient.acquireConnection = async () => {
    const deadline = current.getStore();
    if (deadline?.expired) throw new DeadlineExceeded();
    const connection = (await acquire()) as PgConnection & { [DEADLINE]?: DatabaseDeadline };
    if (!deadline) return connection;
    if (deadline.expired) {
      // It passed while the request waited for the pool: give the connection back unused.
      release(connection);
      throw new DeadlineExceeded();
    }
    connection[DEADLINE] = deadline;
    deadline.hold(connection);
    return connection;
  };
  knexClient.releaseConnection = (connection) => {
    const held = connection as PgConnection & { [DEADLINE]?: DatabaseDeadline };
    held[DEADLINE]?.let(held);
    delete held[DEADLINE];
    return release(connection);
  };
}
