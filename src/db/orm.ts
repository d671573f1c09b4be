import 'reflect-metadata';
import { DataloaderType, MikroORM, ReflectMetadataProvider, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { domainEntities } from '../domain';

export type Orm = MikroORM<PostgreSqlDriver>;

export interface OrmOptions {
  databaseUrl: string;
  poolSize?: number;
  debug?: boolean;
  /** PostgreSQL cancels any statement running longer (REQUEST_DEADLINE_MS). */
  statementTimeoutMs?: number;
  /** Only for generating migrations: entities lose their wildcard schema so the SQL is unqualified. */
  unqualified?: boolean;
}

export function ormOptions({ databaseUrl, poolSize = 10, debug = false, unqualified = false, statementTimeoutMs }: OrmOptions): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
    // libpq's `?host=/socket/dir` (a Unix socket), which pg's own URL parser honours and MikroORM's ignores.
    host: new URL(databaseUrl).searchParams.get('host') ?? undefined,
    entities: domainEntities,
    metadataProvider: ReflectMetadataProvider,
    discovery: {
      disableDynamicFileAccess: true,
      onMetadata: unqualified ? (meta) => void (meta.schema = undefined) : undefined,
    },
    pool: { min: 0, max: poolSize },
    driverOptions: statementTimeoutMs ? { connection: { statement_timeout: statementTimeoutMs } } : {},
    // Batch lazy reference loads. Not collections: MikroORM 6.6's M:N collection dataloader
    // drops the EntityManager's schema and reads `public` (test/tenancy/isolation.test.ts).
    dataloader: DataloaderType.REFERENCE,
    allowGlobalContext: false,
    debug,
    ensureDatabase: false,
    // Each schema's usage counter (migrations/…_usage.ts) is no entity: the schema diff leaves it alone.
    schemaGenerator: { skipTables: ['sandbox_usage'] },
    migrations: { path: 'migrations', pathTs: 'migrations', snapshot: false, transactional: true, emit: 'ts' },
  };
}

export function initOrm(options: OrmOptions): Promise<Orm> {
  return MikroORM.init<PostgreSqlDriver>(ormOptions(options));
}
