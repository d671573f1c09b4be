import type { InjectOptions } from 'fastify';
import jwt from 'jsonwebtoken';
import { escapeIdentifier } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';
import { adminSession, clientToken } from './lib/fuzz-accounts';
import { API_KEYS, CREDENTIALS, DOORS, expected, OPERATIONS, type ApiKey, type Credential, type Door, type Operation, type Tenant } from './lib/isolation-cells';

const cells = CREDENTIALS.flatMap((credential) => API_KEYS.flatMap((key) => DOORS.flatMap((door) => OPERATIONS.map((operation) => ({ credential, key, door, operation })))));

/** GraphQL's code for a refusal made before the operation runs. */
const REQUEST_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 503: 'UNAVAILABLE' };

/**
 * Every credential × Api-Key × door × operation: the status each cell must
 * answer, and no cell ever returns or changes the rows of a client that is not
 * the one it acts as (marker rows planted in each client, per-cell checksums).
 */
describe('tenant-isolation matrix', () => {
  let t: TestApp;
  let clockOffset = 0;
  let owner: RegisteredUser;
  let other: RegisteredUser;
  let bystander: RegisteredUser;
  let heldClientId: number;
  const credentialHeaders = {} as Record<Credential, Record<string, string>>;
  const keys = {} as Record<ApiKey, string | undefined>;
  const schemas = {} as Record<Tenant | 'bystander', string>;
  const outcomes = new Map<string, number>();

  beforeAll(async () => {
    t = await startTestApp({}, { now: () => Math.floor(Date.now() / 1000) + clockOffset, resumeProvisioning: false });
    [owner, other, bystander] = [await registerUser(t.app, 'matrix'), await registerUser(t.app, 'matrix-other'), await registerUser(t.app, 'matrix-bystander')];
    // A client held in provisioning: the row exists, nothing builds it (resumeProvisioning: false).
    const held = await t.app.tenancy.clients.create({ id: owner.userId, email: owner.email }, 'held');
    expect(held.status).toBe('provisioning');
    heldClientId = held.id;

    clockOffset = -3600; // an hour ago: this token's five minutes are long over
    const stale = await t.app.inject({ method: 'POST', url: '/api/token/', payload: { email: owner.email, password: owner.password } });
    clockOffset = 0;
    expect(stale.statusCode, stale.body).toBe(200);
    const claims = jwt.decode(owner.publicTokens.access) as Record<string, unknown>;

    Object.assign(credentialHeaders, {
      none: {},
      'public token': bearer(owner.publicTokens.access),
      'owner token': bearer((await clientToken(t.app, owner)).access),
      "other's token": bearer(other.publicTokens.access),
      'session cookie': await adminSession(t.app, owner, owner.client.id),
      expired: bearer(stale.json().access),
      forged: bearer(jwt.sign(claims, 'not-the-server-secret-not-the-server-secret', { algorithm: 'HS256' })),
    });
    Object.assign(keys, { none: undefined, own: owner.client.api_key, "other's": other.client.api_key, unknown: 'no-such-api-key-0000000000000000', provisioning: held.apiKey });
    Object.assign(schemas, { public: 'public', own: owner.client.schema, other: other.client.schema, bystander: bystander.client.schema });

    // Marker rows: each client's own, so any leak names its source.
    for (const [user, marker] of [[owner, 'marker-own'], [other, 'marker-other'], [bystander, 'marker-bystander']] as const) {
      const planted = await t.app.inject({ method: 'POST', url: '/api/tags/', headers: bearer(user.publicTokens.access, user.client.api_key), payload: { name: marker } });
      expect(planted.statusCode, planted.body).toBe(201);
    }
  });
  afterAll(async () => {
    console.log(`isolation matrix: ${cells.length} cells; outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`);
    await t?.close();
  });

  const MARKERS: Record<Tenant, string[]> = { public: [], own: ['marker-own'], other: ['marker-other'] };

  async function tagChecksums(): Promise<Record<string, string>> {
    const sql = Object.entries(schemas)
      .map(([tenant, schema]) => `select '${tenant}' as tenant, md5(coalesce(string_agg(t::text, ',' order by id), '')) as sum from ${escapeIdentifier(schema)}.tags t`)
      .join(' union all ');
    const { rows } = await t.app.pool.query<{ tenant: string; sum: string }>(sql);
    return Object.fromEntries(rows.map((row) => [row.tenant, row.sum]));
  }

  function requestFor(door: Door, operation: Operation, headers: Record<string, string>, written: string): InjectOptions {
    if (door === 'REST') {
      return operation === 'read'
        ? { method: 'GET', url: '/api/tags/?name__startswith=marker-&page_size=100', headers }
        : { method: 'POST', url: '/api/tags/', headers, payload: { name: written } };
    }
    if (door === 'GraphQL') {
      const query = operation === 'read' ? '{ tags(where: { name: { startswith: "marker-" } }, pageSize: 100) { items { name } } }' : `mutation { createTag(data: { name: "${written}" }) { name } }`;
      return { method: 'POST', url: '/graphql', headers, payload: { query } };
    }
    return operation === 'read'
      ? { method: 'GET', url: '/api/auth/session/', headers }
      : { method: 'PATCH', url: '/api/auth/session/', headers, payload: { client: owner.client.id } };
  }

  it('has every combination: 7 credentials × 5 Api-Keys × 3 doors × 2 operations', () => {
    expect(cells).toHaveLength(210);
    expect(new Set(cells.map((cell) => JSON.stringify(cell))).size).toBe(210);
  });

  it.each(cells.map((cell, index) => [`${cell.credential} × key ${cell.key} × ${cell.door} × ${cell.operation}`, cell, index] as const))('%s', async (_name, cell, index) => {
    const want = expected(cell.credential, cell.key, cell.door, cell.operation);
    const apiKey = keys[cell.key];
    const headers = { ...credentialHeaders[cell.credential], ...(apiKey ? { 'api-key': apiKey } : {}) };
    const written = `written-${index}`;
    const before = await tagChecksums();
    const response = await t.app.inject(requestFor(cell.door, cell.operation, headers, written));
    const body = response.body ? response.json() : undefined;
    const label = `${response.statusCode} ${response.body.slice(0, 300)}`;

    expect(response.statusCode, label).toBe(want.status);
    if (cell.door === 'GraphQL') {
      const code = body?.errors?.[0]?.extensions?.code;
      expect(code, label).toBe(want.code ?? REQUEST_CODES[want.status]);
    } else if (want.status >= 400) {
      expect(body?.detail, label).toEqual(expect.any(String));
    }
    outcomes.set(`${response.statusCode}${want.code ? ` ${want.code}` : ''}`, (outcomes.get(`${response.statusCode}${want.code ? ` ${want.code}` : ''}`) ?? 0) + 1);

    // What came back belongs to the tenant the cell acts as, and nobody else.
    if (want.tenant && cell.operation === 'read') {
      if (cell.door === 'REST') expect(body.results.map((tag: { name: string }) => tag.name).sort()).toEqual(MARKERS[want.tenant]);
      if (cell.door === 'GraphQL') expect(body.data.tags.items.map((tag: { name: string }) => tag.name).sort()).toEqual(MARKERS[want.tenant]);
    }
    if (cell.door === 'admin session' && want.tenant) {
      expect(body.user.id).toBe(owner.userId);
      expect(body.clients.map((client: { id: number }) => client.id).sort()).toEqual([owner.client.id, heldClientId].sort());
      expect(body.client?.id).toBe(owner.client.id);
    }

    // Only a successful write changes anything, and only its own tenant's rows.
    const after = await tagChecksums();
    const changed = Object.keys(before).filter((tenant) => before[tenant] !== after[tenant]);
    const wrote = cell.operation === 'write' && cell.door !== 'admin session' && want.tenant && !want.code;
    expect(changed, label).toEqual(wrote ? [want.tenant] : []);
    if (wrote) {
      const { rows } = await t.app.pool.query(`select 1 from ${escapeIdentifier(schemas[want.tenant!])}.tags where name = $1`, [written]);
      expect(rows).toHaveLength(1);
    }
  });

  it('the public checksum of startTestApp notices a changed row of public', async () => {
    const scratch = await startTestApp();
    await scratch.app.pool.query('update public.tags set name = name || \'!\' where id = (select min(id) from public.tags)');
    await expect(scratch.close()).rejects.toThrow(/public is read-only, yet these tables changed during the suite: tags/);
  });
});
