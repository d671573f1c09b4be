import type { AddressInfo } from 'node:net';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { artifact, launchBrowser, openRecordedContext } from '../helpers/browser';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

interface Client {
  id: number;
  name: string;
  api_key: string;
}

describe('GraphiQL at /graphiql: bundled, offline, authenticated by the admin session', () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  let alice: RegisteredUser;
  let second: Client;
  let clientNames: string[];
  // A product that exists only in alice's second client: which client answered shows in the result.
  const sku = `GQL-${process.pid}`;
  const productName = 'Only in the second sandbox';

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    alice = await registerUser(t.app, 'alice');
    const created = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: bearer(alice.publicTokens.access), payload: { name: 'Second sandbox' } });
    expect(created.statusCode, created.body).toBe(201);
    second = created.json();
    const product = await t.app.inject({
      method: 'POST',
      url: '/api/products/',
      headers: bearer(alice.publicTokens.access, second.api_key),
      payload: { sku, name: productName, price: '9.50' },
    });
    expect(product.statusCode, product.body).toBe(201);
    clientNames = (await t.app.inject({ method: 'GET', url: '/api/clients/', headers: bearer(alice.publicTokens.access) })).json().map((client: Client) => client.name);
    expect(clientNames).toHaveLength(2);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const openContext = () => openRecordedContext(browser, origin, { width: 1440, height: 900 });

  /**
   * Replaces a Monaco editor's text. Pasted, not typed: typing would have Monaco auto-close every brace and quote.
   * Pasted again until the editor shows it: on a busy machine a paste can land before the editor listens.
   */
  async function paste(page: Page, editor: Locator, text: string) {
    const lines = editor.locator('.view-lines');
    await expect
      .poll(
        async () => {
          if ((await monacoText(lines)) === text) return text;
          await editor.locator('.monaco-editor').click();
          await page.keyboard.press('ControlOrMeta+A');
          await editor.locator('textarea').evaluate((textarea, value) => {
            const dom = globalThis as unknown as {
              DataTransfer: new () => { setData(type: string, value: string): void };
              ClipboardEvent: new (type: string, init: object) => Event;
            };
            const clipboardData = new dom.DataTransfer();
            clipboardData.setData('text/plain', value);
            (textarea as unknown as EventTarget).dispatchEvent(new dom.ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
          }, text);
          return monacoText(lines);
        },
        { timeout: 15_000 },
      )
      .toBe(text);
  }

  const queryEditor = (page: Page) => page.locator('.graphiql-query-editor');
  const headersEditor = (page: Page) => page.locator('.graphiql-editor-tool > :not(.hidden)');

  /** Replaces the operation editor's text, runs it and returns what the result pane shows. */
  async function run(page: Page, query: string): Promise<string> {
    await paste(page, queryEditor(page), query);
    const answered = page.waitForResponse((response) => response.url() === `${origin}/graphql` && !response.request().postData()?.includes('IntrospectionQuery'));
    await page.getByRole('button', { name: /^Execute query/ }).click();
    // Until it renders this answer, the pane still shows the previous one.
    const answer = squeeze(await (await answered).text());
    await expect.poll(() => resultText(page), { timeout: 10_000 }).toBe(answer);
    return answer;
  }

  /** The result pane's text without whitespace: Monaco wraps long lines wherever the pane is narrow. */
  async function resultText(page: Page): Promise<string> {
    return squeeze(await monacoText(page.locator('.graphiql-response .view-lines')));
  }

  const squeeze = (text: string) => text.replace(/\s+/g, '');

  /** What a Monaco editor shows (it renders spaces as no-break spaces). */
  async function monacoText(lines: Locator): Promise<string> {
    return (await lines.innerText()).replaceAll('\u00a0', ' ');
  }

  /** Logs in with the session endpoint from inside the page: the cookie the admin panel gets. */
  async function logIn(page: Page, client: number | 'public') {
    const status = await page.evaluate(
      async (body) => (await fetch('/api/auth/session/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
      { email: alice.email, password: alice.password, client },
    );
    expect(status).toBe(201);
  }

  async function openDocs(page: Page) {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-plugin');
    await docs.getByText('Root Types').waitFor();
    await expect.poll(() => docs.innerText()).toMatch(/query:\s*Query/);
    expect(await docs.innerText()).toMatch(/mutation:\s*Mutation/);
  }

  it("serves our bundle (not mercurius' CDN page) at /graphiql/, and Swagger documents none of it", async () => {
    const html = await t.app.inject({ method: 'GET', url: '/graphiql/' });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toMatch(/<script type="module" crossorigin src="\/graphiql\/assets\/index-[\w-]+\.js"><\/script>/);
    expect(html.body).not.toMatch(/https?:\/\//);
    const withoutSlash = await t.app.inject({ method: 'GET', url: '/graphiql' });
    expect([withoutSlash.statusCode, withoutSlash.body]).toEqual([200, html.body]);
    const openapi = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(openapi.statusCode).toBe(200);
    expect(Object.keys(openapi.json().paths).filter((path) => !path.startsWith('/api/'))).toEqual([]);
  });

  it('without a session: the page loads, introspection works, me is refused with the server error', async () => {
    const { context, page, requested, foreign, pageErrors, workers } = await openContext();
    try {
      const response = await page.goto(`${origin}/graphiql`);
      expect(response?.status()).toBe(200);
      await expect.poll(() => page.locator('.sg-session').innerText()).toContain('Not logged in');
      expect(await page.getByRole('link', { name: 'Log in' }).getAttribute('href')).toBe('/admin/');
      await openDocs(page);

      const refused = await t.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ me { email } }' } });
      const serverError: string = refused.json().errors[0].message;
      const result = await run(page, '{ me { email } }');
      expect(result).toContain(squeeze(JSON.stringify({ message: serverError }).slice(1, -1)));
      expect(result).toContain('"code":"UNAUTHENTICATED"');

      expect(requested.some((url) => url.startsWith(`${origin}/graphiql/assets/`))).toBe(true);
      // Monaco's workers (editor, JSON, GraphQL language service) come from our bundle too.
      for (const name of ['editor', 'json', 'graphql']) {
        await expect.poll(() => workers.some((path) => path.startsWith(`/graphiql/assets/${name}.worker-`))).toBe(true);
      }
      expect(foreign).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("logged in: runs as the session's user and client, the Api-Key control switches clients, the docs explorer shows the root types", async () => {
    const { context, page, requested, foreign, pageErrors } = await openContext();
    try {
      await page.goto(`${origin}/graphiql/`);
      await logIn(page, alice.client.id);
      await page.reload();
      await expect.poll(() => page.locator('.sg-session').innerText()).toContain(alice.email);
      const picker = page.getByLabel('Api-Key');
      // No Api-Key header yet: the requests go to the client picked at login.
      expect(await picker.inputValue()).toBe(alice.client.api_key);
      expect(await picker.locator('option').allInnerTexts()).toEqual(['Public (read-only)', ...clientNames]);

      const query = `{ me { email } products(where: { sku: { eq: "${sku}" } }) { totalCount items { name } } }`;
      const first = await run(page, query);
      expect(first).toContain(`"email":"${alice.email}"`);
      expect(first).toContain('"totalCount":0');

      await picker.selectOption({ label: 'Second sandbox' });
      await expect.poll(async () => squeeze(await monacoText(headersEditor(page).locator('.view-lines')))).toContain(`"Api-Key":"${second.api_key}"`);
      // The picker follows GraphiQL's own headers state, which takes the editor's text after a debounce: run once it has.
      await expect.poll(() => picker.inputValue()).toBe(second.api_key);
      const inSecond = await run(page, query);
      expect(inSecond).toContain('"totalCount":1');
      expect(inSecond).toContain(`"name":"${squeeze(productName)}"`);

      await openDocs(page);
      await page.screenshot({ path: artifact('graphiql.png') });

      // "Public": no Api-Key header, and the session itself switched to public (else it would still pick alice's first client).
      await picker.selectOption({ label: 'Public (read-only)' });
      await expect.poll(() => page.evaluate(async () => ((await (await fetch('/api/auth/session/')).json()) as { client: unknown }).client)).toBeNull();
      await expect.poll(() => picker.inputValue()).toBe('public');
      const inPublic = await run(page, query);
      expect(inPublic).toContain(`"email":"${alice.email}"`);
      expect(inPublic).toContain('"totalCount":0');

      // Headers that are not JSON are never overwritten: the control says what is wrong instead.
      await paste(page, headersEditor(page), '{ "Api-Key": ');
      await picker.selectOption({ label: 'Second sandbox' });
      await expect.poll(() => page.locator('.sg-session').getByRole('alert').innerText()).toMatch(/^Fix the request headers first/);
      expect(await monacoText(headersEditor(page).locator('.view-lines'))).toBe('{ "Api-Key": ');

      expect(requested.some((url) => url === `${origin}/graphql`)).toBe(true);
      expect(foreign).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
