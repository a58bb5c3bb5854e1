import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { checkTemplate, defaultDeclarationTemplate } from './certification/declaration';
import type { HttpTimeouts } from './http/node-server';
import type { S3Location } from './storage/s3-blob-store';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  OCR_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(200),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(10).optional(),
  /** Where people reach this server; the certified PDF's QR code links to its verification page. */
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** A text file with the certification declaration ({{placeholders}}: api/certification/declaration.ts). */
  CERTIFICATION_TEMPLATE: z.string().optional(),
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For (for the sign-in and verification limits). */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Blobs (originals, page images, certified PDFs) in an S3-compatible bucket instead of DATA_DIR/blobs: s3://bucket[/prefix]. */
  BLOB_STORE: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,62}(\/.*)?$/, 'Use s3://bucket or s3://bucket/prefix')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** The Ed25519 key that signs audit checkpoints (PEM), or a file holding it; default DATA_DIR/audit-signing-key.pem. */
  AUDIT_SIGNING_KEY: z.string().optional(),
  AUDIT_SIGNING_KEY_FILE: z.string().optional(),
  /** Minutes between audit checkpoints while the chain moves (certifications write one at once). */
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().positive().default(60),
  /** Slow clients: whole headers within, whole request within, and nothing moving for at most (seconds). */
  HEADERS_TIMEOUT_S: z.coerce.number().positive().default(20),
  REQUEST_TIMEOUT_S: z.coerce.number().positive().default(600),
  IDLE_TIMEOUT_S: z.coerce.number().positive().default(300),
  /** Behind TLS the session cookie must carry Secure. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  ocrWorkers: number;
  maxUploadBytes: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  cookieSecure: boolean;
  trustProxy: boolean;
  /** Where people reach this server (PUBLIC_URL); unset, certified PDFs link to localhost and certification warns. */
  publicUrl: string | undefined;
  /** Where the audit checkpoint signing key comes from (api/audit/checkpoints.ts). */
  auditKey: { pem?: string; file?: string };
  checkpointEveryMs: number;
  /** Slow clients are cut off: see api/http/node-server.ts. */
  httpTimeouts: HttpTimeouts;
  declarationTemplate: string;
  /** Where blobs live: files under DATA_DIR/blobs, or an S3-compatible bucket. */
  blobStore: { kind: 'files'; root: string } | ({ kind: 's3' } & S3Location);
};

/** Reads the environment once, at start; a bad value stops the process with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    ocrWorkers: e.OCR_WORKERS ?? Math.max(1, availableParallelism()),
    maxUploadBytes: Math.floor(e.MAX_UPLOAD_MB * 1024 * 1024),
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    auditKey: { pem: e.AUDIT_SIGNING_KEY || undefined, file: e.AUDIT_SIGNING_KEY_FILE || undefined },
    checkpointEveryMs: e.AUDIT_CHECKPOINT_MINUTES * 60_000,
    httpTimeouts: { headersMs: e.HEADERS_TIMEOUT_S * 1000, requestMs: e.REQUEST_TIMEOUT_S * 1000, idleMs: e.IDLE_TIMEOUT_S * 1000 },
    declarationTemplate: readTemplate(e.CERTIFICATION_TEMPLATE),
    blobStore: blobStoreOf(e),
  };
}

function blobStoreOf(e: z.infer<typeof envSchema>): Config['blobStore'] {
  if (!e.BLOB_STORE) return { kind: 'files', root: join(resolve(e.DATA_DIR), 'blobs') };
  if (!e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY) {
    throw new Error('Invalid configuration:\n  BLOB_STORE: an s3:// store needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  }
  const [bucket, ...prefix] = e.BLOB_STORE.slice('s3://'.length).split('/');
  return {
    kind: 's3',
    endpoint: e.S3_ENDPOINT ?? `https://s3.${e.S3_REGION}.amazonaws.com`,
    bucket: bucket!,
    prefix: prefix.join('/'),
    region: e.S3_REGION,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
  };
}

function readTemplate(path: string | undefined): string {
  if (!path) return defaultDeclarationTemplate;
  let template: string;
  try {
    template = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Invalid configuration:\n  CERTIFICATION_TEMPLATE: cannot read ${path}`);
  }
  checkTemplate(template);
  return template;
}

/**
 * The address certified PDFs print in their verification link and QR code: PUBLIC_URL, or
 * (with a warning from certification) this machine's own address, which only works here.
 */
export function verificationBaseUrl(config: Pick<Config, 'publicUrl' | 'port'>): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

export const publicUrlMissing =
  'PUBLIC_URL is not set: the verification link and QR code on certified PDFs point at localhost, which works only on this machine. Set PUBLIC_URL to the address people reach Sijill at.';
