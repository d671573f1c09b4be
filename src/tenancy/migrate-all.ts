import { performance } from 'node:perf_hooks';
import { escapeIdentifier, escapeLiteral, type Pool, type PoolClient } from 'pg';
import { applyMigrationsInTransaction, migrationScripts, type MigrationScript } from '../db/migrations';
import { inTransaction } from '../db/transaction';

/** What happened to one schema. `applied` is empty and `error` unset for a schema that was up to date. */
export interface SchemaMigrateResult {
  schema: string;
  applied: string[];
  error?: string;
  ms: number;
}

export interface MigrateReport {
  /** `public` first, then every ready client schema in registry order (up-to-date ones included). */
  schemas: SchemaMigrateResult[];
  /** Schemas that were behind and got their pending migrations. */
  migrated: number;
  /** Schemas that had nothing pending (or whose client stopped being ready before its turn). */
  upToDate: number;
  failed: number;
  total: number;
  /** Migrations applied, summed over schemas. */
  migrationsApplied: number;
  ms: number;
}

export interface MigrateProgress {
  /** Schemas that were behind and have been handled so far (migrated or failed). */
  done: number;
  /** Schemas that were behind. */
  total: number;
  result: SchemaMigrateResult;
}

export interface MigrateAllOptions {
  /** Client schemas migrated at once (each on its own pooled connection). */
  concurrency?: number;
  /** The migrations to bring every schema to (default: the checked-in ones). */
  scripts?: MigrationScript[];
  /** Called after each schema that was behind has been handled. */
  onProgress?: (progress: MigrateProgress) => void;
  /** Called once with the number of schemas that are behind, before any is migrated. */
  onPlan?: (plan: { behind: number; checked: number }) => void;
}

/**
 * How many schemas one fast-path query reads: each table read takes a lock for the
 * statement's transaction, so very large fleets are checked in a few statements
 * rather than one statement holding thousands of locks.
 */
const CHECK_BATCH = 2000;

interface Candidate {
  schema: string;
  isPublic: boolean;
  /** Has a `mikro_orm_migrations` table (a missing schema has none). */
  tracked: boolean;
}

/**
 * Applies pending migrations to `public`, then to every `ready` client schema
 * (DESIGN §4). A client that is `provisioning` gets every migration when it is
 * built; a `failed` one when it is reset.
 *
 * Fast path: one catalog query lists the ready clients with whether their schema
 * and its `mikro_orm_migrations` table exist, then one query (a UNION ALL over all
 * those tables) counts what each schema has applied. Only the schemas that are
 * behind get a transaction, so a no-op run over a thousand schemas costs two
 * round trips.
 *
 * Each schema is migrated in its own transaction, holding a share lock on its
 * registry row (so a concurrent reset or delete waits for it, and a client deleted
 * meanwhile is skipped rather than re-created). A failure is recorded and the
 * others carry on; a re-run resumes with whatever is still behind. If `public`
 * fails, the clients that are behind are not attempted: a client must never get
 * ahead of the schema new clients are copied from.
 */
export async function migrateAllSchemas(pool: Pool, options: MigrateAllOptions = {}): Promise<MigrateReport> {
  const started = performance.now();
  const scripts = options.scripts ?? (await migrationScripts());
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));

  const candidates = await listCandidates(pool);
  const behind = await schemasBehind(pool, candidates, scripts);
  const results = new Map<string, SchemaMigrateResult>();
  for (const candidate of candidates) {
    if (!behind.has(candidate.schema)) results.set(candidate.schema, { schema: candidate.schema, applied: [], ms: 0 });
  }

  // The ones already there say so in the registry (clients from before it recorded them, or whose row fell behind).
  await recordMigrated(pool, candidates.filter((candidate) => !candidate.isPublic && !behind.has(candidate.schema)).map((candidate) => candidate.schema), scripts);
  const queue = candidates.filter((candidate) => behind.has(candidate.schema));
  options.onPlan?.({ behind: queue.length, checked: candidates.length });
  let done = 0;
  const record = (result: SchemaMigrateResult) => {
    results.set(result.schema, result);
    options.onProgress?.({ done: ++done, total: queue.length, result });
  };

  let clients = queue;
  if (queue[0]?.isPublic) {
    const publicResult = await migrateOne(pool, queue[0], scripts);
    record(publicResult);
    clients = queue.slice(1);
    if (publicResult.error) {
      for (const candidate of clients) {
        record({ schema: candidate.schema, applied: [], error: 'not attempted: public failed to migrate', ms: 0 });
      }
      clients = [];
    }
  }

  await runPool(clients, concurrency, async (candidate) => record(await migrateOne(pool, candidate, scripts)));

  const schemas = candidates.map((candidate) => results.get(candidate.schema)!);
  const failed = schemas.filter((result) => result.error !== undefined).length;
  const migrated = schemas.filter((result) => result.error === undefined && result.applied.length > 0).length;
  return {
    schemas,
    migrated,
    upToDate: schemas.length - migrated - failed,
    failed,
    total: schemas.length,
    migrationsApplied: schemas.reduce((sum, result) => sum + result.applied.length, 0),
    ms: performance.now() - started,
  };
}

/** The schemas (`public` first, then ready clients) that lack a migration, read from each schema's own ledger. */
export async function schemasNeedingMigration(pool: Pool, scripts?: MigrationScript[]): Promise<string[]> {
  const candidates = await listCandidates(pool);
  const behind = await schemasBehind(pool, candidates, scripts ?? (await migrationScripts()));
  return candidates.map((candidate) => candidate.schema).filter((schema) => behind.has(schema));
}

/**
 * Whether `public` and every ready client have every migration, at the same cost whatever the number
 * of clients (what /readyz asks on every probe): `public`'s ledger, and the migration each client's
 * row records (written by provisioning and by migrate-all), through a partial index. Migration names
 * begin with their timestamp, so "behind" is "sorts before the last one".
 */
export async function allMigrated(pool: Pool, scripts?: MigrationScript[]): Promise<boolean> {
  const names = (scripts ?? (await migrationScripts())).map((script) => script.name);
  if (names.length === 0) return true;
  const { rows } = await pool.query<{ public_done: number; clients_behind: boolean }>(
    `select (select count(distinct name)::int from public.mikro_orm_migrations where name = any($1::text[])) as public_done,
            exists (select 1 from gateway.api_clients where status = 'ready' and (migration is null or migration < $2)) as clients_behind`,
    [names, names.at(-1)],
  );
  return rows[0].public_done === names.length && !rows[0].clients_behind;
}

/** `public` and every ready client schema, with whether each has a tracking table: one query. */
async function listCandidates(pool: Pool): Promise<Candidate[]> {
  const { rows } = await pool.query<Candidate>(
    `with targets as (
       select 'public'::text as schema, true as is_public, 0 as position
       union all
       select schema_name::text, false, id from gateway.api_clients where status = 'ready'
     )
     select t.schema, t.is_public as "isPublic",
            exists (select 1 from pg_class c
                     where c.relnamespace = n.oid and c.relname = 'mikro_orm_migrations' and c.relkind in ('r', 'p')) as tracked
       from targets t
       left join pg_namespace n on n.nspname = t.schema
      order by t.is_public desc, t.position`,
  );
  return rows;
}

/**
 * The schemas that lack at least one of `scripts`: those with no tracking table,
 * plus those whose table (read by one UNION ALL per batch) has fewer of the names.
 */
async function schemasBehind(pool: Pool, candidates: Candidate[], scripts: MigrationScript[]): Promise<Set<string>> {
  const behind = new Set<string>();
  const tracked: string[] = [];
  for (const candidate of candidates) {
    if (candidate.tracked) tracked.push(candidate.schema);
    else behind.add(candidate.schema);
  }
  if (scripts.length === 0) return behind;
  const names = scripts.map((script) => script.name);
  for (let start = 0; start < tracked.length; start += CHECK_BATCH) {
    const batch = tracked.slice(start, start + CHECK_BATCH);
    // One aggregate over the union: an aggregate (or a parameter) in each branch costs ~5× more at 1,000 schemas.
    const union = batch
      .map((schema) => `select ${escapeLiteral(schema)}::text as schema, name from ${escapeIdentifier(schema)}.mikro_orm_migrations`)
      .join('\nunion all\n');
    const { rows } = await pool.query<{ schema: string; done: number }>(
      `select schema, count(distinct name)::int as done from (${union}) applied where name = any($1::text[]) group by schema`,
      [names],
    );
    const done = new Map(rows.map((row) => [row.schema, row.done]));
    for (const schema of batch) if ((done.get(schema) ?? 0) < names.length) behind.add(schema);
  }
  return behind;
}

/** One schema, one transaction: every pending script, or none of them. */
async function migrateOne(pool: Pool, candidate: Candidate, scripts: MigrationScript[]): Promise<SchemaMigrateResult> {
  const started = performance.now();
  const { schema } = candidate;
  try {
    const applied = await inTransaction(pool, async (db) => {
      if (!candidate.isPublic && !(await lockReadyClient(db, schema))) return [];
      const exists = await db.query('select 1 from pg_namespace where nspname = $1', [schema]);
      if (exists.rowCount === 0) throw new Error(`schema "${schema}" does not exist`);
      const names: string[] = [];
      for (const script of scripts) {
        try {
          names.push(...(await applyMigrationsInTransaction(db, schema, [script])));
        } catch (error) {
          throw new Error(`${script.name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
      }
      if (!candidate.isPublic) await recordMigrated(db, [schema], scripts);
      return names;
    });
    return { schema, applied, ms: performance.now() - started };
  } catch (error) {
    return { schema, applied: [], error: error instanceof Error ? error.message : String(error), ms: performance.now() - started };
  }
}

/** Writes into the registry that these client schemas have every script (what /readyz reads). */
async function recordMigrated(db: Pick<Pool, 'query'>, schemas: string[], scripts: MigrationScript[]): Promise<void> {
  const latest = scripts.at(-1)?.name;
  if (!latest || schemas.length === 0) return;
  await db.query(
    `update gateway.api_clients set migration = $2 where schema_name = any($1::text[]) and status = 'ready' and migration is distinct from $2`,
    [schemas, latest],
  );
}

/**
 * Share-locks the client's registry row for the transaction, if it is still ready:
 * a reset (`provisioning`) or a delete waits for this migration to commit, and a
 * client deleted or reset since the listing is skipped.
 */
async function lockReadyClient(db: PoolClient, schema: string): Promise<boolean> {
  const { rowCount } = await db.query(`select 1 from gateway.api_clients where schema_name = $1 and status = 'ready' for share`, [schema]);
  return (rowCount ?? 0) > 0;
}

/** Runs `work` over `items` with at most `concurrency` at once, in order of start. */
async function runPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
