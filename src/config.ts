import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readLimits, type Limits } from './limits/limits';

/** Everything the process reads from its environment (DESIGN §7), validated once at start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Unset: an embedded PostgreSQL is started in `dataDir`. */
  databaseUrl: string | undefined;
  /**
   * Where the Api-Key cache's LISTEN connection goes (unset: `databaseUrl`). LISTEN needs a session
   * of its own: through a transaction-mode PgBouncer it would "succeed" on a pooled server
   * connection and no notification would ever come back, so the cache would keep a rotated or
   * deleted key working. Behind such a pooler, point it at PostgreSQL itself.
   */
  databaseListenUrl: string | undefined;
  dataDir: string;
  jwtSecret: string;
  accessTokenLifetime: number;
  refreshTokenLifetime: number;
  referenceScale: number;
  referenceSeed: number;
  requestDeadlineMs: number;
  graphqlEngine: 'mercurius' | 'apollo';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Apply pending migrations to every client schema at start (`MIGRATE_ON_START=false` to skip). */
  migrateOnStart: boolean;
  databasePoolSize: number;
  /** A request connection is replaced once it has served more distinct schemas, which bounds its backend's catalog cache (0: never). */
  databaseConnectionMaxSchemas: number;
  /** Send repeated read statements as named prepared statements (off behind a pooler that cannot keep them). */
  preparedStatements: boolean;
  /** Past this event-loop delay the server answers 503 (overload). */
  maxEventLoopDelayMs: number;
  /** The origin links are built from (`next`, `previous`); unset: the request's own, from a validated Host header. */
  publicUrl: string | undefined;
  /** What one request, caller or API client may cost (src/limits/limits.ts). */
  limits: Limits;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readChoice<T extends string>(env: Env, name: string, fallback: T, choices: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${choices.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function readDatabaseUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a postgres:// URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `must use the postgres:// scheme, got "${url.protocol}"`);
  }
  return raw;
}

function readPublicUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, `must use http or https, got "${url.protocol}"`);
  if (url.pathname !== '/' || url.search || url.hash) throw new ConfigError(name, 'must be an origin (scheme, host and port), without a path');
  return url.origin;
}

/** In development the JWT secret is generated once and kept in DATA_DIR, so tokens survive restarts. */
function readJwtSecret(env: Env, nodeEnv: Config['nodeEnv'], dataDir: string): string {
  const raw = env.JWT_SECRET;
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
    return raw;
  }
  if (nodeEnv === 'production') throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = readChoice(env, 'NODE_ENV', 'development', ['development', 'production', 'test'] as const);
  const dataDir = resolve(env.DATA_DIR || '.data');
  const host = env.HOST || '127.0.0.1';
  return {
    nodeEnv,
    host,
    port: readInt(env, 'PORT', 3000, 0, 65535),
    databaseUrl: readDatabaseUrl(env, 'DATABASE_URL'),
    databaseListenUrl: readDatabaseUrl(env, 'DATABASE_LISTEN_URL'),
    dataDir,
    jwtSecret: readJwtSecret(env, nodeEnv, dataDir),
    accessTokenLifetime: readInt(env, 'ACCESS_TOKEN_LIFETIME', 300, 1, 31_536_000),
    refreshTokenLifetime: readInt(env, 'REFRESH_TOKEN_LIFETIME', 86_400, 1, 31_536_000),
    referenceScale: readInt(env, 'REFERENCE_SCALE', 1, 1, 1000),
    referenceSeed: readInt(env, 'REFERENCE_SEED', 20261129, 0, 2 ** 31 - 1),
    requestDeadlineMs: readInt(env, 'REQUEST_DEADLINE_MS', 60_000, 100, 3_600_000),
    graphqlEngine: readChoice(env, 'GRAPHQL_ENGINE', 'mercurius', ['mercurius', 'apollo'] as const),
    logLevel: readChoice(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    migrateOnStart: readBoolean(env, 'MIGRATE_ON_START', true),
    databasePoolSize: readInt(env, 'DATABASE_POOL_SIZE', 10, 1, 500),
    databaseConnectionMaxSchemas: readInt(env, 'DATABASE_CONNECTION_MAX_SCHEMAS', 1000, 0, 1_000_000_000),
    preparedStatements: readBoolean(env, 'DATABASE_PREPARED_STATEMENTS', true),
    maxEventLoopDelayMs: readInt(env, 'MAX_EVENT_LOOP_DELAY_MS', 1000, 10, 60_000),
    publicUrl: readPublicUrl(env, 'PUBLIC_URL'),
    limits: readLimits((name, fallback, min, max) => readInt(env, name, fallback, min, max)),
  };
}

/** For process entries: the config, or the variable's message on stderr and exit code 1. */
export function loadConfigOrExit(env: Env = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
