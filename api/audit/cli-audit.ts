import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Executor } from '../../db/client';
import type { Config } from '../config';
import { AppError } from '../lib/errors';
import type { BlobStore } from '../storage/blob-store';
import { verifyAuditChain, type ChainCheck } from './chain';
import { checkpointBytes, loadAuditSigner, parseCheckpoint, readCheckpoints, writeCheckpoint, type StoredCheckpoint } from './checkpoints';

type Where = { db: Executor; blobs: BlobStore; config: Config };

/**
 * `sijill audit verify [--public-key FILE] [--checkpoint FILE]...`: the chain, held against every
 * checkpoint in the blob store and the ones given as files (kept elsewhere, see `audit
 * checkpoint`). Signatures are checked with the server's key (its public half), or with the
 * public key given, so that someone who holds only that can verify a copy.
 */
export async function auditVerifyCommand(where: Where, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'public-key': { type: 'string' }, checkpoint: { type: 'string', multiple: true } } });
  const stored: StoredCheckpoint[] = await readCheckpoints(where.blobs);
  for (const file of values.checkpoint ?? []) stored.push({ key: file, checkpoint: parseCheckpoint(readFileSync(file)) });
  const publicKey = values['public-key']
    ? createPublicKey(readFileSync(values['public-key']))
    : stored.length
      ? loadAuditSigner({ dataDir: where.config.dataDir, ...where.config.auditKey, create: false }).publicKey
      : null;
  const result = await verifyAuditChain(where.db, publicKey ? { checkpoints: { stored, publicKey } } : {});
  return report(result);
}

export function report(result: ChainCheck): number {
  const checkpoints = `${result.checkpoints} signed checkpoint${result.checkpoints === 1 ? '' : 's'}`;
  if (result.ok) {
    process.stdout.write(`Audit chain intact: ${result.count} events, held against ${checkpoints}.\n`);
    return 0;
  }
  process.stderr.write(`Audit chain BROKEN at event ${result.firstBadSeq}: ${result.reason}. ${result.count} events before it verified.\n`);
  return 1;
}

/** `sijill audit checkpoint --out FILE`: signs the chain's head now, stores it, and writes it to FILE for safekeeping elsewhere. */
export async function auditCheckpointCommand(where: Where, argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } } });
  if (!values.out) throw new AppError(400, 'usage', 'audit checkpoint needs --out FILE.');
  const signer = loadAuditSigner({ dataDir: where.config.dataDir, ...where.config.auditKey, create: false });
  const checkpoint = await writeCheckpoint({ db: where.db, blobs: where.blobs, signer });
  if (!checkpoint) throw new AppError(409, 'empty_chain', 'The audit chain is empty: there is nothing to sign yet.');
  writeFileSync(values.out, checkpointBytes(checkpoint));
  process.stdout.write(
    `Checkpoint of event ${checkpoint.seq} (${checkpoint.hash}) written to ${values.out}.\n` +
      `Keep it, and the public key below, apart from this server; \`sijill audit verify --checkpoint ${values.out}\` holds the chain against it.\n\n` +
      signer.publicKeyPem,
  );
  return 0;
}
