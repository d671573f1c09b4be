import AxeBuilder from '@axe-core/playwright';
import packedChromium from '@sparticuz/chromium';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from './server-process';

/** Screenshots land here; the folder is ignored by git. */
export const artifactsDir = resolve(projectRoot, 'test/artifacts');

/** Flags for a Chromium of the system's (Debian's), given by `CHROMIUM_PATH`. */
const SYSTEM_CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * @sparticuz/chromium's flags (made for AWS Lambda), minus three: the two that switch off the web's
 * security model (with `--disable-web-security` the browser would not enforce CORS, and the cross-origin
 * tests could not fail), and `--single-process`, under which closing a context that loaded a page
 * kills the whole browser.
 */
const DROPPED_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);
const PACKED_CHROMIUM_ARGS = packedChromium.args.filter((flag) => !DROPPED_FLAGS.has(flag));

/**
 * The browser the tests drive: `CHROMIUM_PATH` when set, else the Chromium that ships inside the
 * @sparticuz/chromium npm package, unpacked to the temp folder on first use (`npm ci` is all it needs;
 * `npx playwright install` cannot download here). The global setup unpacks it once, before the workers start.
 */
export async function chromiumExecutable(): Promise<{ path: string; args: string[] }> {
  const path = process.env.CHROMIUM_PATH;
  if (path) {
    if (!existsSync(path)) throw new Error(`CHROMIUM_PATH is ${path}, which does not exist`);
    return { path, args: SYSTEM_CHROMIUM_ARGS };
  }
  return { path: await packedChromium.executablePath(), args: PACKED_CHROMIUM_ARGS };
}

export async function launchBrowser(): Promise<Browser> {
  const { path, args } = await chromiumExecutable();
  await mkdir(artifactsDir, { recursive: true });
  return chromium.launch({ executablePath: path, headless: true, args });
}

/** axe-core's critical and serious findings on the page as it is, one line each (needs a page of `browser.newContext()`). */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => `${node.target.join(' ')} ${node.failureSummary ?? ''} ${node.html}`).join(', ')}`);
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
