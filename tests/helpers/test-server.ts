import { loadConfig } from '../../api/config';
import { startSijill } from '../../api/server';
import { createTestDatabase } from './test-db';

export const adminCredentials = { email: 'admin@example.test', password: 'browser-test-password' };

/** The whole server as `npm start` runs it, on a free port and a fresh database. `ocrWorkers: 0`
 *  for tests that seed their lines themselves (no OCR racing the seed). */
export async function startTestServer(opts: { ocrWorkers?: number } = {}) {
  const testDb = await createTestDatabase();
  // Put the migrated template in place (embedded), so the server opens a ready database.
  await (await testDb.open()).close();
  const config = {
    ...loadConfig({ DATA_DIR: testDb.dataDir, ADMIN_EMAIL: adminCredentials.email, ADMIN_PASSWORD: adminCredentials.password }),
    port: 0,
    host: '127.0.0.1',
    databaseUrl: testDb.databaseUrl ?? undefined,
    ocrWorkers: opts.ocrWorkers ?? 1,
  };
  const sijill = await startSijill(config);
  return {
    ...sijill,
    async close() {
      await sijill.close();
      await testDb.destroy();
    },
  };
}
