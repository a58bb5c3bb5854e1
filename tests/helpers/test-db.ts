import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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
  // The first open of an embedded database starts from the migrated template; later ones (a
  // restart) reopen what is there.
  let opened = false;
  const open = async (): Promise<DbHandle> => {
    const template = url || opened ? undefined : await migratedTemplate();
    const handle = await createDb({ databaseUrl: url, dataDir, template });
    opened = true;
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

/**
 * An embedded database with every migration applied, as a PGlite dump: made once per PGlite
 * version and set of migrations (named by their hash, in the temp folder, shared by the test
 * files of a run and by later runs) and loaded into each file's new database, instead of each
 * file creating and migrating its own: 1.1-2.2 s instead of 3.8-10 s a file on this machine.
 */
async function migratedTemplate(): Promise<Blob> {
  const migrations = join(import.meta.dirname, '..', '..', 'db', 'migrations');
  const hash = createHash('sha256');
  // A PGlite upgrade may change the data directory's format.
  hash.update(readFileSync(join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json')));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(migrations);
  const path = join(tmpdir(), `sijill-test-template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (!existsSync(path)) {
    const handle = await createDb({ dataDir: null });
    await handle.migrate();
    const dump = await handle.dump!();
    await handle.close();
    // Written aside and renamed: test files starting together never read half a file.
    const partial = `${path}.${process.pid}.${randomBytes(3).toString('hex')}`;
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
    renameSync(partial, path);
    removeStaleTemplates(path);
  }
  return new Blob([readFileSync(path)]);
}

/**
 * Templates of earlier migration sets (one is written each time the migrations change) are
 * removed once they are a day old: a checkout with other migrations may still be reading its own
 * in a run of its own.
 */
function removeStaleTemplates(current: string) {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (path === current || !/^sijill-test-template-[0-9a-f]{16}\.tar$/.test(name)) continue;
    try {
      if (statSync(path).mtimeMs < dayAgo) rmSync(path, { force: true });
    } catch {
      // removed by another run meanwhile
    }
  }
}
