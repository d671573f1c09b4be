import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countWrittenRows, runWriteLoad, type LoadTarget } from '../../bench/load/workload';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser } from '../helpers/users';

const CONNECTIONS = 50;
const WRITES_PER_CONNECTION = 6;
const CLIENTS = 5;

/** `npm run bench load`, bounded by a number of writes instead of seconds: the counts, not the times. */
describe('50 concurrent writers', () => {
  let t: TestApp;
  let targets: LoadTarget[];
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    const user = await registerUser(t.app, 'load');
    const clients = [user.client];
    while (clients.length < CLIENTS) {
      const created = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: bearer(user.publicTokens.access), payload: { name: `load ${clients.length}` } });
      expect(created.statusCode, created.body).toBe(201);
      clients.push(created.json());
    }
    targets = clients.map((client) => ({ schema: client.schema, headers: bearer(user.publicTokens.access, client.api_key) }));
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => t.close());

  it('every write is acknowledged, and every schema holds exactly its acknowledged rows', async () => {
    const result = await runWriteLoad({ baseUrl, targets, connections: CONNECTIONS, prefix: 'load', keepGoing: (_connection, seq) => seq < WRITES_PER_CONNECTION });

    expect(result.statuses).toEqual({ 201: CONNECTIONS * WRITES_PER_CONNECTION });
    expect(new Set(result.exchanges.map((exchange) => exchange.worker)).size).toBe(CONNECTIONS);
    const rows = await countWrittenRows(t.app.pool, targets.map((target) => target.schema), 'load');
    expect(rows).toEqual(result.acknowledged);
    for (const count of rows.values()) expect(count).toBe((CONNECTIONS / CLIENTS) * WRITES_PER_CONNECTION);
    expect((await countWrittenRows(t.app.pool, ['public'], 'load')).get('public')).toBe(0);
  });
});
