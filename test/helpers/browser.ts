import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from './server-process';

/** Debian's Chromium (`.ci/run` installs it with apt-get; `npx playwright install` cannot download here). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots land here; the folder is ignored by git. */
export const artifactsDir = resolve(projectRoot, 'test/artifacts');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it with "apt-get install -y chromium" (as .ci/run does) or set CHROMIUM_PATH`);
  }
  await mkdir(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Path of a screenshot under test/artifacts/. */
export function artifact(name: string): string {
  return resolve(artifactsDir, name);
}

export interface RecordedContext {
  context: BrowserContext;
  page: Page;
  /** Every URL the pages asked for. */
  requested: string[];
  /** Requests for another origin, aborted: our pages must not need the internet. */
  foreign: string[];
  /** Uncaught errors in the page. */
  pageErrors: string[];
  /** Paths of the web workers the page started. */
  workers: string[];
}

/** A fresh browser context whose every request is recorded; anything not for `origin` is aborted. */
export async function openRecordedContext(browser: Browser, origin: string, viewport = { width: 1280, height: 900 }): Promise<RecordedContext> {
  const context = await browser.newContext({ viewport });
  const requested: string[] = [];
  const foreign: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requested.push(url);
    if (new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  // Requests that routing does not see (workers' own fetches) are checked here.
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin && !foreign.includes(url)) foreign.push(url);
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
  return { context, page, requested, foreign, pageErrors, workers };
}
