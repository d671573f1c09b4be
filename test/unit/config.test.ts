import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

const secret = 'x'.repeat(40);

describe('config', () => {
  it('applies the defaults of DESIGN §7', () => {
    const config = loadConfig({ JWT_SECRET: secret });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: undefined,
      databaseListenUrl: undefined,
      accessTokenLifetime: 300,
      refreshTokenLifetime: 86_400,
      referenceScale: 1,
      requestDeadlineMs: 60_000,
      graphqlEngine: 'mercurius',
      migrateOnStart: true,
      preparedStatements: true,
    });
    expect(config.dataDir.endsWith('.data')).toBe(true);
  });

  it.each([
    ['PORT', 'eighty', /PORT: must be an integer/],
    ['PORT', '70000', /PORT: must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://localhost/x', /DATABASE_URL: must use the postgres:\/\/ scheme/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL: must be a postgres:\/\/ URL/],
    ['DATABASE_LISTEN_URL', 'mysql://localhost/x', /DATABASE_LISTEN_URL: must use the postgres:\/\/ scheme/],
    ['ACCESS_TOKEN_LIFETIME', '0', /ACCESS_TOKEN_LIFETIME: must be between/],
    ['REFRESH_TOKEN_LIFETIME', '1.5', /REFRESH_TOKEN_LIFETIME: must be an integer/],
    ['REFERENCE_SCALE', '-1', /REFERENCE_SCALE: must be between 1 and 1000/],
    ['REQUEST_DEADLINE_MS', 'soon', /REQUEST_DEADLINE_MS: must be an integer/],
    ['GRAPHQL_ENGINE', 'yoga', /GRAPHQL_ENGINE: must be one of mercurius, apollo/],
    ['NODE_ENV', 'staging', /NODE_ENV: must be one of/],
    ['MIGRATE_ON_START', 'maybe', /MIGRATE_ON_START: must be true or false/],
    ['DATABASE_PREPARED_STATEMENTS', 'sometimes', /DATABASE_PREPARED_STATEMENTS: must be true or false/],
    ['JWT_SECRET', 'short', /JWT_SECRET: must be at least 32 characters/],
  ])('rejects %s=%s naming the variable', (name, value, message) => {
    const load = () => loadConfig({ JWT_SECRET: secret, [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: is required when NODE_ENV=production/);
  });

  it('generates a development secret once into DATA_DIR and reuses it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'config-test-'));
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect((await readFile(join(dataDir, 'jwt-secret'), 'utf8')).trim()).toBe(first.jwtSecret);
    expect((await stat(join(dataDir, 'jwt-secret'))).mode & 0o077).toBe(0);
  });
});
