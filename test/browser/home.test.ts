import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app';
import { artifact, axeViolations, openRecordedContext, type RecordedContext } from '../helpers/browser';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { PASSWORD, registerUser, type RegisteredUser } from '../helpers/users';

describe('the home page in a browser', () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  let alice: RegisteredUser;
  const contexts: RecordedContext[] = [];

  let running: BrowserApp | undefined;

  beforeAll(async () => {
    running = await startBrowserApp();
    ({ t, origin, browser } = running);
    alice = await registerUser(t.app, 'homepage');
  });
  afterAll(async () => {
    await Promise.all(contexts.map((recorded) => recorded.context.close()));
    await running?.close();
  });

  async function open(): Promise<RecordedContext> {
    const recorded = await openRecordedContext(browser, origin);
    contexts.push(recorded);
    return recorded;
  }

  it('logged out: the instructions, no critical or serious accessibility violations, and a navigation bar that leads to each tool', async () => {
    const { page } = await open();
    await page.goto(`${origin}/`);
    await page.getByRole('heading', { name: 'sandbox-gateway', level: 1 }).waitFor();
    for (const name of ['What an API client is', 'Register', 'Log in to the admin panel and pick a client', 'Response codes']) {
      await page.getByRole('heading', { name, level: 2 }).waitFor();
    }
    await page.screenshot({ path: artifact('home.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Open OpenAPI' }).click();
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.goBack();
    await nav.getByRole('link', { name: 'GraphiQL' }).click();
    await page.getByRole('button', { name: /^Execute query/ }).waitFor();
    await page.goBack();
    await nav.getByRole('link', { name: 'Register' }).click();
    await page.getByRole('button', { name: 'Register' }).waitFor();
    await page.goto(`${origin}/`);
    await nav.getByRole('link', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.goto(`${origin}/`);
    await nav.getByRole('link', { name: 'Admin panel' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
  });

  it("logged in to the admin panel, the quick starts are filled in with the client's key, and the fetch one runs as it is", async () => {
    const { page } = await open();
    await page.goto(`${origin}/admin/#/login`);
    await page.getByLabel('Email').fill(alice.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Choose a client', level: 1 }).waitFor();
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: /^Open homepage\./ }).click();
    await reloaded;

    await page.goto(`${origin}/`);
    await page.getByTestId('filled-in').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).innerText()).toContain(`Logged in as ${alice.email}`);
    const snippet = page.locator('[data-snippet="fetch"]');
    const code = await snippet.innerText();
    expect(code).toContain(`'Api-Key': '${alice.client.api_key}'`);
    expect(code).toContain(`"email":"${alice.email}"`);
    expect(await axeViolations(page)).toEqual([]);

    // Copied, with the password put in, it runs in a page as it is.
    const result = await page.evaluate(async (source) => {
      const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (body: string) => () => Promise<unknown>;
      return new AsyncFunction(`${source}\nreturn { products, tag };`)();
    }, code.replace('YOUR_PASSWORD', PASSWORD));
    const { products, tag } = result as { products: { results: Array<{ price: string }> }; tag: { id: number; name: string } };
    expect(products.results.length).toBeGreaterThan(0);
    expect(products.results.every((product) => Number(product.price) < 20)).toBe(true);
    expect(tag.name).toBe('made in my app');
    const { rows } = await t.app.pool.query(`select name from "${alice.client.schema}".tags where id = $1`, [tag.id]);
    expect(rows).toEqual([{ name: 'made in my app' }]);
  });

  it('every request stayed on this origin, and no page threw', () => {
    expect(contexts.flatMap((recorded) => recorded.foreign)).toEqual([]);
    expect(contexts.flatMap((recorded) => recorded.pageErrors)).toEqual([]);
  });
});
