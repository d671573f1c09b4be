import type { FastifyInstance } from 'fastify';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, escapeIdentifier, type Pool } from 'pg';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/connect';
import { migrateSchema, migrationScripts } from '../../src/db/migrations';
import { createPool } from '../../src/db/pool';
import { migrateControlPlane } from '../../src/tenancy/control-plane';
import { migrateAllSchemas } from '../../src/tenancy/migrate-all';
import { startBenchDatabase, type BenchDatabase } from '../lib/database';
import { median, percentile, type Benchmark, type BenchRow } from '../lib/harness';

const RUNS = 20;
const WARM_UP = 2;
const SCHEMAS = 1000;
const PASSWORD = 'correct horse battery staple';

/**
 * The floor for one provisioning: the same tables, created and filled by
 * hand-written SQL with nothing around it. Tables are made `like` public (columns,
 * defaults, checks), each id gets its own sequence, rows are copied with
 * `insert … select *`, and the keys and indexes are built after the data.
 */
function floorSql(schema: string, ownerId: number): string[] {
  const s = escapeIdentifier(schema);
  const serialTables = ['categories', 'tags', 'products', 'customers', 'orders', 'order_items', 'reviews', 'users'];
  const statements = [`create schema ${s}`];
  for (const table of [...serialTables, 'product_tags']) {
    statements.push(`create table ${s}.${table} (like public.${table} including defaults including constraints)`);
  }
  for (const table of serialTables) {
    statements.push(
      `create sequence ${s}.${table}_id_seq owned by ${s}.${table}.id`,
      `alter table ${s}.${table} alter column id set default nextval('${s}.${table}_id_seq')`,
    );
  }
  statements.push(
    `create table ${s}.mikro_orm_migrations (id serial primary key, name varchar(255), executed_at timestamptz default current_timestamp)`,
    `insert into ${s}.mikro_orm_migrations (name) select name from public.mikro_orm_migrations`,
    `insert into ${s}.categories select * from public.categories`,
    `insert into ${s}.tags select * from public.tags`,
    `insert into ${s}.products select * from public.products`,
    `insert into ${s}.product_tags select * from public.product_tags`,
    `insert into ${s}.customers select * from public.customers`,
    `insert into ${s}.orders select * from public.orders`,
    `insert into ${s}.order_items select * from public.order_items`,
    `insert into ${s}.reviews select * from public.reviews`,
    `insert into ${s}.users select * from public.users where id = ${ownerId}`,
    `alter table ${s}.categories add primary key (id), add constraint categories_name_unique unique (name), add constraint categories_slug_unique unique (slug)`,
    `alter table ${s}.tags add primary key (id), add constraint tags_name_unique unique (name)`,
    `alter table ${s}.products add primary key (id), add constraint products_sku_unique unique (sku)`,
    `alter table ${s}.product_tags add primary key (product_id, tag_id)`,
    `alter table ${s}.customers add primary key (id), add constraint customers_email_unique unique (email)`,
    `alter table ${s}.orders add primary key (id)`,
    `alter table ${s}.order_items add primary key (id)`,
    `alter table ${s}.reviews add primary key (id)`,
    `alter table ${s}.users add primary key (id)`,
    `create unique index users_email_lower_unique on ${s}.users (lower(email))`,
    `create index categories_parent_id_index on ${s}.categories (parent_id)`,
    `create index products_category_id_index on ${s}.products (category_id)`,
    `create index orders_customer_id_index on ${s}.orders (customer_id)`,
    `create index order_items_order_id_index on ${s}.order_items (order_id)`,
    `create index order_items_product_id_index on ${s}.order_items (product_id)`,
    `create index reviews_product_id_index on ${s}.reviews (product_id)`,
    `create index reviews_customer_id_index on ${s}.reviews (customer_id)`,
    `alter table ${s}.categories add constraint categories_parent_id_foreign foreign key (parent_id) references ${s}.categories (id) on update cascade on delete set null`,
    `alter table ${s}.products add constraint products_category_id_foreign foreign key (category_id) references ${s}.categories (id) on update cascade on delete set null`,
    `alter table ${s}.orders add constraint orders_customer_id_foreign foreign key (customer_id) references ${s}.customers (id) on update cascade`,
    `alter table ${s}.order_items add constraint order_items_order_id_foreign foreign key (order_id) references ${s}.orders (id) on update cascade on delete cascade,
       add constraint order_items_product_id_foreign foreign key (product_id) references ${s}.products (id) on update cascade`,
    `alter table ${s}.reviews add constraint reviews_product_id_foreign foreign key (product_id) references ${s}.products (id) on update cascade on delete cascade,
       add constraint reviews_customer_id_foreign foreign key (customer_id) references ${s}.customers (id) on update cascade on delete cascade`,
    `alter table ${s}.product_tags add constraint product_tags_product_id_foreign foreign key (product_id) references ${s}.products (id) on update cascade on delete cascade,
       add constraint product_tags_tag_id_foreign foreign key (tag_id) references ${s}.tags (id) on update cascade on delete cascade`,
  );
  for (const table of serialTables) {
    statements.push(`select setval('${s}.${table}_id_seq', coalesce((select max(id) from ${s}.${table}), 0) + 1, false)`);
  }
  return statements;
}

/** POST /api/auth/register/ until the client is ready (polling GET /api/clients/{id}/ if the answer was `provisioning`). */
async function registerUntilReady(app: FastifyInstance, email: string): Promise<{ ms: number; clientId: number; userId: number }> {
  const started = performance.now();
  const response = await app.inject({ method: 'POST', url: '/api/auth/register/', payload: { email, password: PASSWORD } });
  if (response.statusCode !== 201) throw new Error(`register ${email}: ${response.statusCode} ${response.body}`);
  const { user, client } = response.json() as { user: { id: number }; client: { id: number; status: string } };
  let status = client.status;
  if (status !== 'ready') {
    const token = await app.inject({ method: 'POST', url: '/api/token/', payload: { email, password: PASSWORD } });
    const headers = { authorization: `Bearer ${token.json().access}` };
    while (status === 'provisioning') {
      await sleep(10);
      status = (await app.inject({ method: 'GET', url: `/api/clients/${client.id}/`, headers })).json().status;
    }
  }
  const ms = performance.now() - started;
  if (status !== 'ready') throw new Error(`client of ${email} ended ${status}`);
  return { ms, clientId: client.id, userId: user.id };
}

async function floorRun(db: Client, schema: string, ownerId: number): Promise<number> {
  const statements = floorSql(schema, ownerId);
  const started = performance.now();
  await db.query('begin');
  for (const statement of statements) await db.query(statement);
  await db.query('commit');
  const ms = performance.now() - started;
  await db.query(`drop schema ${escapeIdentifier(schema)} cascade`);
  return ms;
}

async function registrationRows(database: BenchDatabase, scale: number): Promise<BenchRow[]> {
  const url = await database.create(`bench_provision_s${scale}`);
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    REFERENCE_SCALE: String(scale),
  });
  const { pool, orm } = await openDatabase(url, config, 4);
  const app = await buildApp({ config, orm, pool, databaseUrl: url, resumeProvisioning: false });
  await app.ready();
  const bare = new Client({ connectionString: url });
  await bare.connect();
  const ours: number[] = [];
  const floor: number[] = [];
  try {
    const { rows } = await pool.query<{ n: string }>('select count(*) as n from public.products');
    console.log(`[provision] scale ${scale}: public holds ${rows[0].n} products; ${WARM_UP} warm-up + ${RUNS} runs each`);
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      // Alternate the two, so drift (caches, checkpoints) hits both alike.
      const run = await registerUntilReady(app, `bench.s${scale}.${i}@example.com`);
      const client = await app.tenancy.clients.byId(run.clientId);
      await app.tenancy.dropClient(client!);
      const floorMs = await floorRun(bare, `floor_s${scale}_${i}`, run.userId);
      if (i >= WARM_UP) {
        ours.push(run.ms);
        floor.push(floorMs);
      }
    }
  } finally {
    await bare.end();
    await app.close(); // closes the ORM and the pool too
  }
  return [50, 95].map((p) => {
    const subject = percentile(ours, p);
    const baseline = percentile(floor, p);
    return {
      case: `scale ${scale}: register → ready, p${p} of ${RUNS}`,
      subject: 'POST /api/auth/register/ (app.inject)',
      subjectValue: subject,
      baseline: 'hand-written SQL copy, 1 transaction',
      baselineValue: baseline,
      unit: 'ms',
      ratio: subject / baseline,
    };
  });
}

/** 1,000 ready clients, each schema built by the migrations (no data). */
async function thousandSchemas(pool: Pool): Promise<string[]> {
  await migrateControlPlane(pool);
  await migrateSchema(pool, 'public');
  const { rows } = await pool.query<{ schema: string }>(
    `insert into gateway.api_clients (name, owner_id, schema_name, api_key, status, ready_at)
     select 'bench ' || g, g, 'bench_' || lpad(g::text, 4, '0'), md5(g::text) || md5('key' || g), 'ready', now()
       from generate_series(1, ${SCHEMAS}) g
     returning schema_name as schema`,
  );
  const schemas = rows.map((row) => row.schema);
  await pool.query(schemas.map((schema) => `create schema ${escapeIdentifier(schema)};`).join('\n'));
  const started = performance.now();
  const built = await migrateAllSchemas(pool, { concurrency: 4 });
  if (built.migrated !== SCHEMAS || built.failed) throw new Error(`building ${SCHEMAS} schemas: ${JSON.stringify(built).slice(0, 500)}`);
  console.log(`[provision] built ${SCHEMAS} schemas by migrateAllSchemas in ${Math.round(performance.now() - started)} ms`);
  return schemas;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function migrateNoopRows(database: BenchDatabase): Promise<BenchRow[]> {
  const url = await database.create('bench_provision_migrate');
  const pool = createPool(url, { max: 5 });
  const bare = new Client({ connectionString: url });
  await bare.connect();
  try {
    const schemas = await thousandSchemas(pool);
    const scripts = await migrationScripts();

    const fastPath = async () => {
      const report = await migrateAllSchemas(pool, { scripts, concurrency: 4 });
      if (report.total !== SCHEMAS + 1 || report.upToDate !== SCHEMAS + 1) throw new Error(`expected a no-op: ${JSON.stringify(report).slice(0, 300)}`);
    };
    // Every schema's table read, one statement each, on one bare connection.
    const onePerSchema = async () => {
      const { rows } = await bare.query<{ schema: string }>(`select schema_name as schema from gateway.api_clients where status = 'ready' order by id`);
      for (const { schema } of [{ schema: 'public' }, ...rows]) {
        await bare.query(`select name from ${escapeIdentifier(schema)}.mikro_orm_migrations`);
      }
    };
    // What the runner would cost without the fast path: a transaction per schema.
    const transactionEach = async () => {
      let next = 0;
      const all = ['public', ...schemas];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < all.length) {
            const applied = await migrateSchema(pool, all[next++], scripts);
            if (applied.length) throw new Error('expected nothing pending');
          }
        }),
      );
    };

    await fastPath();
    await onePerSchema();
    const subject: number[] = [];
    const baseline: number[] = [];
    const naive: number[] = [];
    for (let i = 0; i < 5; i++) {
      subject.push(await timed(fastPath));
      baseline.push(await timed(onePerSchema));
      if (i < 3) naive.push(await timed(transactionEach));
    }
    const base = median(baseline);
    return [
      {
        case: `${SCHEMAS} client schemas + public, nothing pending (median of 5)`,
        subject: 'migrateAllSchemas (catalog + UNION ALL fast path)',
        subjectValue: median(subject),
        baseline: 'bare pg: one select per schema',
        baselineValue: base,
        unit: 'ms',
        ratio: median(subject) / base,
      },
      {
        case: `${SCHEMAS} client schemas + public, nothing pending (median of 3)`,
        subject: 'migrateSchema on each (a transaction each, 4 at once)',
        subjectValue: median(naive),
        baseline: 'bare pg: one select per schema',
        baselineValue: base,
        unit: 'ms',
        ratio: median(naive) / base,
      },
    ];
  } finally {
    await bare.end();
    await pool.end();
  }
}

/**
 * Registration-to-ready time at scale 1 and 10 against the bare-SQL floor, and a
 * no-op `migrate` over 1,000 client schemas against one select per schema.
 */
export const provisionBenchmark: Benchmark = {
  name: 'provision',
  async run() {
    const database = await startBenchDatabase();
    const rows: BenchRow[] = [];
    try {
      for (const scale of [1, 10]) rows.push(...(await registrationRows(database, scale)));
      rows.push(...(await migrateNoopRows(database)));
    } finally {
      await database.stop();
    }
    return rows;
  },
};
