import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export interface StaticUiOptions {
  /** Where it is served, without a trailing slash: `/admin`, `/graphiql`. (Not `prefix`: Fastify takes that register option as a route prefix.) */
  mount: string;
  /** Folder under `dist/ui/` that `npm run build:ui` (Vite) writes: `admin`, `graphiql`. */
  folder: string;
  /** What the page is, for the "not built" message. */
  title: string;
}

/** The package root, from src/http (run from source) or dist/src/http (built). */
function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const uiBuildDir = resolve(packageRoot(__dirname), 'dist/ui');

/**
 * Serves one of the browser apps Vite builds (the admin panel, GraphiQL): every asset comes from
 * this server, so they work with no internet. The apps route with the URL hash, so index.html is the
 * only page.
 */
export async function staticUiPlugin(app: FastifyInstance, { mount, folder, title }: StaticUiOptions): Promise<void> {
  const root = resolve(uiBuildDir, folder);
  const hide = { schema: { hide: true } };
  if (!existsSync(join(root, 'index.html'))) {
    const notBuilt = `${title} is not built: run "npm run build:ui" (npm start does it).`;
    for (const url of [mount, `${mount}/*`]) app.get(url, hide, (_request, reply) => reply.code(503).type('text/plain').send(notBuilt));
    return;
  }
  // The page itself at `/admin` and `/admin/` (one route: the router ignores trailing slashes); its assets below.
  const page = await readFile(join(root, 'index.html'));
  app.get(mount, hide, (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page));
  await app.register(fastifyStatic, { root, prefix: `${mount}/`, decorateReply: false, index: false, schemaHide: true, cacheControl: true, maxAge: 0 });
}
