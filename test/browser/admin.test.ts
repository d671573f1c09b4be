import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app';
import { artifact, axeViolations as violationsOf, openRecordedContext, type RecordedContext } from '../helpers/browser';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { bearer, PASSWORD } from '../helpers/users';

/** axe-core's critical and serious findings on the page as it settles, not mid-fetch. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.locator('.app-loader').waitFor({ state: 'detached' });
  return violationsOf(page);
}

describe('the admin panel at /admin', () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  const email = `admin.${process.pid}@example.com`;
  const sku = `ADM-${process.pid}`;
  let productId: string;
  const contexts: RecordedContext[] = [];

  let running: BrowserApp | undefined;

  beforeAll(async () => {
    running = await startBrowserApp();
    ({ t, origin, browser } = running);
  });
  afterAll(async () => running?.close());

  async function open(): Promise<RecordedContext> {
    const recorded = await openRecordedContext(browser, origin);
    contexts.push(recorded);
    return recorded;
  }

  async function logIn(page: Page): Promise<void> {
    await page.goto(`${origin}/admin`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Choose a client', level: 1 }).waitFor();
  }

  /** Picks a client on the picker page and waits for the app to come back in it (the switch reloads the page). */
  async function openClient(page: Page, button: string | RegExp): Promise<void> {
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: button }).click();
    await reloaded;
    await page.getByRole('button', { name: 'Profile' }).waitFor();
  }

  /** A JWT for `public`, to read through REST what the panel did. */
  async function accessToken(): Promise<string> {
    const response = await fetch(`${origin}/api/token/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access: string }).access;
  }

  it('register, wait for the client, log in, pick it, create a product, change its price, read it through REST, delete it', async () => {
    const { page } = await open();
    await page.goto(`${origin}/admin`);
    await page.waitForURL(/#\/login$/);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.screenshot({ path: artifact('admin-login.png'), fullPage: true });

    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('1234');
    await page.getByRole('button', { name: 'Register' }).click();
    // The server's 400 messages, under the field they are about.
    await expect.poll(() => page.getByText('This password is too short').count()).toBe(1);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('First name').fill('Ada');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText(/Your first client, .+, is ready\./).waitFor();

    await page.getByRole('link', { name: 'Log in' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Choose a client', level: 1 }).waitFor();
    const clientName = `admin.${process.pid}'s sandbox`;
    await openClient(page, `Open ${clientName}`);

    // The account menu: email, client, the API key to copy.
    await page.getByRole('button', { name: 'Profile' }).click();
    await expect.poll(() => page.getByTestId('menu-account').innerText()).toContain(`Client: ${clientName}`);
    const apiKey = (await page.getByTestId('menu-api-key').innerText()).split('\n').pop()!.trim();
    expect(apiKey).toMatch(/^[\w-]{20,}$/);
    // Its usage against the quotas, and when it expires unused.
    expect(await page.getByTestId('menu-usage').innerText()).toMatch(/[\d,]+ of [\d,]+ rows · [\d.]+ MB of [\d.]+ MB · expires if unused until \d{4}-\d\d-\d\d/);
    await page.keyboard.press('Escape');

    await page.goto(`${origin}/admin/#/products`);
    await page.getByRole('link', { name: 'Create', exact: true }).click();
    await page.getByLabel('Sku *').fill(sku);
    await page.getByLabel('Name *').fill('Admin Kettle');
    await page.getByLabel('Price *').fill('19.90');
    // The category by name, through the autocomplete.
    const category = page.getByRole('combobox', { name: 'Category' });
    await category.fill('Kitch');
    await page.getByRole('option', { name: 'Kitchen', exact: true }).click();
    const categoryName = await category.inputValue();
    expect(categoryName).toBe('Kitchen');
    // A tag, through the many-to-many autocomplete.
    await page.getByRole('combobox', { name: 'Tags' }).click();
    const tag = page.getByRole('option').first();
    const tagName = (await tag.innerText()).trim();
    await tag.click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/#\/products\/\d+\/show$/);
    productId = /products\/(\d+)\/show/.exec(page.url())![1];
    // References shown by name.
    await page.getByRole('link', { name: categoryName }).waitFor();
    await page.getByText(tagName, { exact: true }).first().waitFor();

    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.waitForURL(new RegExp(`#/products/${productId}$`));
    const price = page.getByLabel('Price *');
    await price.fill('-1');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // The API's 400, on the field.
    await page.getByText('Ensure this value is greater than or equal to 0.').waitFor();
    await page.screenshot({ path: artifact('admin-edit.png'), fullPage: true });
    await price.fill('24.50');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(new RegExp(`#/products/${productId}/show$`));

    const headers = bearer(await accessToken(), apiKey);
    const read = await fetch(`${origin}/api/products/${productId}/`, { headers });
    expect(read.status).toBe(200);
    const product = (await read.json()) as { category: number; tags: number[] };
    expect(product).toMatchObject({ sku, name: 'Admin Kettle', price: '24.50', is_active: true, stock: 0 }); // untouched fields: the server's defaults
    expect(product.tags).toHaveLength(1);
    const linked = (await (await fetch(`${origin}/api/categories/${product.category}/`, { headers })).json()) as { name: string };
    expect(linked.name).toBe(categoryName);

    await page.goto(`${origin}/admin/#/products?filter=${encodeURIComponent(JSON.stringify({ q: sku }))}`);
    await page.getByText(sku).waitFor();
    await page.screenshot({ path: artifact('admin-list.png'), fullPage: true });

    await page.goto(`${origin}/admin/#/products/${productId}`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL(/#\/products$/);
    expect((await fetch(`${origin}/api/products/${productId}/`, { headers })).status).toBe(404);
  });

  it('public is read-only: no create, edit or delete control, a banner that says why', async () => {
    const { page } = await open();
    await logIn(page);
    await openClient(page, 'Open public');
    await page.goto(`${origin}/admin/#/products`);
    await page.getByTestId('public-banner').waitFor();
    expect(await page.getByTestId('public-banner').innerText()).toContain('Public is read-only');
    await page.locator('tbody tr').first().waitFor();
    expect(await page.getByRole('link', { name: 'Create', exact: true }).count()).toBe(0);
    // Pages and sorting come from the API: the reference data has more than one page; price sorts ascending.
    await page.getByText(/^1-25 of \d{3,}$/).waitFor();
    await page.locator('th.column-price').getByRole('button').click();
    await page.waitForURL(/sort=price/);
    await expect
      .poll(async () => {
        const prices = (await page.locator('td.column-price').allInnerTexts()).map(Number);
        return prices.length === 25 && prices.every((price, i) => i === 0 || prices[i - 1] <= price);
      })
      .toBe(true);
    await page.locator('tbody tr').first().locator('td').first().click();
    await page.waitForURL(/#\/products\/\d+\/show$/);
    await page.getByText('sku', { exact: false }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0);
    // No edit page to reach by its address either.
    await page.goto(page.url().replace(/\/show$/, ''));
    await page.getByText('sku', { exact: false }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);

    // A filter, picked by name: every row of the list is then in that category.
    await page.goto(`${origin}/admin/#/products`);
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Category' }).click();
    await page.getByRole('combobox', { name: 'category' }).fill('Kitch');
    await page.getByRole('option', { name: 'Kitchen', exact: true }).click();
    await page.waitForURL(/filter=.*category/);
    await expect
      .poll(async () => {
        const categories = await page.locator('td.column-category').allInnerTexts();
        return categories.length > 0 && categories.every((name) => name === 'Kitchen');
      })
      .toBe(true);

    // An order shows its items, each with its product by name.
    await page.goto(`${origin}/admin/#/orders/1/show`);
    const items = page.locator('tbody tr:has(td.column-product)');
    await items.first().waitFor();
    expect(await items.count()).toBeGreaterThan(0);
    await expect.poll(async () => (await items.first().locator('td.column-product').innerText()).trim()).toMatch(/[A-Za-z]/);
  });

  it('a 403 shows its message and does not log out', async () => {
    const { page } = await open();
    await logIn(page);
    await openClient(page, /^Open admin\./);
    await page.goto(`${origin}/admin/#/tags/1`);
    const name = page.getByLabel('Name *');
    await name.waitFor();
    // Meanwhile the session is switched to public (another tab would do the same): the save is a 403.
    const switched = await page.evaluate(async () => {
      const session = (await (await fetch('/api/auth/session/')).json()) as { csrf_token: string };
      const response = await fetch('/api/auth/session/', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrftoken': session.csrf_token }, body: '{"client":"public"}' });
      return response.status;
    });
    expect(switched).toBe(200);
    await name.fill('renamed in public');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The public schema is read-only').first().waitFor();
    expect(page.url()).toMatch(/#\/tags\/1$/);
    await page.reload();
    await page.getByTestId('public-banner').waitFor(); // still logged in, now in public
    expect(page.url()).not.toMatch(/login/);
  });

  it('the picker creates a client and opens it when ready; the menu copies, rotates and resets it', async () => {
    const { page, context } = await open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await logIn(page);
    await page.getByLabel('Client name').fill('Second sandbox');
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Create client' }).click();
    await reloaded;
    await page.getByRole('button', { name: 'Profile' }).click();
    await expect.poll(() => page.getByTestId('menu-account').innerText()).toContain('Client: Second sandbox');

    const access = await accessToken();
    const clientKey = async () => {
      const clients = (await (await fetch(`${origin}/api/clients/`, { headers: bearer(access) })).json()) as Array<{ name: string; api_key: string }>;
      return clients.find((client) => client.name === 'Second sandbox')!.api_key;
    };
    const oldKey = await clientKey();
    await page.getByTestId('menu-api-key').click();
    // The page's clipboard (the test runs in Node, which has no `navigator.clipboard` of its own).
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(oldKey);

    await page.getByRole('button', { name: 'Profile' }).click();
    await page.getByRole('menuitem', { name: 'OpenAPI docs' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'OpenAPI docs' }).getAttribute('href')).toBe('/docs');
    expect(await page.getByRole('menuitem', { name: 'GraphiQL' }).getAttribute('href')).toBe('/graphiql');
    await page.getByRole('menuitem', { name: 'Rotate key' }).click();
    await expect.poll(() => page.getByTestId('menu-api-key').innerText()).not.toContain(oldKey);
    const newKey = await clientKey();
    expect(await page.getByTestId('menu-api-key').innerText()).toContain(newKey);
    expect((await fetch(`${origin}/api/tags/`, { headers: bearer(access, oldKey) })).status).toBe(403);

    // Reset, after a confirmation: what was written in the client is gone.
    const tag = await fetch(`${origin}/api/tags/`, { method: 'POST', headers: { ...bearer(access, newKey), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'before-reset' }) });
    expect(tag.status).toBe(201);
    await page.getByRole('menuitem', { name: 'Reset client…' }).click();
    await page.getByRole('dialog').getByText('Every change made in this client is dropped').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
    await page.getByText('Second sandbox is a fresh copy of public again').waitFor();
    const after = (await (await fetch(`${origin}/api/tags/?name=before-reset`, { headers: bearer(access, newKey) })).json()) as { count: number };
    expect(after.count).toBe(0);
  });

  it('a client still provisioning shows its progress and opens when it is ready', async () => {
    const { page } = await open();
    await logIn(page);
    // Hold the copy of the reference data: provisioning waits on this lock until it is released.
    const lock = await t.app.pool.connect();
    let reloaded: Promise<unknown> | undefined;
    try {
      await lock.query('begin');
      await lock.query('lock table public.tags in access exclusive mode');
      await page.getByLabel('Client name').fill('Slow sandbox');
      await page.getByRole('button', { name: 'Create client' }).click();
      // The server answers `provisioning` after a few seconds; the picker follows it.
      await page.getByRole('progressbar', { name: 'Setting up Slow sandbox' }).waitFor({ timeout: 20_000 });
      await page.getByText(/Copying the reference data into schema \w+: \d+ s so far/).waitFor();
      await page.getByRole('status').getByText('Opening Slow sandbox as soon as it is ready').waitFor();
    } finally {
      reloaded = page.waitForEvent('load');
      reloaded.catch(() => undefined); // awaited below, unless the test already failed
      await lock.query('rollback');
      lock.release();
    }
    await reloaded;
    await page.getByRole('button', { name: 'Profile' }).click();
    await expect.poll(() => page.getByTestId('menu-account').innerText()).toContain('Client: Slow sandbox');
  });

  it('after the admin login, Swagger UI "Try it out" and GraphiQL\'s /graphql answer as the account', async () => {
    const { page } = await open();
    await logIn(page);
    await page.goto(`${origin}/docs/static/index.html#/auth/me_retrieve`);
    const operation = page.locator('#operations-auth-me_retrieve');
    await operation.waitFor();
    if (!(await operation.locator('.try-out__btn').isVisible())) await operation.locator('.opblock-summary').click();
    await operation.locator('.try-out__btn').click();
    await operation.locator('.execute').click();
    const response = operation.locator('.live-responses-table .response').first();
    await response.waitFor();
    expect(await response.locator('.response-col_status').innerText()).toContain('200');
    expect(await response.locator('.response-col_description').innerText()).toContain(email);

    await page.goto(`${origin}/graphiql/`);
    const answer = await page.evaluate(async () => {
      const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { email } }' }) });
      return { status: response.status, body: await response.json() };
    });
    expect(answer).toMatchObject({ status: 200, body: { data: { me: { email } } } });
  });

  it('login, list and edit pages have no critical or serious accessibility violations', async () => {
    const { page } = await open();
    await page.goto(`${origin}/admin`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await logIn(page);
    await openClient(page, /^Open admin\./);
    await page.goto(`${origin}/admin/#/products`);
    await page.locator('tbody tr').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${origin}/admin/#/products/1`);
    await page.getByLabel('Price *').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('every request of every page stayed on this origin', async () => {
    const requested = contexts.flatMap((recorded) => recorded.requested);
    expect(requested.length).toBeGreaterThan(20);
    expect(contexts.flatMap((recorded) => recorded.foreign)).toEqual([]);
    expect(requested.filter((url) => url.includes('/admin/assets/')).length).toBeGreaterThan(0);
    expect(contexts.flatMap((recorded) => recorded.pageErrors)).toEqual([]);
    await Promise.all(contexts.map((recorded) => recorded.context.close()));
  });
});
