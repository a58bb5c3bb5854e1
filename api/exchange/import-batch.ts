/**
 * Many files in one go — a folder, a ZIP archive, or a bulk upload's archive — each scan stored
 * as an upload is (idempotent by SHA-256), with its PAGE XML or ALTO transcription when one is
 * there (api/exchange/pairing.ts decides which). Files are read one at a time, so an archive of
 * thousands of scans is never in memory at once. Every file gets a result, in name order.
 */
import type { SessionUser } from '../../db/queries/users';
import type { AppDeps } from '../context';
import { ingestDocument } from '../documents/ingest';
import { AppError } from '../lib/errors';
import { log } from '../lib/log';
import { declaredImageOf, isTranscriptionName, pairTranscriptions } from './pairing';
import { sniffSidecar } from './sidecar';

export type BatchFile = { path: string; size: number; read(): Promise<Uint8Array> };

export type BatchResult = {
  /** The scan's (or stray file's) path inside the batch. */
  name: string;
  outcome: 'created' | 'existing' | 'failed' | 'skipped';
  documentId?: number;
  /** The transcription used for its lines, if any. */
  transcription?: { name: string; format: 'page-xml' | 'alto' } | null;
  /** Set when `existing` and a transcription came with it: the stored document keeps its lines. */
  transcriptionIgnored?: boolean;
  error?: { code: string; message: string };
};

const maxTranscriptionBytes = 32 * 1024 * 1024;

export async function importBatch(
  deps: Pick<AppDeps, 'database' | 'blobs' | 'notifyJobs'>,
  user: SessionUser,
  files: BatchFile[],
  opts: { collection?: string | null; onResult?: (r: BatchResult) => void } = {},
): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  const report = (r: BatchResult) => {
    results.push(r);
    opts.onResult?.(r);
  };
  // Transcriptions are small: read them first, to learn the image each names.
  const xml = new Map<string, { bytes: Uint8Array; format: 'page-xml' | 'alto' }>();
  for (const f of files.filter((f) => isTranscriptionName(f.path))) {
    if (f.size > maxTranscriptionBytes) {
      report({ name: f.path, outcome: 'failed', error: { code: 'too_large', message: `${f.path} is larger than ${maxTranscriptionBytes / 1048576} MB.` } });
      continue;
    }
    const bytes = await f.read();
    const format = sniffSidecar(bytes);
    if (!format) report({ name: f.path, outcome: 'skipped', error: { code: 'not_a_transcription', message: 'An XML file that is neither PAGE XML nor ALTO (left out).' } });
    else xml.set(f.path, { bytes, format });
  }
  const pairing = pairTranscriptions([
    ...files.filter((f) => !isTranscriptionName(f.path)).map((f) => ({ path: f.path })),
    ...[...xml.entries()].map(([path, x]) => ({ path, declaredImage: declaredImageOf(new TextDecoder().decode(x.bytes.subarray(0, 65536))) })),
  ]);
  // Files that are not named as scans are tried as scans too: the type is read from the bytes.
  const scanPaths = new Set(pairing.scans.map((s) => s.scan));
  const others = files.filter((f) => !isTranscriptionName(f.path) && !scanPaths.has(f.path)).map((f) => ({ scan: f.path, transcription: null }));
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const { scan, transcription } of [...pairing.scans, ...others].sort((a, b) => a.scan.localeCompare(b.scan))) {
    const t = transcription ? xml.get(transcription)! : null;
    try {
      const bytes = await byPath.get(scan)!.read();
      const r = await ingestDocument(deps, user, {
        bytes,
        fileName: scan.split('/').pop(),
        collection: opts.collection,
        transcription: t ? { bytes: t.bytes, fileName: transcription } : null,
      });
      report({
        name: scan,
        outcome: r.created ? 'created' : 'existing',
        documentId: r.documentId,
        transcription: t ? { name: transcription!, format: t.format } : null,
        ...(r.transcriptionIgnored ? { transcriptionIgnored: true } : {}),
      });
    } catch (err) {
      report({
        name: scan,
        outcome: 'failed',
        transcription: t ? { name: transcription!, format: t.format } : null,
        error: err instanceof AppError ? { code: err.code, message: err.message } : { code: 'internal', message: 'This file could not be stored; nothing of it was kept.' },
      });
      if (!(err instanceof AppError)) log.error('import: a file failed', { error: err instanceof Error ? err.name : 'unknown' });
    }
  }
  for (const path of pairing.unpaired) {
    report({ name: path, outcome: 'failed', error: { code: 'unpaired_transcription', message: 'A transcription with no scan of the same name (or of the image it names) beside it.' } });
  }
  return results;
}

/** Archive entries left out before reading (api/exchange/zip.ts `entryVerdict`), as results: refused ones fail the import. */
export function skippedResults(skipped: Array<{ name: string; reason: string; refused: boolean }>): BatchResult[] {
  return skipped
    .filter((s) => s.refused)
    .map((s) => ({ name: s.name, outcome: 'failed' as const, error: { code: 'refused_entry', message: `Refused: ${s.reason}.` } }));
}

/** Counts per outcome, for summaries. */
export function summarize(results: BatchResult[]) {
  const counts = { created: 0, existing: 0, failed: 0, skipped: 0, withTranscription: 0 };
  for (const r of results) {
    counts[r.outcome]++;
    if (r.transcription && r.outcome === 'created') counts.withTranscription++;
  }
  return counts;
}
