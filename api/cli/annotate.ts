import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { seedEnglishForms, seedRegisterEntries } from '../entities/seed-register';
import { AppError } from '../lib/errors';
import { SuggestionEngine, type RegisterEntry } from '../text/suggest';

/** `--register FILE`: more entries (e.g. known people) as JSON, added to the seeded register. */
const registerFile = z.array(
  z.object({
    kind: z.enum(['person', 'unit', 'place', 'other']),
    canonicalAr: z.string().min(1),
    canonicalEn: z.string().default(''),
    aliasesAr: z.array(z.string()).default([]),
    aliasesEn: z.array(z.string()).default([]),
    id: z.union([z.string(), z.number()]).optional(),
  }),
);

/**
 * The seeded register plus the entries of `--register FILE` (JSON), with each entry's English
 * aliases: what the commands that work without a database (annotate, pretranslate) match against.
 */
export function registerEntries(file?: string): { entries: RegisterEntry[]; aliasesOf: (id: number | string) => string[] } {
  const entries: RegisterEntry[] = seedRegisterEntries();
  const aliases = new Map<string, string[]>([...seedEnglishForms()].map(([id, forms]) => [id, forms.slice(1)]));
  if (file) {
    let parsed;
    try {
      parsed = registerFile.parse(JSON.parse(readFileSync(file, 'utf8')));
    } catch (err) {
      throw new AppError(400, 'usage', `--register ${file}: expected a JSON array of {kind, canonicalAr, canonicalEn, aliasesAr, aliasesEn}. ${err instanceof Error ? err.message.slice(0, 300) : ''}`);
    }
    parsed.forEach((e, i) => {
      const id = e.id ?? `register:${i + 1}`;
      entries.push({ id, kind: e.kind, canonicalEn: e.canonicalEn, names: [e.canonicalAr, ...e.aliasesAr] });
      aliases.set(String(id), e.aliasesEn);
    });
  }
  return { entries, aliasesOf: (id) => aliases.get(String(id)) ?? [] };
}

/**
 * `sijill annotate [--register FILE] [--verbose]`: the suggestion engine without a server or
 * database. Reads Arabic lines on stdin and prints one JSON object per line as it goes:
 * `{"line": n, "mentions": [{"start", "end", "type", "normalized"}]}` with n counted from 1 and
 * offsets in UTF-16 code units of the line as read. Each line is read with the one before it as
 * context (a name introduced by المدعو at the end of a line is found on the next).
 */
export async function runAnnotate(argv: string[], io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = { input: process.stdin, output: process.stdout }) {
  const { values } = parseArgs({ args: argv, options: { register: { type: 'string' }, verbose: { type: 'boolean' } } });
  const engine = new SuggestionEngine(registerEntries(values.register).entries);
  const lines = createInterface({ input: io.input, crlfDelay: Infinity });
  let n = 0;
  let previous: string | undefined;
  for await (const line of lines) {
    n++;
    const mentions = engine.annotate(line, { previous }).map((m) =>
      values.verbose
        ? { start: m.start, end: m.end, type: m.type, normalized: m.normalized, entity: m.entityId, source: m.source, score: Number(m.score.toFixed(3)) }
        : { start: m.start, end: m.end, type: m.type, normalized: m.normalized },
    );
    io.output.write(`${JSON.stringify({ line: n, mentions })}\n`);
    previous = line;
  }
  return 0;
}
