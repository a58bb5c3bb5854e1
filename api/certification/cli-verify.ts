import { readFile } from 'node:fs/promises';
import type { DbHandle } from '../../db/client';
import { sha256Hex } from '../storage/blob-store';
import { verifyHash } from './verify';

/**
 * `sijill verify FILE...`: the public verification for files on disk (a certified PDF someone
 * handed over, an original scan). Exit 0 when every file matches a certification that is
 * still current and whose printed audit event is intact, 1 otherwise.
 */
export async function runVerify({ db }: DbHandle, files: string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('verify needs one or more files: sijill verify FILE...\n');
    return 2;
  }
  let allCurrent = true;
  for (const file of files) {
    const sha256 = sha256Hex(await readFile(file));
    const result = await verifyHash(db, sha256);
    if (!result.match) {
      allCurrent = false;
      process.stdout.write(`${file}: SHA-256 ${sha256} matches no certification.\n`);
      continue;
    }
    const kind = { certified_pdf: 'the certified PDF', original_scan: 'the original scan', snapshot: 'the snapshot' }[result.kind];
    for (const c of result.certifications) {
      if (c.superseded || c.auditEvent?.intact === false) allCurrent = false;
      process.stdout.write(
        `${file}: SHA-256 ${sha256} is ${kind} of a translation certified by ${c.certifiedBy} on ${c.certifiedAt}` +
          (c.superseded ? `; the document has changed since (superseded ${c.supersededAt}).\n` : '; the document has not changed since.\n'),
      );
      if (c.auditEvent) {
        process.stdout.write(
          c.auditEvent.intact
            ? `${file}: audit event ${c.auditEvent.seq}, printed on the PDF, is in the audit chain, unaltered.\n`
            : `${file}: audit event ${c.auditEvent.seq}, printed on the PDF, is missing from the audit chain or was altered.\n`,
        );
      }
    }
  }
  return allCurrent ? 0 : 1;
}
