import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileRequests, type HostileRequest } from '../../bench/lib/hostile-requests';
import { runTraffic } from '../../bench/load/traffic';
import { runSoak } from '../../bench/soak/mixed-traffic';
import { soakEnv } from '../../bench/soak/index';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { PASSWORD } from '../helpers/users';

const MB = 1024 * 1024;

/**
 * The crash canary (issue 13, part 6): a server in a process of its own, as `npm start` runs it, takes
 * every hostile request of bench/lib/hostile-requests.ts, six at a time and again and again (it took
 * two sightings of one document to kill the process before), then a bounded soak of mixed traffic. It
 * must still answer /healthz, with its heap after a full collection under a bound, and flat over the soak.
 */
describe('the crash canary', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let headers: Record<string, string>;
  let emails = 0;
  const email = () => `canary.${process.pid}.${++emails}@example.com`;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServerProcess(soakEnv(database.url), { probeHeap: true });
    const post = async (path: string, body: unknown, extra: Record<string, string> = {}) =>
      (await (await fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...extra }, body: JSON.stringify(body) })).json()) as any;
    const address = email();
    const registered = await post('/api/auth/register/', { email: address, password: PASSWORD });
    const key = registered.client.api_key;
    const token = await post('/api/token/', { email: address, password: PASSWORD }, { 'api-key': key });
    headers = { authorization: `Bearer ${token.access}`, 'api-key': key };
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('answers every hostile request as it should, six at a time, three rounds, and lives', async () => {
    const attacks: HostileRequest[] = hostileRequests({ headers, email });
    const heapBefore = (await server.heap()).heapUsed;
    const answers = new Map<string, Array<{ status: number; code?: string; bytes: number }>>();
    let sent = 0;
    await runTraffic({
      baseUrl: server.url,
      workers: 6,
      keepExchanges: false,
      plan: () => {
        const attack = attacks[Math.floor(sent / 6) % attacks.length];
        sent++;
        return { method: attack.method, path: attack.path, headers: attack.headers ?? {}, body: attack.body as Record<string, unknown> | string | undefined, key: attack.name };
      },
      keepGoing: () => sent < attacks.length * 6 * 3,
      onExchange: (exchange) => {
        const response = exchange.response as { errors?: Array<{ extensions?: { code?: string } }> } | undefined;
        const list = answers.get(exchange.key!) ?? [];
        list.push({ status: exchange.status, code: response?.errors?.[0]?.extensions?.code, bytes: JSON.stringify(exchange.response ?? '').length });
        answers.set(exchange.key!, list);
      },
    });
    for (const attack of attacks) {
      const got = answers.get(attack.name) ?? [];
      expect(got.length, attack.name).toBe(18);
      for (const answer of got) {
        expect(answer.status, attack.name).toBe(attack.expect.status);
        if (attack.expect.code) expect(answer.code, attack.name).toBe(attack.expect.code);
        expect(answer.bytes, attack.name).toBeLessThan(2_000); // refusals are short; nothing was read for them
      }
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const heapAfter = (await server.heap()).heapUsed;
    console.log(`crash canary: ${sent} hostile requests; heap after GC ${(heapBefore / MB).toFixed(1)} → ${(heapAfter / MB).toFixed(1)} MB`);
    expect(heapAfter - heapBefore).toBeLessThan(64 * MB);
  }, 240_000);

  it('a bounded soak: thousands of mixed requests, every document new to the caches, and a flat heap', async () => {
    const heaps: number[] = [];
    const result = await runSoak({
      baseUrl: server.url,
      requests: 4_000,
      clients: 8,
      registerEvery: 250,
      distinctDocuments: 600, // more than every document cache holds
      workers: 4,
      prefix: 'canary-soak',
      checkpoint: async () => void heaps.push((await server.heap()).heapUsed),
    });
    console.log(`soak in npm test: ${JSON.stringify(result.statuses)}, ${result.registered} clients, heap after GC at each quarter: ${heaps.map((heap) => (heap / MB).toFixed(1)).join(', ')} MB`);
    expect(result.failures).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Every cache is bounded: past the first quarter (warmed), the heap may wobble, not climb.
    expect(heaps[4] - heaps[1]).toBeLessThan(24 * MB);
    expect(heaps[4]).toBeLessThan(400 * MB);
  }, 600_000);
});
