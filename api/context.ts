import type { AuditSigner } from './audit/checkpoints';
import type { Config } from './config';
import type { DbHandle } from '../db/client';
import type { SessionUser } from '../db/queries/users';
import type { RateLimits } from './auth/rate-limits';
import type { AppError } from './lib/errors';
import type { BlobStore } from './storage/blob-store';

/** What the app is built from; tests build it with an in-memory database and a temp folder. */
export type AppDeps = {
  config: Config;
  database: DbHandle;
  blobs: BlobStore;
  /** Signs audit checkpoints; its key is never in the database. */
  auditSigner: AuditSigner;
  /** Wakes the OCR job runner when new jobs were queued (no-op where workers run elsewhere). */
  notifyJobs: () => void;
};

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    user: SessionUser;
    /** Set when the request came with the session cookie (not an API token): that session's hash. */
    sessionHash?: string;
    limits: RateLimits;
    /** Set when the request body went over its limit while being read (api/http/body-limit.ts). */
    bodyRefusal?: AppError;
  };
};
