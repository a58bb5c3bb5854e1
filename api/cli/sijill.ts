import { parseArgs } from 'node:util';
import { createDb, type DbHandle } from '../../db/client';
import { roles, type Role } from '../../db/schema';
import { findUserByEmail } from '../../db/queries/users';
import { runOcrCommand } from '../../ocr/cli-ocr';
import { auditCheckpointCommand, auditVerifyCommand } from '../audit/cli-audit';
import { createUserAccount, issueApiToken } from '../auth/credentials';
import { loadConfig, type Config } from '../config';
import { openBlobStore, type BlobStore } from '../storage/blob-store';
import { AppError } from '../lib/errors';
import { runAnnotate } from './annotate';
import { runPretranslate } from './pretranslate';
import { usersCertifyCommand } from '../certification/certifiers';
import { runVerify } from '../certification/cli-verify';
import { reindexSearch } from '../search/reindex';
import { runExport } from './export';
import { runImport } from './import';
import { runWorker } from './worker';

const usage = `Usage: sijill <command>

  users add --email E --password P --role R [--name N]   create an account (roles: ${roles.join(', ')})
  users token --email E [--name N]                       print a new API token for that account
  users certify --email E [--revoke]                     allow (or no longer allow) that account to certify
  ocr FILE... [--out DIR] [--json]                       OCR scans without a server or database
  annotate [--register FILE] [--verbose]                 suggest tags for Arabic lines on stdin: one JSON
                                                         {"line","mentions":[{start,end,type,normalized}]} per line
  pretranslate --tmx FILE [--register FILE] [--min-score N]
                                                         translation memory for Arabic lines on stdin: one JSON
                                                         {"line","translation","score","origin"} per line
  import PATH... [--collection C]                        import files, folders or ZIP archives
  export --format F --out DIR ID... [--page N] [--as EMAIL]
                                                         write documents as page (PAGE XML), alto, tei,
                                                         docx, txt or json files into DIR
  export --format F --out DIR --collection NAME [--as EMAIL]
                                                         the whole collection as one ZIP (with manifest.csv)
  worker                                                 run an OCR worker against DATABASE_URL
  audit verify [--public-key F] [--checkpoint F]...      check the audit chain against its signed checkpoints
                                                         (and checkpoint files kept elsewhere); non-zero if broken
  audit checkpoint --out FILE                            sign the chain's head now and write the checkpoint to FILE
  verify FILE...                                         is this PDF or scan a certified one? (by SHA-256)
  search reindex                                         recompute search keys of lines written before search existed

Database commands use DATABASE_URL, or the embedded database under DATA_DIR (default ./data).
`;

export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  try {
    switch (command) {
      case 'ocr':
        return await runOcrCommand(argv.slice(1));
      case 'annotate':
        return await runAnnotate(argv.slice(1));
      case 'pretranslate':
        return await runPretranslate(argv.slice(1));
      case 'users':
        if (sub === 'add') return await withDb((db) => usersAdd(db, rest));
        if (sub === 'token') return await withDb((db) => usersToken(db, rest));
        if (sub === 'certify') return await withDb((db) => usersCertifyCommand(db, rest));
        break;
      case 'import':
        return await withDb((db) => runImport(db, argv.slice(1)));
      case 'export':
        return await withDb((db) => runExport(db, argv.slice(1)));
      case 'worker':
        return await runWorker(loadConfig());
      case 'search':
        if (sub === 'reindex') return await withDb(searchReindex);
        break;
      case 'audit':
        if (sub === 'verify') return await withStore((where) => auditVerifyCommand(where, rest));
        if (sub === 'checkpoint') return await withStore((where) => auditCheckpointCommand(where, rest));
        break;
      case 'verify':
        return await withDb((db) => runVerify(db, argv.slice(1)));
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(usage);
        return command ? 0 : 2;
    }
    process.stderr.write(`Unknown command: ${argv.join(' ')}\n\n${usage}`);
    return 2;
  } catch (err) {
    process.stderr.write(`sijill: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof AppError ? 1 : 2;
  }
}

async function withDb(fn: (db: DbHandle) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await db.migrate();
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function usersAdd({ db }: DbHandle, argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, 'can-certify': { type: 'boolean' } },
  });
  if (!values.email || !values.password || !values.role) throw new AppError(400, 'usage', 'users add needs --email, --password and --role.');
  if (!roles.includes(values.role as Role)) throw new AppError(400, 'usage', `Unknown role "${values.role}". Roles: ${roles.join(', ')}.`);
  const user = await createUserAccount(
    db,
    { email: values.email, password: values.password, role: values.role as Role, name: values.name, canCertify: values['can-certify'] },
    { actorId: null, via: 'cli' },
  );
  process.stdout.write(`Created ${user.role} ${user.email} (id ${user.id})\n`);
  return 0;
}

async function usersToken({ db }: DbHandle, argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { email: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email) throw new AppError(400, 'usage', 'users token needs --email.');
  const user = await findUserByEmail(db, values.email);
  if (!user) throw new AppError(404, 'not_found', `No account for ${values.email}.`);
  const { token } = await issueApiToken(db, user.id, values.name ?? 'cli');
  process.stdout.write(`${token}\n`);
  return 0;
}

/** A database command that also reads the blob store (audit checkpoints live there). */
async function withStore(fn: (where: { db: DbHandle['db']; blobs: BlobStore; config: Config }) => Promise<number>) {
  const config = loadConfig();
  const blobs = await openBlobStore(config.blobStore);
  return withDb(({ db }) => fn({ db, blobs, config }));
}

async function searchReindex({ db }: DbHandle) {
  const changed = await reindexSearch(db);
  process.stdout.write(`Search keys recomputed for ${changed} line(s); the vocabulary for "did you mean" is up to date.\n`);
  return 0;
}
