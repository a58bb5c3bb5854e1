/**
 * Signed checkpoints of the audit chain: the chain's head (last event's sequence number and
 * hash) signed with an Ed25519 key that is not in the database, written to the write-once blob
 * store. The hash chain alone shows an event changed or removed in the middle; it cannot show
 * events cut from its end, nor a chain rewritten from some event on with every later hash
 * recomputed (anyone who can write the database can do that). A checkpoint can: the chain must
 * still reach the checkpoint's event, with the hash it signed. What is and is not detected:
 * api/audit/README.md.
 *
 * The key: AUDIT_SIGNING_KEY (PEM), or the file AUDIT_SIGNING_KEY_FILE, or
 * DATA_DIR/audit-signing-key.pem, created on first start (mode 0600). Verifying needs only the
 * public key, which every checkpoint names by fingerprint (`keyId`).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Executor } from '../../db/client';
import type { BlobStore } from '../storage/blob-store';
import { auditHead, canonicalJson, type AuditHead } from './chain';

export const checkpointType = 'sijill.audit-checkpoint' as const;

/** What a checkpoint states; `signature` is Ed25519 over the canonical JSON of the other fields. */
export type Checkpoint = {
  type: typeof checkpointType;
  v: 1;
  /** The chain's last event when the checkpoint was made. */
  seq: number;
  hash: string;
  /** When it was made (ISO 8601, UTC). */
  at: string;
  /** SHA-256 (hex) of the signing key's public key, DER (SubjectPublicKeyInfo). */
  keyId: string;
  /** Base64 Ed25519 signature. */
  signature: string;
};

export type AuditSigner = {
  keyId: string;
  /** The public key, PEM: give it to whoever verifies exported checkpoints elsewhere. */
  publicKeyPem: string;
  publicKey: KeyObject;
  sign(data: Buffer): Buffer;
};

const fingerprint = (publicKey: KeyObject) => createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

function signerOf(privateKey: KeyObject): AuditSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The audit signing key must be an Ed25519 private key (PEM, PKCS#8).');
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: fingerprint(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKey,
    sign: (data) => sign(null, data, privateKey),
  };
}

export const signingKeyFileName = 'audit-signing-key.pem';

/**
 * The signing key from the environment or its file, creating the file under DATA_DIR when
 * neither exists and `create` allows it (the server's first start; the command line never makes
 * a key of its own, whose checkpoints the server's key would not vouch for). Several API
 * processes sharing one database must share the key.
 */
export function loadAuditSigner(opts: { dataDir: string; pem?: string; file?: string; create?: boolean }): AuditSigner {
  if (opts.pem) return signerOf(createPrivateKey(opts.pem));
  const path = opts.file ?? join(opts.dataDir, signingKeyFileName);
  if (!existsSync(path)) {
    if (opts.file) throw new Error(`AUDIT_SIGNING_KEY_FILE: ${path} does not exist.`);
    if (opts.create === false) {
      throw new Error(`There is no audit signing key (${path}, AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE): start the server once, or give the key it uses.`);
    }
    mkdirSync(dirname(path), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  return signerOf(createPrivateKey(readFileSync(path)));
}

const signedPart = (c: Omit<Checkpoint, 'signature'>) =>
  Buffer.from(canonicalJson({ type: c.type, v: c.v, seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId }));

export function signCheckpoint(signer: AuditSigner, head: AuditHead, at = new Date()): Checkpoint {
  const body = { type: checkpointType, v: 1 as const, seq: head.seq, hash: head.hash, at: at.toISOString(), keyId: signer.keyId };
  return { ...body, signature: signer.sign(signedPart(body)).toString('base64') };
}

/** Whether the checkpoint was signed by this public key, unaltered. */
export function checkpointSignedBy(c: Checkpoint, publicKey: KeyObject): boolean {
  if (c.type !== checkpointType || c.v !== 1 || c.keyId !== fingerprint(publicKey)) return false;
  try {
    return verify(null, signedPart(c), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

export const checkpointBytes = (c: Checkpoint) => Buffer.from(`${JSON.stringify(c, null, 2)}\n`);

export function parseCheckpoint(bytes: Uint8Array): Checkpoint | null {
  try {
    const c = JSON.parse(Buffer.from(bytes).toString('utf8')) as Checkpoint;
    return c && c.type === checkpointType && Number.isSafeInteger(c.seq) && typeof c.hash === 'string' ? c : null;
  } catch {
    return null;
  }
}

/** The last checkpoint each signer wrote in this process, so an unmoved chain is not signed again. */
const lastWritten = new WeakMap<AuditSigner, Checkpoint>();

/**
 * Signs the chain's current head and stores it, unless this process already stored one for
 * that head. Returns the checkpoint (new or the same), or null while the chain is empty.
 */
export async function writeCheckpoint(deps: { db: Executor; blobs: BlobStore; signer: AuditSigner }): Promise<Checkpoint | null> {
  const head = await auditHead(deps.db);
  if (!head) return null;
  const last = lastWritten.get(deps.signer);
  if (last && last.seq === head.seq && last.hash === head.hash) return last;
  const checkpoint = signCheckpoint(deps.signer, head);
  await deps.blobs.put('checkpoint', checkpointBytes(checkpoint));
  lastWritten.set(deps.signer, checkpoint);
  return checkpoint;
}

export type StoredCheckpoint = { key: string; checkpoint: Checkpoint | null };

/** Every checkpoint in the blob store, oldest chain position first (unreadable ones with null, last). */
export async function readCheckpoints(blobs: BlobStore): Promise<StoredCheckpoint[]> {
  const stored = await Promise.all((await blobs.list('checkpoint')).map(async (key) => ({ key, checkpoint: parseCheckpoint(await blobs.get('checkpoint', key)) })));
  const rank = (s: StoredCheckpoint) => (s.checkpoint ? [s.checkpoint.seq, Date.parse(s.checkpoint.at)] : [Infinity, Infinity]);
  return stored.sort((a, b) => rank(a)[0]! - rank(b)[0]! || rank(a)[1]! - rank(b)[1]!);
}

/**
 * Keeps writing checkpoints every `everyMs` while the chain moves (certifications write their own
 * at once). A round still running when the next is due is not doubled. Errors are reported, not
 * thrown: the next round tries again.
 */
export function startCheckpointTimer(write: () => Promise<unknown>, everyMs: number, onError: (err: unknown) => void) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    write()
      .catch(onError)
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
