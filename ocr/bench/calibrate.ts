/**
 * Fits ocr/calibration.json from a benchmark run made with raw confidences:
 *   npm run bench:ocr -- --no-stock --variant '{"calibrate":false}' --save /tmp/raw
 *   npx tsx ocr/bench/calibrate.ts /tmp/raw/1 tests/fixtures/corpus [FLAG_BELOW]
 * Only even-numbered documents are used to fit; the odd ones are reported as held out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { correctWords, normalizeForScoring } from './metrics.ts';
import { calibrate, type CalibrationTable } from '../calibration.ts';
import { hasDigit } from '../digits.ts';

type Saved = { file: string; words: { text: string; confidence: number }[] }[];
type Obs = { raw: number; ok: boolean; numeral: boolean; even: boolean };

const [runDir, root] = process.argv.slice(2);
if (!runDir || !root) throw new Error('usage: calibrate.ts RUN_DIR CORPUS_DIR');
const saved = JSON.parse(readFileSync(join(runDir, 'words.json'), 'utf8')) as Saved;
const obs: Obs[] = [];
for (const page of saved) {
  const truth = readFileSync(join(root, page.file.replace(extname(page.file), '.txt')), 'utf8');
  const words = page.words.filter((w) => normalizeForScoring(w.text));
  const ok = correctWords(words.map((w) => normalizeForScoring(w.text)), normalizeForScoring(truth).split(/\s+/).filter(Boolean));
  const n = Number(/(\d+)\D*$/.exec(basename(page.file, extname(page.file)))?.[1] ?? 0);
  words.forEach((w, i) => obs.push({ raw: w.confidence, ok: ok[i]!, numeral: hasDigit(w.text), even: n % 2 === 0 }));
}

/** Pool-adjacent-violators over 5-point bins, Laplace-smoothed. */
function fit(xs: Obs[]): [number, number][] {
  const bins: { upper: number; n: number; ok: number }[] = [];
  for (let u = 5; u <= 100; u += 5) bins.push({ upper: u, n: 0, ok: 0 });
  for (const o of xs) {
    const b = bins[Math.min(bins.length - 1, Math.max(0, Math.ceil(o.raw / 5) - 1))]!;
    b.n++;
    if (o.ok) b.ok++;
  }
  const blocks = bins.map((b) => ({ uppers: [b.upper], n: b.n + 2, ok: b.ok + 1 }));
  for (let i = 1; i < blocks.length; ) {
    const a = blocks[i - 1]!;
    const b = blocks[i]!;
    if (a.ok / a.n > b.ok / b.n) {
      blocks.splice(i - 1, 2, { uppers: [...a.uppers, ...b.uppers], n: a.n + b.n, ok: a.ok + b.ok });
      i = Math.max(1, i - 1);
    } else i++;
  }
  return blocks.map((b) => [b.uppers.at(-1)!, Math.round((100 * b.ok) / b.n)]);
}

const train = obs.filter((o) => o.even);
const flagBelow = Number(process.argv[4] ?? 85);
const table: CalibrationTable = {
  lstm: fit(train.filter((o) => !o.numeral)),
  numeral: fit(train.filter((o) => o.numeral)),
  flagBelow,
  fittedOn: `${train.length} words of the even-numbered documents under ${root}`,
};
writeFileSync(fileURLToPath(new URL('../calibration.json', import.meta.url)), JSON.stringify(table, null, 1) + '\n');
for (const [name, set] of [['even (fitted)', train], ['odd (held out)', obs.filter((o) => !o.even)]] as const) {
  const wrong = set.filter((o) => !o.ok);
  const flagged = set.filter((o) => calibrate(o.raw, o.numeral ? '0' : 'x', table) < flagBelow);
  const fw = flagged.filter((o) => !o.ok);
  console.log(
    `${name}: ${set.length} words, ${wrong.length} wrong; flagged ${flagged.length} (${((100 * flagged.length) / set.length).toFixed(1)}%), ` +
      `catching ${fw.length}/${wrong.length} wrong words (${((100 * fw.length) / Math.max(1, wrong.length)).toFixed(1)}%); ` +
      `${((100 * fw.length) / Math.max(1, flagged.length)).toFixed(1)}% of flagged words are wrong`,
  );
}
console.log(JSON.stringify(table));
