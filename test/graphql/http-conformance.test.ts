import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { GRAPHQL_ENGINES } from '../helpers/graphql';

/** graphql-http's audit suite against the live server (GraphQL-over-HTTP). */
describe.each(GRAPHQL_ENGINES)('GraphQL over HTTP (%s)', (engine) => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
    url = `${await t.app.listen({ host: '127.0.0.1', port: 0 })}/graphql`;
  });
  afterAll(async () => t.close());

  it('fails no MUST audit and passes at least 57 of them', async () => {
    const results = [];
    for (const audit of serverAudits({ url, fetchFn: fetch })) results.push({ ...(await audit.fn()), name: audit.name });
    const failedMust = results.filter((result) => result.status !== 'ok' && result.name.startsWith('MUST'));
    expect(failedMust.map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`)).toEqual([]);
    const passed = results.filter((result) => result.status === 'ok').length;
    expect(results.length).toBeGreaterThanOrEqual(61);
    expect(passed).toBeGreaterThanOrEqual(57);
  });

  it('answers application/graphql-response+json when asked, with a 4xx and no data for a bad document', async () => {
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    const bad = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: '{ nope }' }) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const body = (await bad.json()) as { errors: unknown[] };
    expect(body).not.toHaveProperty('data');
    expect(body.errors.length).toBeGreaterThan(0);
    const asJson = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: '{ nope }' }) });
    expect(asJson.status).toBe(200);
  });
});
