import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// Paths are resolved from this file so `vite build --config web/vite.config.ts`
// works from the repository root (npm run build:web) and from inside web/.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [solid()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      // The API (api/main.ts) listens on 8787 by default; the dev server forwards to it so
      // the session cookie stays same-origin.
      '/api': { target: process.env.SIJILL_API ?? 'http://127.0.0.1:8787', changeOrigin: false },
    },
  },
});
