import type { Pool } from 'pg';
import { migrateSchema, type MigrationScript } from '../db/migrations';

/**
 * The control plane lives in its own schema, `gateway`: never copied into a
 * client, never exposed as a domain resource (DESIGN §2). It is migrated by the
 * same runner as the domain, from this list.
 */
export const CONTROL_PLANE_SCHEMA = 'gateway';

export const controlPlaneMigrations: MigrationScript[] = [
  {
    name: 'gateway_001_api_clients_tokens_sessions',
    statements: [
      `create table api_clients (
         id serial primary key,
         name varchar(100) not null,
         owner_id int not null,
         schema_name varchar(63) not null unique,
         api_key varchar(64) not null unique,
         status text not null default 'provisioning' check (status in ('provisioning', 'ready', 'failed')),
         error text,
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         ready_at timestamptz
       )`,
      'create index api_clients_owner_id_index on api_clients (owner_id)',
      `create table token_blacklist (
         jti uuid primary key,
         user_id int not null,
         expires_at timestamptz not null,
         blacklisted_at timestamptz not null default now()
       )`,
      `create table sessions (
         id varchar(64) primary key,
         user_id int not null,
         client_id int references api_clients (id) on delete set null,
         csrf_token varchar(64) not null,
         expires_at timestamptz not null,
         created_at timestamptz not null default now()
       )`,
      'create index sessions_expires_at_index on sessions (expires_at)',
      // Every node caches Api-Key → client; a change anywhere (API, operator CLI, SQL) tells them all.
      `create function notify_api_client_change() returns trigger language plpgsql as $$
       begin
         perform pg_notify('gateway_api_clients', coalesce(old.id, new.id)::text);
         return null;
       end $$`,
      `create trigger api_clients_changed after update or delete on api_clients
         for each row execute function notify_api_client_change()`,
    ],
  },
  {
    name: 'gateway_002_generation_migration_expiry',
    statements: [
      // A reset starts the client's users over (ids reused): tokens carry the generation they were issued in.
      'alter table api_clients add column generation int not null default 0',
      // The last domain migration the schema has (written by provisioning and migrate-all): /readyz reads this, not every schema.
      'alter table api_clients add column migration text',
      'alter table api_clients add column last_used_at timestamptz not null default now()',
      'alter table api_clients drop constraint api_clients_status_check',
      `alter table api_clients add constraint api_clients_status_check check (status in ('provisioning', 'ready', 'failed', 'expired'))`,
      `create index api_clients_ready_migration_index on api_clients (migration) where status = 'ready'`,
      `create index api_clients_ready_last_used_index on api_clients (last_used_at) where status = 'ready'`,
      // Bookkeeping (last use, migration state) changes no node's cache: only what a cached client is made of notifies.
      'drop trigger api_clients_changed on api_clients',
      `create trigger api_clients_changed after update on api_clients for each row
         when ((old.api_key, old.status, old.generation, old.owner_id, old.schema_name, old.name, old.error)
               is distinct from (new.api_key, new.status, new.generation, new.owner_id, new.schema_name, new.name, new.error))
         execute function notify_api_client_change()`,
      `create trigger api_clients_deleted after delete on api_clients for each row execute function notify_api_client_change()`,
    ],
  },
  {
    name: 'gateway_003_caller_limits',
    statements: [
      // rate-limiter-flexible's RateLimiterPostgres table (src/limits/caller-limits.ts), made here rather
      // than by the library at run time: the failed-login and new-client counters every node shares.
      // Its statements insert by position: key, points, expire (epoch ms; null for no expiry).
      `create table caller_limits (
         key varchar(255) primary key,
         points integer not null default 0,
         expire bigint
       )`,
      'create index caller_limits_expire_index on caller_limits (expire)',
    ],
  },
  {
    name: 'gateway_004_warm_pool_snapshots',
    statements: [
      // Copies of `public` built ahead (src/tenancy/warm-pool.ts): a registration, a new client or a
      // reset claims one by renaming it. Each row says what it was built from, so a migration or a
      // change to the reference data leaves it unclaimable (and the filler drops it).
      `create table warm_schemas (
         schema_name varchar(63) primary key,
         migration text,
         reference_version bigint not null,
         created_at timestamptz not null default now()
       )`,
      // Bumped by a statement trigger on every table of `public` (installed by installReferenceTriggers).
      `create table reference_version (
         id smallint primary key default 1 check (id = 1),
         version bigint not null default 0
       )`,
      'insert into reference_version default values',
      `create function reference_changed() returns trigger language plpgsql as $$
       begin
         update gateway.reference_version set version = version + 1;
         return null;
       end $$`,
      // A client's saved states (src/tenancy/snapshots.ts): `schema_name` is never written; a restore
      // swaps `spare_schema_name` (a second copy) into the client and builds a new spare afterwards.
      `create table client_snapshots (
         id serial primary key,
         client_id int not null references api_clients (id) on delete cascade,
         name varchar(100) not null,
         schema_name varchar(63) not null unique,
         spare_schema_name varchar(63) unique,
         created_at timestamptz not null default now(),
         unique (client_id, name)
       )`,
    ],
  },
];

export function migrateControlPlane(pool: Pool): Promise<string[]> {
  return migrateSchema(pool, CONTROL_PLANE_SCHEMA, controlPlaneMigrations);
}
