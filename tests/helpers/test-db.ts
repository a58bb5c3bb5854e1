import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createDb, type DbHandle } from '../../db/client';

export const serverUrl = process.env.DATABASE_URL || null;
export const databaseKind = serverUrl ? 'postgres' : 'embedded';

/**
 * A fresh, migrated database for one test file: a new database on the DATABASE_URL server, or
 * an embedded one in a temp folder. `reopen` gives a new handle on the same data (a restart).
 */
export async function createTestDatabase() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sijill-test-'));
  let url: string | null = null;
  let name: string | null = null;
  if (serverUrl) {
    name = `sijill_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const open = async (): Promise<DbHandle> => {
    const handle = await createDb({ databaseUrl: url, dataDir });
    await handle.migrate();
    return handle;
  };
  return {
    dataDir,
    databaseUrl: url,
    open,
    async destroy() {
      if (serverUrl && name) {
        const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
