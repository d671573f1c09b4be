import 'reflect-metadata';
import { DataloaderType, MikroORM, ReflectMetadataProvider, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { domainEntities } from '../domain';
import { underMaxSchemas } from './connection-recycling';

export type Orm = MikroORM<PostgreSqlDriver>;

/** The application_name of the ORM's connections: the ones requests run on. */
export const REQUEST_CONNECTIONS = 'sandbox-gateway-requests';

export interface OrmOptions {
  databaseUrl: string;
  poolSize?: number;
  debug?: boolean;
  /** PostgreSQL cancels any statement running longer (REQUEST_DEADLINE_MS). */
  statementTimeoutMs?: number;
  /** A request connection is replaced once it has served more schemas (DATABASE_CONNECTION_MAX_SCHEMAS; 0: never). */
  connectionMaxSchemas?: number;
  /**
   * The connections ask for generic plans (`plan_cache_mode=force_generic_plan`, a startup option):
   * a prepared write's plan is the same whatever its values, and planning it again for each one
   * (custom plans, which PostgreSQL's `auto` often keeps for a CTE write) doubled its cost in bench
   * plans. Reads carry their values inline, so it changes nothing for them. Only with prepared
   * statements (DATABASE_PREPARED_STATEMENTS): unnamed statements are planned per execution anyway,
   * and a transaction pooler that cannot keep prepared statements may refuse startup options too.
   */
  genericPlans?: boolean;
  /** Only for generating migrations: entities lose their wildcard schema so the SQL is unqualified. */
  unqualified?: boolean;
}

export function ormOptions({ databaseUrl, poolSize = 10, debug = false, unqualified = false, statementTimeoutMs, connectionMaxSchemas = 0, genericPlans = false }: OrmOptions): Options<PostgreSqlDriver> {
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
    // `validate` is knex's (tarn's) hook, passed through by MikroORM though its PoolConfig type omits it.
    pool: { min: 0, max: poolSize, validate: underMaxSchemas(connectionMaxSchemas) } as Options['pool'],
    // Named, so pg_stat_activity tells the request connections from the provisioning and control-plane pools.
    driverOptions: {
      connection: {
        application_name: REQUEST_CONNECTIONS,
        ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
        ...(genericPlans ? { options: '-c plan_cache_mode=force_generic_plan' } : {}),
      },
    },
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
