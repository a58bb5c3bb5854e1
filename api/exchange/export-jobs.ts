/**
 * Collection export: a ZIP of every document of a collection, or of the documents a search
 * finds, in one export format, built in the background. Each document goes through the same
 * loader and format modules as a single export (api/exchange/formats.ts), one at a time, into a
 * ZIP written as a stream to a temporary file (api/exchange/zip.ts), which then goes to the blob
 * store's `export` area under its SHA-256; the archive is never held in memory, nor is more than
 * one document's export.
 *
 * The job runs as the person who asked, with their permissions when it runs: only documents
 * they may read then go in. Progress (`done` of `total`) is in `export_jobs`; the job runs in
 * the process that accepted the request, and a server that restarts takes up jobs left running
 * (their heartbeat stops) from the start. One audit event per archive names its documents and
 * its SHA-256.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DbHandle } from '../../db/client';
import { listDocumentIds } from '../../db/queries/documents';
import { claimExportJob, getExportJob, insertExportJob, listExportJobs, updateExportJob, type ExportJob } from '../../db/queries/export-jobs';
import type { SearchFilters } from '../../db/queries/search';
import { filtersSelectLines } from '../../db/queries/search';
import { getReadableCollection } from '../../db/queries/translation-memory';
import { findUserById, membershipsOf, type SessionUser } from '../../db/queries/users';
import type { ExportScope } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { verificationBaseUrl } from '../config';
import type { AppDeps } from '../context';
import { AppError, notFound } from '../lib/errors';
import { log } from '../lib/log';
import { searchDocuments } from '../search/search';
import { toCsv, type CsvCell } from './csv';
import { loadExchangeDocument } from './document';
import { exportDocumentFiles, type ExportFormat } from './formats';
import { writeZipFile, type ZipEntryInput } from './zip';

/** At most this many documents in one archive: those with the lowest ids; manifest.csv says when more were left out. */
export const maxExportDocuments = 20_000;
const heartbeatMs = 10_000;
const staleAfterMs = 60_000;
/** Progress is written at most this often (and at the end), not once per document. */
const progressEveryMs = 500;

type Deps = Pick<AppDeps, 'database' | 'blobs' | 'config'>;

/** What to export: a collection by id, or a search as api/search takes it. */
export type ExportRequest = { collectionId: number } | { search: { q: string; filters: SearchFilters; fuzzy?: boolean } };

/** Queues an export of what `request` names and starts it in the background; the job as `toExportJobDto` gives it. */
export async function requestExport(deps: Deps, user: SessionUser, format: ExportFormat, request: ExportRequest): Promise<ExportJob> {
  const { db } = deps.database;
  let scope: ExportScope;
  if ('collectionId' in request) {
    const collection = await getReadableCollection(db, user, request.collectionId);
    if (!collection) throw notFound('The collection');
    scope = { kind: 'collection', collectionId: collection.id, collection: collection.name };
  } else {
    const { q, filters, fuzzy } = request.search;
    if (!q.trim() && !filtersSelectLines(filters)) {
      throw new AppError(400, 'empty_query', 'Type a word or a name to search for, or choose a person, unit, place, tag kind or date range.');
    }
    scope = { kind: 'search', q, filters: filters as Record<string, unknown>, ...(fuzzy ? { fuzzy: true } : {}) };
  }
  const job = await insertExportJob(db, { requestedBy: user.id, format, scope });
  void runExportJobs(deps);
  return job;
}

/** The job, if this user asked for it (administrators see every job); 404 otherwise. */
export async function exportJobFor(deps: Pick<Deps, 'database'>, user: SessionUser, id: number): Promise<ExportJob> {
  const job = await getExportJob(deps.database.db, id);
  if (!job || (job.requestedBy !== user.id && user.role !== 'admin')) throw notFound('The export');
  return job;
}

/** This user's newest export jobs. */
export const recentExportJobs = (deps: Pick<Deps, 'database'>, user: SessionUser, limit = 20) => listExportJobs(deps.database.db, user.id, limit);

/** A job as the API shows it. `downloadUrl` once the archive is ready. */
export const toExportJobDto = (j: ExportJob) => ({
  id: j.id,
  format: j.format,
  scope:
    j.scope.kind === 'collection'
      ? { kind: 'collection' as const, collectionId: j.scope.collectionId, collection: j.scope.collection, q: null }
      : { kind: 'search' as const, collectionId: null, collection: null, q: j.scope.q },
  status: j.status,
  total: j.total,
  done: j.done,
  skipped: j.skipped,
  fileName: j.fileName,
  sizeBytes: j.sizeBytes,
  sha256: j.sha256,
  error: j.error,
  createdAt: j.createdAt.toISOString(),
  finishedAt: j.finishedAt?.toISOString() ?? null,
  downloadUrl: j.status === 'done' ? `/api/exports/${j.id}/download` : null,
});

type Runner = { run: Promise<void>; again: boolean; stopping: boolean };
const runners = new WeakMap<DbHandle, Runner>();

/**
 * Runs queued (and abandoned) export jobs one after another until none is left, in this
 * process; while it runs, another call only makes it look for jobs once more at the end.
 */
export function runExportJobs(deps: Deps): Promise<void> {
  const current = runners.get(deps.database);
  if (current) {
    current.again = true;
    return current.run;
  }
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  // An embedded database is this process's alone: a job marked running there died with the last process.
  const staleBefore = () => new Date(Date.now() - (deps.database.kind === 'embedded' ? 0 : staleAfterMs));
  const runner: Runner = { run: Promise.resolve(), again: false, stopping: false };
  runner.run = (async () => {
    do {
      runner.again = false;
      for (;;) {
        if (runner.stopping) return;
        const job = await claimExportJob(deps.database.db, workerId, staleBefore());
        if (!job) break;
        await runJob(deps, job, workerId, runner);
      }
    } while (runner.again);
  })()
    .catch((err) => log.error('export: could not take a job', { error: err instanceof Error ? err.message : String(err) }))
    .finally(() => runners.delete(deps.database));
  runners.set(deps.database, runner);
  return runner.run;
}

/**
 * Stops the export runner of this database after the document it is on (server stop, tests):
 * an unfinished job stays `running` and is built again from the start by the next process.
 */
export function stopExportJobs(database: DbHandle): Promise<void> {
  const runner = runners.get(database);
  if (!runner) return Promise.resolve();
  runner.stopping = true;
  return runner.run;
}

type ManifestRow = { documentId: number; title: string; archiveRef: string | null; collection: string; outcome: string; files: string[]; certificationId: number | null };

async function runJob(deps: Deps, job: ExportJob, workerId: string, runner: Runner) {
  const { db } = deps.database;
  const fail = (error: string) => updateExportJob(db, job.id, workerId, { status: 'failed', error, finishedAt: new Date() });
  const found = await findUserById(db, job.requestedBy);
  if (!found) return void (await fail('The account that asked for it no longer exists or is disabled.'));
  const user: SessionUser = { ...found, memberships: await membershipsOf(db, found.id) };
  const format = job.format as ExportFormat;
  const dir = join(deps.config.dataDir, 'exports');
  const tmp = join(dir, `export-${job.id}-${randomBytes(4).toString('hex')}.zip.tmp`);
  const beat = setInterval(() => void updateExportJob(db, job.id, workerId, {}).catch(() => {}), heartbeatMs);
  try {
    const found = await documentIdsOf(deps, user, job.scope);
    if (found === null) return void (await fail('The collection no longer exists or you may no longer read it.'));
    const ids = found.slice(0, maxExportDocuments);
    const cut = found.length > maxExportDocuments;
    await updateExportJob(db, job.id, workerId, { total: ids.length });
    const publicUrl = verificationBaseUrl(deps.config);
    const manifest: ManifestRow[] = [];
    let done = 0;
    let skipped = 0;
    let reported = Date.now();
    const entries = async function* (): AsyncGenerator<ZipEntryInput> {
      for (const id of ids) {
        if (runner.stopping) throw new TakenOver();
        // Read with the requester's permissions as they are now: a document they may no longer read is left out.
        const doc = await loadExchangeDocument(db, user, id, { publicUrl });
        // A document with no page read yet has no lines to carry: listed in the manifest, not exported.
        const files = doc && doc.pages.length > 0 ? await exportDocumentFiles(doc, format) : [];
        if (doc) {
          manifest.push({
            documentId: doc.id,
            title: doc.title,
            archiveRef: doc.archiveRef,
            collection: doc.collection,
            outcome: files.length ? 'exported' : 'not read yet',
            files: files.map((f) => f.name),
            certificationId: doc.certification?.id ?? null,
          });
          const mtime = new Date(doc.exportedAt);
          for (const f of files) yield { name: f.name, bytes: f.bytes, mtime };
        }
        if (files.length === 0) skipped++;
        done++;
        if (Date.now() - reported >= progressEveryMs) {
          reported = Date.now();
          if (!(await updateExportJob(db, job.id, workerId, { done, skipped }))) throw new TakenOver();
        }
      }
      yield { name: 'manifest.csv', bytes: new TextEncoder().encode(manifestCsv(manifest, cut)), mtime: new Date() };
    };
    await mkdir(dir, { recursive: true });
    const archive = await writeZipFile(tmp, entries());
    const stored = await deps.blobs.putFile('export', tmp, archive.sha256);
    const exported = manifest.filter((m) => m.outcome === 'exported').map((m) => m.documentId);
    await db.transaction(async (tx) => {
      const mine = await updateExportJob(tx, job.id, workerId, {
        status: 'done',
        done,
        skipped,
        fileName: archiveName(job, format),
        sizeBytes: stored.size,
        sha256: archive.sha256,
        finishedAt: new Date(),
      });
      if (!mine) throw new TakenOver();
      await appendAudit(
        tx,
        auditEvent(
          'documents.exported',
          user.id,
          { jobId: job.id, kind: format, scope: job.scope.kind, documentIds: exported, skipped, sha256: archive.sha256, size: stored.size },
          job.scope.kind === 'collection' ? { type: 'collection', id: job.scope.collectionId } : undefined,
        ),
      );
    });
    log.info('export: archive built', { jobId: job.id, documents: exported.length, skipped, bytes: stored.size });
  } catch (err) {
    if (err instanceof TakenOver) return;
    log.error('export: job failed', { jobId: job.id, error: err instanceof Error ? err.name : 'unknown' });
    await fail('The export stopped on an error; ask for it again, and tell an administrator if it keeps happening.').catch(() => {});
  } finally {
    clearInterval(beat);
    await rm(tmp, { force: true }).catch(() => {});
  }
}

/** Another worker took the job over (this one's heartbeat was late), or this process stops: leave the job as it is. */
class TakenOver extends Error {}

/** The documents the scope names that this user may read (one more than the limit, to tell a cut), or null when the collection is gone from their sight. */
async function documentIdsOf(deps: Deps, user: SessionUser, scope: ExportScope): Promise<number[] | null> {
  const { db } = deps.database;
  if (scope.kind === 'collection') {
    if (!(await getReadableCollection(db, user, scope.collectionId))) return null;
    return listDocumentIds(db, user, { collectionId: scope.collectionId }, maxExportDocuments + 1);
  }
  return searchDocuments(db, user, { q: scope.q, filters: scope.filters as SearchFilters, fuzzy: scope.fuzzy }, maxExportDocuments + 1);
}

/** `sijill-<collection or "search">-<format>-<job>.zip`, the collection's name kept as letters and digits. */
function archiveName(job: ExportJob, format: ExportFormat) {
  const what = job.scope.kind === 'collection' ? job.scope.collection.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60) || 'collection' : 'search';
  return `sijill-${what}-${format}-${job.id}.zip`;
}

/** One row per document: what went in (files) or why nothing did; a last row when the limit cut the list. */
function manifestCsv(rows: ManifestRow[], cut: boolean): string {
  const cells: CsvCell[][] = rows.map((r) => [r.documentId, r.title, r.archiveRef, r.collection, r.outcome, r.files.join(' '), r.certificationId]);
  if (cut) cells.push([null, null, null, null, `more than ${maxExportDocuments} documents: the rest were left out; export a narrower search`, null, null]);
  return toCsv(['document_id', 'title', 'archive_ref', 'collection', 'outcome', 'files', 'certification_id'], cells);
}
