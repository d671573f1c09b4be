import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
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
