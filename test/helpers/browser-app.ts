import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp, type TestSeams } from './app';
import { launchBrowser } from './browser';

/** The real app listening on a free loopback port, and a browser to drive it. */
export interface BrowserApp {
  t: TestApp;
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startBrowserApp(env: Record<string, string> = {}, seams: TestSeams = {}): Promise<BrowserApp> {
  const t = await startTestApp(env, seams);
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await launchBrowser();
    return {
      t,
      origin: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
      browser,
      async close() {
        await browser.close();
        await t.close();
      },
    };
  } catch (error) {
    await t.close();
    throw error;
  }
}
