import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DbHandle } from '../../db/client';
import { loadConfig, verificationBaseUrl } from '../config';
import { exportDocument } from '../exchange/export-document';
import { exportFormats, type ExportFormat } from '../exchange/formats';
import { AppError } from '../lib/errors';
import { cliActor } from './actor';

/**
 * `sijill export --format F --out DIR ID...`: each document's export written to DIR, as the API
 * gives it (a ZIP for PAGE XML of a multi-page document), audited under the acting account
 * (`--as EMAIL`, default the first administrator). Exits 1 if any document failed.
 */
export async function runExport(database: DbHandle, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string' }, out: { type: 'string' }, as: { type: 'string' }, page: { type: 'string' } },
  });
  const format = values.format as ExportFormat | undefined;
  if (!format || !exportFormats.includes(format)) throw new AppError(400, 'usage', `export needs --format, one of ${exportFormats.join(', ')}.`);
  if (!values.out) throw new AppError(400, 'usage', 'export needs --out DIR.');
  const ids = positionals.map(Number);
  if (ids.length === 0 || ids.some((n) => !Number.isInteger(n) || n <= 0)) throw new AppError(400, 'usage', 'export needs one or more document ids (whole numbers).');
  const page = values.page === undefined ? undefined : Number(values.page);
  const config = loadConfig();
  const actor = await cliActor(database, values.as);
  await mkdir(values.out, { recursive: true });
  let failed = 0;
  for (const id of ids) {
    try {
      const file = await exportDocument(database.db, actor, id, format, { publicUrl: verificationBaseUrl(config), page });
      const path = join(values.out, file.fileName);
      await writeFile(path, file.bytes);
      process.stdout.write(`exported  document ${id}  → ${path}  (${file.bytes.byteLength} bytes, SHA-256 ${file.sha256})\n`);
    } catch (err) {
      failed++;
      process.stderr.write(`failed  document ${id}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  return failed ? 1 : 0;
}
