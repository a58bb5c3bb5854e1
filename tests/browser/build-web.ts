import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Builds web/ once before the browser tests, so they run against the same bundle `npm start`
 * serves. SIJILL_SKIP_WEB_BUILD=1 reuses an existing web/dist (CI after `npm run build:web`).
 */
export default async function setup() {
  if (process.env.SIJILL_SKIP_WEB_BUILD === '1') return;
  await build({
    configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  });
}
