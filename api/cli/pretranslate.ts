import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AppError } from '../lib/errors';
import { SuggestionEngine } from '../text/suggest';
import { TranslationMemory } from '../translation/memory';
import { readTmx } from '../translation/tmx';
import { registerEntries } from './annotate';

/**
 * `sijill pretranslate --tmx FILE [--tmx FILE…] [--register FILE] [--min-score N]`: the translation
 * memory without a server or database. Fills a memory from the TMX files (Arabic → English, any
 * region), then reads Arabic lines on stdin and prints one JSON object per line, in order:
 * `{"line": n, "translation": "…", "score": 0–100, "origin": "…"}` with n counted from 1;
 * `translation` is empty, `score` 0 and `origin` "none" when there is nothing to suggest. Each line
 * is read with the one before it as context. The memory, matching and placeables are those of
 * the server (api/translation/memory.ts).
 */
export async function runPretranslate(
  argv: string[],
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; error: NodeJS.WritableStream } = { input: process.stdin, output: process.stdout, error: process.stderr },
) {
  const { values } = parseArgs({
    args: argv,
    options: { tmx: { type: 'string', multiple: true }, register: { type: 'string' }, 'min-score': { type: 'string' } },
  });
  if (!values.tmx?.length) throw new AppError(400, 'usage', 'pretranslate needs --tmx FILE (a TMX 1.4 memory with Arabic and English).');
  const minScore = values['min-score'] === undefined ? undefined : Number(values['min-score']);
  if (minScore !== undefined && !(minScore >= 0 && minScore <= 100)) throw new AppError(400, 'usage', '--min-score is a number from 0 to 100.');
  const { entries, aliasesOf } = registerEntries(values.register);
  const memory = new TranslationMemory({
    engine: new SuggestionEngine(entries),
    aliasesOf,
    minScore,
  });
  let n = 0;
  for (const file of values.tmx) {
    let xml: string;
    try {
      xml = readFileSync(file, 'utf8');
    } catch (err) {
      throw new AppError(400, 'usage', `--tmx ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const { units, skipped } = readTmx(xml);
    for (const u of units) memory.add({ source: u.source, target: u.target, origin: { kind: 'imported', id: ++n, collectionId: null }, updatedAt: (u.changedAt ?? u.createdAt)?.getTime() });
    if (skipped) io.error.write(`${file}: ${skipped} translation unit(s) without both Arabic and English skipped.\n`);
  }
  const lines = createInterface({ input: io.input, crlfDelay: Infinity });
  let line = 0;
  let previous: string | undefined;
  for await (const text of lines) {
    line++;
    const s = memory.suggest(text, { previous });
    io.output.write(`${JSON.stringify(s ? { line, translation: s.translation, score: s.score, origin: s.origin } : { line, translation: '', score: 0, origin: 'none' })}\n`);
    previous = text;
  }
  return 0;
}
