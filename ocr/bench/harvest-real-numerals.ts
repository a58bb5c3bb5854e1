/**
 * Builds ocr/digit-templates-print.json, the digit reader's templates from real print: the
 * `sijill ocr --json` output of a folder of transcribed pages (NAME.tif|jpg|png + NAME.txt, one
 * printed line per line) is aligned with the transcription, line by line and word by word; each
 * transcribed number whose recognised word holds exactly as many glyphs as the number has digits
 * gives one labelled glyph per digit, and letter words the recogniser read right give letter
 * glyphs ("X", up to --letters, then every k-th of them kept to make --keep-letters).
 *
 *   npx sijill ocr SET_DIR/*.tif --out OCR_DIR --json
 *   npx tsx ocr/bench/harvest-real-numerals.ts SET_DIR OCR_DIR [--sheet DIR]
 *
 * `--sheet DIR` writes each number's word image as DIR/PAGE-NUMBER.png, to check labels by eye.
 * Letter glyphs of real print are what the font-rendered templates lacked: with them the
 * digit reader took 42 of 3002 letter glyphs of the measured al-Muqtabas half for numerals,
 * against 2330 with the font templates alone (ocr/README.md, "Numerals read as letters").
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { decodePage } from '../preprocess.ts';
import { DIGIT_LABELS, encodeTemplates, features, glyphs, type Component } from '../digits.ts';
import { cropBin } from '../analyse.ts';
import type { Grey } from '../analyse.ts';
import { levenshtein, normalizeForScoring } from './metrics.ts';

type Word = { text: string; box: { x: number; y: number; w: number; h: number } };
type Line = { text: string; words: Word[] };
type HarvestedGlyph = { label: string; page: string; features: number[] };

const NUMBER = /^[\u0660-\u0669]+$/;
const ARABIC_WORD = /^[\u0621-\u064A]+$/;

/** Word alignment (minimum edit path): for each reference word, the index of its hypothesis word or -1. */
function alignWords(hyp: string[], ref: string[]): number[] {
  const n = hyp.length;
  const m = ref.length;
  const cost = (h: string, r: string) => (NUMBER.test(r) ? (NUMBER.test(h) || h.length <= r.length + 2 ? 0.6 : 1) : Math.min(1, levenshtein([...h], [...r]) / Math.max(1, r.length)));
  const d = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = 0; i <= n; i++) d[i]![0] = i;
  for (let j = 0; j <= m; j++) d[0]![j] = j;
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost(hyp[i - 1]!, ref[j - 1]!));
  const out = new Array<number>(m).fill(-1);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    if (Math.abs(d[i]![j]! - (d[i - 1]![j - 1]! + cost(hyp[i - 1]!, ref[j - 1]!))) < 1e-9) {
      out[j - 1] = i - 1;
      i--;
      j--;
    } else if (Math.abs(d[i]![j]! - (d[i - 1]![j]! + 1)) < 1e-9) i--;
    else j--;
  }
  return out;
}

/** The glyphs of a word's box on the page (left to right), without pieces of neighbours the cut-out's edge cuts. */
function wordGlyphs(page: Grey, box: Word['box']): { comps: Component[]; crop: Grey; refH: number; midY: number } | null {
  const pad = Math.round(box.h * 0.15);
  const x0 = Math.max(0, Math.floor(box.x) - pad);
  const y0 = Math.max(0, Math.floor(box.y) - pad);
  const x1 = Math.min(page.width, Math.ceil(box.x + box.w) + pad);
  const y1 = Math.min(page.height, Math.ceil(box.y + box.h) + pad);
  if (x1 - x0 < 4 || y1 - y0 < 4) return null;
  const crop = cropBin(page, x0, y0, x1, y1);
  const g = glyphs(crop, (c) => c.area >= 4 && c.x0 > 0 && c.x1 < crop.width && c.y0 > 0 && c.y1 < crop.height);
  return g && { ...g, crop };
}

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { sheet: { type: 'string' }, letters: { type: 'string', default: '3000' }, 'keep-letters': { type: 'string', default: '1000' } } });
  const [setDir, ocrDir] = positionals;
  if (!setDir || !ocrDir) throw new Error('usage: harvest-real-numerals.ts SET_DIR OCR_DIR [--sheet DIR]');
  if (values.sheet) mkdirSync(values.sheet, { recursive: true });
  const out: HarvestedGlyph[] = [];
  const sheets: Promise<unknown>[] = [];
  let numbers = 0;
  let taken = 0;
  const letterCap = Number(values.letters);
  let letters = 0;
  for (const f of readdirSync(setDir).filter((f) => /\.(tif|tiff|jpg|jpeg|png)$/i.test(f)).sort()) {
    const name = basename(f, extname(f));
    const jsonPath = join(ocrDir, `${name}.json`);
    if (!existsSync(jsonPath)) continue;
    const truth = normalizeForScoring(readFileSync(join(setDir, `${name}.txt`), 'utf8')).split('\n');
    const lines = (JSON.parse(readFileSync(jsonPath, 'utf8')) as { pages: Array<{ lines: Line[] }> }).pages[0]!.lines;
    const page = await decodePage(readFileSync(join(setDir, f)), 400e6);
    // each transcribed line with the recognised line most like it
    for (const ref of truth) {
      const refWords = ref.split(' ');
      const hasNumber = refWords.some((w) => NUMBER.test(w));
      if (!hasNumber && letters >= letterCap) continue;
      let best: Line | null = null;
      let bestD = Infinity;
      for (const l of lines) {
        const dd = levenshtein([...normalizeForScoring(l.text)], [...ref]) / ref.length;
        if (dd < bestD) {
          bestD = dd;
          best = l;
        }
      }
      if (!best || bestD > 0.5) continue;
      const hypWords = best.words.map((w) => normalizeForScoring(w.text));
      const at = alignWords(hypWords, refWords);
      refWords.forEach((r, j) => {
        const i = at[j]!;
        if (NUMBER.test(r)) numbers++;
        if (i < 0) return;
        const word = best!.words[i]!;
        if (NUMBER.test(r)) {
          const g = wordGlyphs(page, word.box);
          if (!g) return;
          const body = g.comps.filter((c) => c.y1 - c.y0 >= 0.25 * g.refH || (c.area >= 0.06 * g.refH * g.refH));
          if (body.length !== [...r].length) return;
          taken++;
          body.forEach((c, k) => {
            out.push({ label: [...r][k]!, page: name, features: [...features(c, g.crop.width, g.refH, g.midY)] });
          });
          if (values.sheet) sheets.push(sharp(Buffer.from(g.crop.data), { raw: { width: g.crop.width, height: g.crop.height, channels: 1 } }).png().toFile(join(values.sheet, `${name}-${r}.png`)));
        } else if (letters < letterCap && ARABIC_WORD.test(r) && hypWords[i] === r && r.length >= 2) {
          const g = wordGlyphs(page, word.box);
          if (!g) return;
          for (const c of g.comps) {
            if (c.y1 - c.y0 < 0.6 * g.refH) continue;
            out.push({ label: 'X', page: name, features: [...features(c, g.crop.width, g.refH, g.midY)] });
            letters++;
          }
        }
      });
    }
  }
  const letterGlyphs = out.filter((g) => g.label === 'X');
  const step = Math.max(1, Math.ceil(letterGlyphs.length / Number(values['keep-letters'])));
  const kept = out.filter((g) => g.label !== 'X').concat(letterGlyphs.filter((_, i) => i % step === 0));
  const file = {
    about: 'numeral and letter glyph templates from real print for ocr/digits.ts, built by ocr/bench/harvest-real-numerals.ts',
    source: `${[...new Set(kept.map((g) => g.page.replace(/-p_\d+$/, '')))].join(', ')}: ${new Set(kept.map((g) => g.page)).size} pages`,
    licence: 'derived from page images CC BY-SA 4.0 Orient-Institut Beirut (OpenArabicPE/ocr_training-data); shared under CC BY-SA 4.0, see ocr/NOTICE.md',
    ...encodeTemplates(
      kept.map((g) => DIGIT_LABELS.indexOf(g.label as never)),
      kept.flatMap((g) => g.features),
    ),
  };
  const path = fileURLToPath(new URL('../digit-templates-print.json', import.meta.url));
  writeFileSync(path, JSON.stringify(file) + '\n');
  await Promise.all(sheets);
  const byLabel: Record<string, number> = {};
  for (const g of kept) byLabel[g.label] = (byLabel[g.label] ?? 0) + 1;
  console.log(`numbers in the transcription ${numbers}, read glyph by glyph ${taken}; templates ${JSON.stringify(byLabel)} → ${path}`);
}

await main();
