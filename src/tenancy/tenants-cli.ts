/**
 * `npm run tenants -- <command>`: API clients for operators (DESIGN §4).
 *
 *   list              every client: id, schema, owner email, status, created
 *   create <email>    registers the account with a random password (printed once)
 *                     and its first client; an existing account gets another client
 *   reset <schema>    back to a fresh copy of public, same key
 *   delete <schema>   drops the schema and the client
 *   prune             expires the clients unused for CLIENT_EXPIRY_DAYS now (drops their schemas)
 *
 * The services are built as src/tenancy/tenancy.plugin.ts builds them, on the
 * database the server uses (DATABASE_URL, or the embedded one in DATA_DIR).
 */
import type { FastifyBaseLogger } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { Accounts } from '../auth/accounts';
import { passwordProblems } from '../auth/passwords';
import { loadConfigOrExit, type Config } from '../config';
import { bootstrapPublicSchema } from '../db/bootstrap';
import { createPool, DDL_CONNECTION_MAX_USES } from '../db/pool';
import { ValidationError } from '../errors';
import type { ApiClient } from '../auth/api-client';
import type { ApiClients } from './api-clients';
import { migrateControlPlane } from './control-plane';
import { createTenancy, type Tenancy } from './create-tenancy';
import type { ClientExpiry } from './expiry';
import { openCliDatabase, renderTable } from './migrate-cli';
import type { Provisioner } from './provisioner';
import type { TenancyService } from './tenancy-service';

const USAGE = `Usage: npm run tenants -- <command>

  list              list every API client (id, schema, owner email, status, created)
  create <email>    register an account with a random password (printed once) and its
                    first client; if the account exists, create another client for it
  reset <schema>    rebuild a client's schema from public (same API key)
  delete <schema>   drop a client's schema and the client
  prune             expire the clients unused for CLIENT_EXPIRY_DAYS (default 30) now,
                    dropping their schemas (the server also does it every EXPIRY_SWEEP_SECONDS)`;

class UsageError extends Error {}

type Command = { name: 'list' | 'prune' } | { name: 'create'; email: string } | { name: 'reset' | 'delete'; schema: string };

function parse(argv: string[]): Command {
  const [name, arg, ...rest] = argv;
  if (rest.length) throw new UsageError(`too many arguments: ${rest.join(' ')}`);
  switch (name) {
    case 'list':
    case 'prune':
      if (arg !== undefined) throw new UsageError(`${name} takes no argument`);
      return { name };
    case 'create':
      if (!arg) throw new UsageError('create needs an email');
      return { name, email: arg };
    case 'reset':
    case 'delete':
      if (!arg) throw new UsageError(`${name} needs a schema name`);
      return { name, schema: arg };
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}

/** 24 url-safe random characters (144 bits), checked against the same rules as the API's. */
function strongPassword(email: string): string {
  for (;;) {
    const password = randomBytes(18).toString('base64url');
    if (passwordProblems(password, email).length === 0) return password;
  }
}

interface Services {
  pool: Pool;
  config: Config;
  clients: ApiClients;
  accounts: Accounts;
  provisioner: Provisioner;
  tenancy: TenancyService;
  expiry: ClientExpiry;
}

/** The provisioner logs through pino in the server; here only its errors matter. */
const log = {
  info: () => {},
  error: (details: unknown, message?: string) => {
    const err = (details as { err?: unknown })?.err;
    console.error(`[tenants] ${message ?? 'error'}: ${err instanceof Error ? err.message : JSON.stringify(details)}`);
  },
} as unknown as Pick<FastifyBaseLogger, 'info' | 'error'>;

function printClient(client: ApiClient): void {
  console.log(
    renderTable(
      ['field', 'value'],
      [
        ['id', client.id],
        ['schema', client.schemaName],
        ['api key', client.apiKey],
        ['status', client.status],
        ...(client.error ? [['error', client.error]] : []),
      ],
    ),
  );
}

async function list({ pool }: Services): Promise<number> {
  // On a database the server has never started on, public has no users table yet.
  const { rows: users } = await pool.query<{ present: boolean }>(`select to_regclass('public.users') is not null as present`);
  const email = users[0].present ? '(select u.email from public.users u where u.id = c.owner_id)' : 'null::text';
  const { rows } = await pool.query<{ id: number; schema: string; email: string | null; status: string; error: string | null; created: Date }>(
    `select c.id, c.schema_name as schema, ${email} as email, c.status, c.error, c.created_at as created
       from gateway.api_clients c order by c.id`,
  );
  if (rows.length === 0) {
    console.log('No API clients.');
    return 0;
  }
  console.log(
    renderTable(
      ['id', 'schema', 'owner email', 'status', 'created'],
      rows.map((row) => [
        row.id,
        row.schema,
        row.email ?? '(deleted account)',
        row.error ? `${row.status}: ${row.error}` : row.status,
        row.created.toISOString(),
      ]),
    ),
  );
  console.log(`${rows.length} client${rows.length === 1 ? '' : 's'}`);
  return 0;
}

async function create({ tenancy, accounts, provisioner, clients }: Services, email: string): Promise<number> {
  const existing = await accounts.byEmailWithPassword('public', email);
  let client: ApiClient;
  if (existing) {
    const { password: _hash, ...owner } = existing;
    client = await tenancy.createClient(owner, undefined);
    console.log(`Account ${owner.email} (id ${owner.id}) exists: created another API client for it.`);
  } else {
    const password = strongPassword(email);
    try {
      const registered = await tenancy.register({ email, password });
      client = registered.client;
      console.log(`Registered ${registered.user.email} (id ${registered.user.id}).`);
      console.log(`Password (shown once, store it now): ${password}`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      // Registered concurrently by someone else between our lookup and the insert: say so.
      console.error(`Cannot register ${email}: ${error.message}`);
      return 1;
    }
  }
  await provisioner.idle();
  client = (await clients.byId(client.id)) ?? client;
  printClient(client);
  return client.status === 'ready' ? 0 : 1;
}

async function reset({ clients, tenancy, provisioner }: Services, schema: string): Promise<number> {
  const client = await clients.bySchema(schema);
  if (!client) return notFound(schema);
  await tenancy.resetClient(client.ownerId, client.id);
  await provisioner.idle();
  const after = (await clients.byId(client.id)) ?? client;
  console.log(after.status === 'ready' ? `Reset ${schema} to a fresh copy of public.` : `Reset of ${schema} did not complete.`);
  printClient(after);
  return after.status === 'ready' ? 0 : 1;
}

async function remove({ clients, tenancy }: Services, schema: string): Promise<number> {
  const client = await clients.bySchema(schema);
  if (!client) return notFound(schema);
  await tenancy.dropClient(client);
  console.log(`Deleted client ${client.id} and its schema ${schema}.`);
  return 0;
}

async function prune({ expiry }: Services): Promise<number> {
  if (expiry.days === 0) {
    console.log('Clients never expire (CLIENT_EXPIRY_DAYS=0): nothing to prune.');
    return 0;
  }
  const expired = await expiry.sweep();
  if (expired.length === 0) console.log(`No API client has gone ${expiry.days} days without a request.`);
  else console.log(renderTable(['id', 'schema', 'last used'], expired.map((client) => [client.id, client.schemaName, client.lastUsedAt.toISOString()])));
  console.log(`Expired ${expired.length} client${expired.length === 1 ? '' : 's'} (their schemas are dropped; a reset brings one back).`);
  return 0;
}

function notFound(schema: string): number {
  console.error(`No API client with schema "${schema}". \`npm run tenants -- list\` shows them.`);
  return 1;
}

function run(command: Command, services: Services): Promise<number> {
  switch (command.name) {
    case 'list':
      return list(services);
    case 'create':
      return create(services, command.email);
    case 'reset':
      return reset(services, command.schema);
    case 'delete':
      return remove(services, command.schema);
    case 'prune':
      return prune(services);
  }
}

async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parse(argv);
  } catch (error) {
    if (argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
      console.log(USAGE);
      return 0;
    }
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }

  const config = loadConfigOrExit();
  const database = await openCliDatabase(config, (message) => console.error(`[tenants] ${message}`));
  const pool = createPool(database.url, { max: 4, maxUses: DDL_CONNECTION_MAX_USES });
  let tenancy: Tenancy | undefined;
  try {
    await migrateControlPlane(pool);
    // Copying a client needs public migrated and filled, as the server leaves it at start.
    if (command.name === 'create' || command.name === 'reset') {
      await bootstrapPublicSchema(pool, { seed: config.referenceSeed, scale: config.referenceScale });
    }
    // The CLI waits for the job itself (provisioner.idle()), however long the copy takes.
    tenancy = await createTenancy({ pool, databaseUrl: database.url, limits: config.limits, log, waitForReadyMs: 0 });
    const { service, provisioner, expiry } = tenancy;
    const services: Services = { pool, config, clients: service.clients, accounts: service.accounts, provisioner, tenancy: service, expiry };
    return await run(command, services);
  } catch (error) {
    if (error instanceof ValidationError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await tenancy?.close();
    await pool.end();
    await database.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error('[tenants] failed:', error);
    process.exit(1);
  },
);
