import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { noteSchema } from './connection-recycling';
import { currentDeadline } from './request-deadline';
import { isDatabaseUnavailable, isStatementCancelled } from '../errors';
import { StatementTooLarge } from '../limits/request-cost';

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
    let formatted: string;
    try {
      formatted = boundedStatement(this.em, sql, params);
    } catch (error) {
      return Promise.reject(error);
    }
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
      const text = batch.map((statement) => statement.sql).join(STATEMENT_SEPARATOR);
      results = (await sendOnPool(this.em, () => ({ text }))) as Array<{ rows: Row[] }>;
    } catch (error) {
      // The deadline, a cancel or a lost database fails every statement alike: no re-run.
      if (isStatementCancelled(error as never) || isDatabaseUnavailable(error as never) || currentDeadline()?.expired) {
        for (const statement of batch) statement.reject(error);
        return;
      }
      // One statement's own error failed the message: each caller gets its own answer, one statement at a time.
      for (const statement of batch) await this.runAlone(statement);
      return;
    }
    batch.forEach((statement, index) => statement.resolve(results[index].rows));
  }

  private async runAlone(statement: Pending): Promise<void> {
    try {
      statement.resolve(await runOnPool(this.em, statement.sql, []));
    } catch (error) {
      statement.reject(error);
    }
  }
}

/**
 * One statement with its values bound as `$n` parameters, never inlined, on the EntityManager's
 * connection and transaction: a write, whose text is then the same for every value, so it is a
 * prepared statement from its second sighting (PostgreSQL plans it once per connection, and reuses
 * a generic plan when that is no costlier). Only its SQL counts toward MAX_STATEMENT_BYTES: its
 * values are the caller's body, bounded by MAX_BODY_BYTES.
 */
export async function runBound(em: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
  const { maxStatementBytes } = settingsOf(em);
  const bytes = Buffer.byteLength(sql);
  if (bytes > maxStatementBytes) throw new StatementTooLarge(bytes, maxStatementBytes);
  const context = em.getTransactionContext();
  if (context) return ((await rawQuery(em, sql, params).transacting(context)) as { rows: Row[] }).rows;
  return runOnPool(em, sql, params);
}

/**
 * A statement alone on a pooled connection, named (prepared) when it is seen again and short enough.
 * It goes to pg directly on a connection of knex's pool (acquired and released through knex, so the
 * request deadline still tracks it and a retired connection is still destroyed): knex's runner,
 * builder and binding rewrite cost a write about a tenth of its CPU (bench load's profile), and
 * neither its query builder nor its response processing serves a raw statement. Its `query` event
 * is still emitted, so whatever listens to knex (the statement-count tests) sees every statement.
 */
async function runOnPool(em: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
  const { prepared, maxPreparedStatementBytes } = settingsOf(em);
  const text = params.length ? positional(sql, params.length, maxPreparedStatementBytes) : sql;
  // A long statement (a big `in` list, say) is never kept on a pooled connection.
  const name = prepared && sql.length <= maxPreparedStatementBytes ? preparedNames.nameFor(text) : undefined;
  const result = (await sendOnPool(em, (connection) => {
    // Past its cap a connection runs new statements unnamed (see PREPARED_PER_CONNECTION).
    const named = name && (name in connection.connection.parsedStatements || Object.keys(connection.connection.parsedStatements).length < PREPARED_PER_CONNECTION) ? name : undefined;
    return named ? { text, values: params, name: named } : { text, values: params };
  })) as { rows: Row[] };
  return result.rows;
}

/**
 * One message on a connection of knex's pool, acquired and released through knex (so the request
 * deadline tracks it and a retired one is destroyed), noted as serving the EntityManager's schema
 * (a connection past DATABASE_CONNECTION_MAX_SCHEMAS is replaced: src/db/connection-recycling.ts),
 * and announced as knex's `query` event. `queryFor` may look at the connection (what it has prepared).
 * Resolves with pg's result: one, or one per statement of a multi-statement text.
 */
async function sendOnPool(em: EntityManager, queryFor: (connection: PgClient) => { text: string; values?: unknown[]; name?: string }): Promise<unknown> {
  const knexClient = em.getConnection().getKnex().client as KnexClient;
  const connection = (await knexClient.acquireConnection()) as PgClient;
  try {
    noteSchema(connection, em.schema ?? 'public');
    const query = queryFor(connection);
    knexClient.emit('query', { sql: query.text, bindings: query.values ?? [], method: 'raw', options: query.name ? { name: query.name } : {} });
    return await connection.query(query);
  } finally {
    knexClient.releaseConnection(connection);
  }
}

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): unknown;
  emit(event: 'query', query: object): void;
}

/** knex's raw query; with no parameters none is looked for (an inlined statement's text may hold a `?`). */
const rawQuery = (em: EntityManager, sql: string, params: unknown[]) => {
  const knex = em.getConnection().getKnex();
  return params.length ? knex.raw(sql, params as never[]) : knex.raw(sql);
};

/**
 * knex's placeholders (`?`, and `\?` for a literal question mark) as PostgreSQL's `$n`, the way
 * knex's raw + positionBindings rewrite them; remembered per text, since a bound statement's text is
 * the same for every value (only texts short enough to prepare: the memory kept stays bounded).
 */
function positional(sql: string, count: number, maxKeptBytes: number): string {
  let text = positionalTexts.get(sql);
  if (text === undefined) {
    let index = 0;
    text = sql.replace(/\\?\?\??/g, (match) => {
      if (match === '\\?') return '?';
      if (match === '??') throw new Error('identifier bindings (??) are not supported in a bound statement');
      return `$${++index}`;
    });
    if (index !== count) throw new Error(`Expected ${count} bindings, saw ${index}`);
    if (sql.length > maxKeptBytes) return text;
    if (positionalTexts.size >= SIGHTINGS_KEPT) positionalTexts.delete(positionalTexts.keys().next().value!);
    positionalTexts.set(sql, text);
  }
  return text;
}

const positionalTexts = new Map<string, string>();

/** Statements are prepared from their second sighting: a one-off (a new literal, say) is not worth a plan kept on a connection. */
const PREPARE_FROM_SIGHTING = 2;
const SIGHTINGS_KEPT = 1000;
/**
 * A connection prepares no more than this; past it, new statements run unnamed on it. (Not DEALLOCATE:
 * behind PgBouncer, which tracks protocol-level prepared statements, an SQL DEALLOCATE breaks its map.)
 */
const PREPARED_PER_CONNECTION = 100;

/**
 * Statement texts recently sent alone, by name, most recent last. A statement seen before is sent as
 * a named prepared statement (a read's values inlined, as PostGraphile does; a write's bound), so each
 * connection parses and plans it once; planning a tree read costs PostgreSQL about as much as
 * running it (bench/graphql).
 */
class PreparedNames {
  private readonly sightings = new Map<string, number>();

  nameFor(sql: string): string | undefined {
    const name = `sg_${createHash('sha1').update(sql).digest('base64url')}`;
    const seen = (this.sightings.get(name) ?? 0) + 1;
    this.sightings.delete(name);
    this.sightings.set(name, seen);
    if (this.sightings.size > SIGHTINGS_KEPT) this.sightings.delete(this.sightings.keys().next().value!);
    return seen >= PREPARE_FROM_SIGHTING ? name : undefined;
  }
}

const preparedNames = new PreparedNames();

export interface StatementSettings {
  /** Reads sent a second time may be named prepared statements (DATABASE_PREPARED_STATEMENTS). */
  prepared: boolean;
  /** No statement longer is sent (MAX_STATEMENT_BYTES). */
  maxStatementBytes: number;
  /** No statement longer is prepared (MAX_PREPARED_STATEMENT_BYTES). */
  maxPreparedStatementBytes: number;
}

const DEFAULT_SETTINGS: StatementSettings = { prepared: false, maxStatementBytes: 100_000, maxPreparedStatementBytes: 16_384 };
const settings = new WeakMap<object, StatementSettings>();

/** How reads on this ORM's connections are sent (until said: nothing prepared, the default size bounds). */
export function configureStatements(orm: { config: object }, given: StatementSettings): void {
  settings.set(orm.config, given);
}

/**
 * A statement with its parameters inlined as MikroORM's `execute` inlines them, refused past
 * MAX_STATEMENT_BYTES. With `valuesExempt`, the text values do not count: a write's values are the
 * caller's body, already bounded by MAX_BODY_BYTES; what is bounded is the SQL compiled around them.
 */
export function boundedStatement(em: EntityManager, sql: string, params: unknown[], valuesExempt = false): string {
  const platform = em.getPlatform();
  const formatted = platform.formatQuery(sql, params);
  const { maxStatementBytes } = settingsOf(em);
  let bytes = Buffer.byteLength(formatted);
  if (valuesExempt && bytes > maxStatementBytes) bytes = Buffer.byteLength(platform.formatQuery(sql, params.map((param) => (typeof param === 'string' ? '' : param))));
  if (bytes > maxStatementBytes) throw new StatementTooLarge(bytes, maxStatementBytes);
  return formatted;
}

function settingsOf(em: EntityManager): StatementSettings {
  return settings.get(em.config) ?? DEFAULT_SETTINGS;
}

/** pg's record of what a connection has prepared (not part of its typed API). */
type PgClient = Client & { connection: { parsedStatements: Record<string, string> } };

const batches = new WeakMap<EntityManager, StatementBatch>();

/** The batch of a request's EntityManager (each request forks its own). */
export function statementBatchOf(em: EntityManager): StatementBatch {
  let batch = batches.get(em);
  if (!batch) batches.set(em, (batch = new StatementBatch(em)));
  return batch;
}
