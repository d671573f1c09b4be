import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** GraphiQL bundled with every asset (Monaco and its workers, CSS, fonts): it works with no internet. */
export default defineConfig({
  root: here,
  base: '/graphiql/',
  plugins: [react()],
  // Monaco's workers are ES modules that import chunks of their own.
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/ui/graphiql', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    rolldownOptions: {
      // GraphiQL ships React-compiler output with "use no memo" directives; dropping them is harmless.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
