import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export type DbHandle = {
  db: Db;
  kind: 'embedded' | 'postgres';
  /** Applies the committed drizzle-kit migrations; safe to call on every start. */
  migrate(): Promise<void>;
  /**
   * Embedded only: the whole data directory as an uncompressed tar (PGlite `dumpDataDir`), which
   * `createDb({ template })` starts a new embedded database from.
   */
  dump?(): Promise<Blob>;
  /**
   * Calls `onPayload` with each NOTIFY on `channel` (sent with `pg_notify` in a transaction: after
   * it commits, never for one rolled back), from every process using this database. Resolves,
   * once listening, to the function that stops it.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export class EmbeddedDatabaseBusyError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by process ${pid} (probably \`npm start\`). ` +
        'Stop that process first, or set DATABASE_URL to a PostgreSQL server that both can share.',
    );
  }
}

/**
 * One factory for both deployments: the `postgres` driver when a URL is given, otherwise
 * embedded PGlite under `dataDir/pg` (or in memory for `dataDir: null`, used by tests).
 * `template` (embedded, a new data directory only): start from this `dump()` instead of empty;
 * tests use one migrated database for all, since migrating takes PGlite seconds each time.
 */
export async function createDb(opts: { databaseUrl?: string | null; dataDir: string | null; template?: Blob }): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const client = postgres(opts.databaseUrl, { max: 10, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema, casing: 'snake_case' });
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      migrate: async () => {
        await client`CREATE EXTENSION IF NOT EXISTS pg_trgm`;
        await migratePostgres(db, { migrationsFolder });
      },
      listen: async (channel, onPayload) => {
        // postgres.js listens on a connection of its own, outside the pool.
        const { unlisten } = await client.listen(channel, onPayload);
        return unlisten;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }

  let releaseLock = () => {};
  let dataDir: string | undefined;
  if (opts.dataDir) {
    dataDir = join(opts.dataDir, 'pg');
    mkdirSync(opts.dataDir, { recursive: true });
    releaseLock = lockEmbedded(join(opts.dataDir, 'pg.lock'), dataDir);
  }
  try {
    const client = await PGlite.create({ dataDir, extensions: { pg_trgm }, loadDataDir: opts.template });
    const db = drizzlePglite(client, { schema, casing: 'snake_case' });
    return {
      db: db as unknown as Db,
      kind: 'embedded',
      migrate: async () => {
        await client.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm');
        await migratePglite(db, { migrationsFolder });
      },
      dump: () => client.dumpDataDir('none'),
      listen: async (channel, onPayload) => {
        const stop = await client.listen(channel, onPayload);
        return () => stop();
      },
      close: async () => {
        await client.close();
        releaseLock();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/** PGlite is single-process: a pid file tells a second process plainly that it must wait. */
function lockEmbedded(lockPath: string, dir: string): () => void {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) throw new EmbeddedDatabaseBusyError(dir, pid);
  } catch (err) {
    if (err instanceof EmbeddedDatabaseBusyError) throw err;
  }
  writeFileSync(lockPath, String(process.pid));
  return () => rmSync(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
