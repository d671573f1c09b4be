import type { EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;

/** Between the statements of one message (tests split on it to count statements). */
export const STATEMENT_SEPARATOR = ';\n';

interface Pending {
  sql: string;
  resolve(rows: Row[]): void;
  reject(error: unknown): void;
}

/**
 * The read statements one request issues in the same turn of the event loop (a page and its count;
 * every relation of one GraphQL level), sent to PostgreSQL as one multi-statement message on the
 * request EntityManager's connection: one round trip instead of one each. Round trips are what a
 * GraphQL request mostly costs here (bench/graphql); the statements themselves are unchanged.
 *
 * Parameters are inlined exactly as MikroORM's `execute` does (the platform's escaping), so the
 * batch is the same SQL text that would have been sent one by one. PostgreSQL runs a simple-query
 * message as one implicit transaction: if any statement fails, all do, so a failed batch is re-run
 * one statement at a time and each caller gets its own answer or error.
 */
export class StatementBatch {
  private pending: Pending[] = [];

  constructor(private readonly em: EntityManager) {}

  rows<T extends Row = Row>(sql: string, params: unknown[]): Promise<T[]> {
    const formatted = this.em.getPlatform().formatQuery(sql, params);
    return new Promise<T[]>((resolve, reject) => {
      this.pending.push({ sql: formatted, resolve: resolve as (rows: Row[]) => void, reject });
      // After the current turn's promise jobs and ticks: DataLoader dispatches each batch in its own tick.
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 1) return this.runAlone(batch[0]);
    let results: Array<{ rows: Row[] }>;
    try {
      results = (await this.em.getConnection().getKnex().raw(batch.map((statement) => statement.sql).join(STATEMENT_SEPARATOR))) as Array<{ rows: Row[] }>;
    } catch {
      await Promise.all(batch.map((statement) => this.runAlone(statement)));
      return;
    }
    batch.forEach((statement, index) => statement.resolve(results[index].rows));
  }

  private async runAlone(statement: Pending): Promise<void> {
    try {
      const result = (await this.em.getConnection().getKnex().raw(statement.sql)) as { rows: Row[] };
      statement.resolve(result.rows);
    } catch (error) {
      statement.reject(error);
    }
  }
}

const batches = new WeakMap<EntityManager, StatementBatch>();

/** The batch of a request's EntityManager (each request forks its own). */
export function statementBatchOf(em: EntityManager): StatementBatch {
  let batch = batches.get(em);
  if (!batch) batches.set(em, (batch = new StatementBatch(em)));
  return batch;
}
