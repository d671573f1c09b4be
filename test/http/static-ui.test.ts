import Fastify from 'fastify';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticUiPlugin, uiBuildDir } from '../../src/http/static-ui.plugin';
import { startTestApp, type TestApp } from '../helpers/app';

/** The Vite-built apps (npm test builds them first) served by the app itself: no CDN, no internet. */
describe('the browser apps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each(['/admin', '/graphiql'])('serves %s with and without the trailing slash, and its assets', async (mount) => {
    for (const url of [mount, `${mount}/`]) {
      const page = await t.app.inject({ url });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain(`src="${mount}/assets/`);
      expect(page.body).not.toMatch(/src="https?:\/\//);
    }
    const [script] = (await readdir(join(uiBuildDir, mount.slice(1), 'assets'))).filter((name) => name.endsWith('.js'));
    const asset = await t.app.inject({ url: `${mount}/assets/${script}` });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await t.app.inject({ url: `${mount}/assets/missing.js` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${mount}/../package.json` })).statusCode).toBe(404);
  });

  it('says how to build an app that is not built', async () => {
    const app = Fastify();
    await app.register(staticUiPlugin, { mount: '/nothing', folder: 'not-built', title: 'Nothing' });
    for (const url of ['/nothing', '/nothing/', '/nothing/assets/app.js']) {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(503);
      expect(response.body).toBe('Nothing is not built: run "npm run build:ui" (npm start does it).');
    }
    await app.close();
  });
});
