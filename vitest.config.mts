import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // esbuild emits no decorator metadata; swc does (STACK.md).
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    // One graphql for everybody: vite would give our sources graphql's ESM build while
    // type-graphql and mercurius load its CommonJS build, and graphql refuses to mix them.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // test/pgbouncer/ asserts that traffic goes through PgBouncer: only the PgBouncer pass starts one (vitest.pgbouncer.config.mts).
    exclude: ['**/node_modules/**', 'test/pgbouncer/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll gives up after 1 s by default: a page re-rendering on a loaded 2-core CI takes longer.
    expect: { poll: { timeout: 20_000 } },
    pool: 'forks',
    maxWorkers: 2,
  },
});
