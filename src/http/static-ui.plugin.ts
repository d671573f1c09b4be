import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface StaticUiOptions {
  /** URL prefix without a trailing slash: `/admin`, `/graphiql`. */
  prefix: string;
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
 * this server, so they work with no internet. `/admin` redirects to `/admin/`; the apps route with
 * the URL hash, so index.html is the only page.
 */
export async function staticUiPlugin(app: FastifyInstance, { prefix, folder, title }: StaticUiOptions): Promise<void> {
  const root = resolve(uiBuildDir, folder);
  const hide = { schema: { hide: true } };
  app.get(prefix, hide, (request, reply) => reply.redirect(`${prefix}/${request.url.slice(prefix.length)}`));
  if (!existsSync(join(root, 'index.html'))) {
    app.get(`${prefix}/*`, hide, (_request, reply) =>
      reply.code(503).type('text/plain').send(`${title} is not built: run "npm run build:ui" (npm start does it).`),
    );
    return;
  }
  await app.register(fastifyStatic, { root, prefix: `${prefix}/`, decorateReply: false, index: ['index.html'], schemaHide: true, cacheControl: true, maxAge: 0 });
}
