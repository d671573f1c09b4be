import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app';
import { openRecordedContext } from '../helpers/browser';
import { startBrowserApp, type BrowserApp } from '../helpers/browser-app';
import { PASSWORD, registerUser } from '../helpers/users';

const SESSION_PATH = '/api/auth/session/';

/**
 * Being logged out is not an error (STACK.md, react-admin's checkAuth): the login form comes after
 * one look at the session, with no retries, no backoff and no error toast. Counted, not timed.
 */
describe('the admin panel, opened logged out', () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;

  let running: BrowserApp | undefined;

  beforeAll(async () => {
    running = await startBrowserApp();
    ({ t, origin, browser } = running);
  });
  afterAll(async () => running?.close());

  it('shows the login form after one request to /api/auth/session/, without an error toast', async () => {
    const { context, page, foreign, pageErrors } = await openRecordedContext(browser, origin);
    const sessionReads: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === SESSION_PATH) sessionReads.push(request.method());
    });
    const opened = Date.now();
    await page.goto(`${origin}/admin/`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    const beforeForm = sessionReads.length;
    console.log(`admin login form: ${beforeForm} request(s) to ${SESSION_PATH} before it showed, ${Date.now() - opened} ms after opening /admin/`);
    expect(beforeForm).toBe(1);

    // Nothing more once the page is quiet: no retry, and no toast saying the visitor is not logged in.
    await page.waitForLoadState('networkidle');
    expect(sessionReads).toEqual(['GET']);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByText('Authentication credentials were not provided.').count()).toBe(0);
    expect(page.url()).toMatch(/#\/login$/);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('a visitor who is logged in skips the form: the session answers 200 and the panel opens', async () => {
    const user = await registerUser(t.app, 'opened');
    const { context, page } = await openRecordedContext(browser, origin);
    await page.goto(`${origin}/healthz`);
    const login = await page.evaluate(
      async ([path, email, password]) => (await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).status,
      [SESSION_PATH, user.email, PASSWORD],
    );
    expect(login).toBe(201);
    await page.goto(`${origin}/admin/`);
    await page.getByRole('button', { name: 'Profile' }).waitFor();
    expect(await page.getByRole('button', { name: 'Log in' }).count()).toBe(0);
    await context.close();
  });
});
