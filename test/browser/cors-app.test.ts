import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { PASSWORD } from '../helpers/users';

/**
 * A browser app on an origin of its own (another port, as a Vite or CRA dev server is), calling the
 * API with fetch as the README's quick start shows: register, log in, read, query, create.
 */
function appPage(api: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>My storefront app</title></head>
<body><h1>My storefront app</h1><pre id="log"></pre>
<script type="module">
const API = ${JSON.stringify(api)};
const log = (line) => { document.getElementById('log').textContent += line + '\\n'; };

async function call(path, { method = 'GET', body, token, key } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  if (key) headers['Api-Key'] = key;
  const response = await fetch(API + path, { method, headers, body: body && JSON.stringify(body) });
  log(method + ' ' + path + ' -> ' + response.status);
  return { status: response.status, body: await response.json(), requestId: response.headers.get('X-Request-Id'), wwwAuthenticate: response.headers.get('WWW-Authenticate') };
}

window.storefront = async (email, password) => {
  const registered = await call('/api/auth/register/', { method: 'POST', body: { email, password, first_name: 'App' } });
  const key = registered.body.client.api_key;
  const tokens = await call('/api/token/', { method: 'POST', body: { email, password } });
  const token = tokens.body.access;
  const list = await call('/api/products/?page_size=3&ordering=price', { token, key });
  const graphql = await call('/graphql', { method: 'POST', token, key, body: { query: '{ products(pageSize: 2, where: { price: { lt: 20 } }) { totalCount items { name price } } }' } });
  const created = await call('/api/tags/', { method: 'POST', token, key, body: { name: 'made in my app' } });
  const anonymous = await call('/api/me/');
  return { registered: registered.status, schema: registered.body.client.schema, key, tokens: tokens.status, list, graphql, created, anonymous };
};

/** With the browser's cookies (the admin session of the API's origin): the browser refuses, as CORS allows no credentials. */
window.withCookies = async () => {
  try {
    const response = await fetch(API + '/api/me/', { credentials: 'include' });
    return 'answered ' + response.status;
  } catch (error) {
    return 'refused: ' + error.name;
  }
};
window.withoutCookies = async () => (await fetch(API + '/api/me/')).status;
</script></body></html>`;
}

/** The functions the app page defines (the test runs in Node, which has no `window` type). */
interface AppPage {
  storefront(email: string, password: string): Promise<any>;
  withCookies(): Promise<string>;
  withoutCookies(): Promise<number>;
}

describe('a browser app on another origin calls REST and GraphQL with its token and key', () => {
  let t: TestApp;
  let api: string;
  let appServer: Server;
  let appOrigin: string;
  let browser: Browser;
  let context: BrowserContext;
  let running: BrowserApp | undefined;
  const email = `cors.app.${process.pid}@example.com`;

  /** Preflights as the server saw them (the browser does not show them to the page, nor to playwright). */
  const preflights: string[] = [];

  beforeAll(async () => {
    running = await startBrowserApp(
      {},
      {
        beforeReady: (app) => {
          app.addHook('onResponse', async (request, reply) => {
            if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) preflights.push(`${new URL(request.url, api).pathname} ${reply.statusCode}`);
          });
        },
      },
    );
    ({ t, origin: api, browser } = running);
    appServer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(appPage(api)));
    await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
    appOrigin = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
    context = await browser.newContext();
  });
  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => appServer?.close(resolve));
    await running?.close();
  });

  it('registers, logs in, reads a list, runs a GraphQL query and creates a row', async () => {
    const page = await context.newPage();
    await page.goto(`${appOrigin}/`);
    expect(new URL(page.url()).origin).not.toBe(api);
    const result = await page.evaluate(([address, password]) => (globalThis as unknown as AppPage).storefront(address, password), [email, PASSWORD]);

    expect(result.registered).toBe(201);
    expect(result.tokens).toBe(200);
    expect(result.list.status).toBe(200);
    expect(result.list.body.results).toHaveLength(3);
    expect(result.list.requestId).toMatch(/^[\w-]{36}$/); // an exposed header, readable by the page
    expect(result.graphql.status).toBe(200);
    expect(result.graphql.body.data.products.items).toHaveLength(2);
    expect(result.created.status).toBe(201);
    expect(result.created.body.name).toBe('made in my app');
    expect(result.anonymous).toMatchObject({ status: 401, wwwAuthenticate: 'Bearer realm="api"' });

    // The row is in the app's own client, and nowhere else.
    expect(result.schema).toMatch(/^cors_app_\d+_\d{6}$/);
    const { rows } = await t.app.pool.query(`select name from "${result.schema}".tags where name = 'made in my app'`);
    expect(rows).toHaveLength(1);
    expect((await t.app.pool.query(`select 1 from public.tags where name = 'made in my app'`)).rows).toHaveLength(0);
    // A JSON body and the Authorization and Api-Key headers make each call a preflighted one: the browser asked first, and was let through.
    expect(preflights).toEqual(expect.arrayContaining(['/api/auth/register/ 204', '/api/products/ 204', '/graphql 204', '/api/tags/ 204']));
    await page.close();
  });

  it('the admin session cookie of the API origin is of no use to another origin', async () => {
    const page = await context.newPage();
    await page.goto(`${api}/healthz`);
    const login = await page.evaluate(
      async ([address, password]) =>
        (await fetch('/api/auth/session/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: address, password }) })).status,
      [email, PASSWORD],
    );
    expect(login).toBe(201);
    expect(await page.evaluate(async () => (await fetch('/api/me/')).status)).toBe(200); // on its own origin, the cookie works

    await page.goto(`${appOrigin}/`);
    expect(await page.evaluate(() => (globalThis as unknown as AppPage).withCookies())).toBe('refused: TypeError');
    expect(await page.evaluate(() => (globalThis as unknown as AppPage).withoutCookies())).toBe(401);
    await page.close();
  });
});
