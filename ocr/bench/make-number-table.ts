/**
 * One page holding only a table of numbers (Arabic-Indic digits, 18 rows of 4 columns, no rules),
 * as lists of detainees and tallies come: the case where numerals read about as well upside down
 * as upright fooled the orientation test. Fictional numbers, deterministic (seed 5).
 *
 *   npx tsx ocr/bench/make-number-table.ts FONT_PREFIX FONT OUT.jpg [SCALE=0.5] [BLUR=0.8]
 *
 * FONT: a @fontsource package name (fonts.ts), e.g. amiri. Drawn at 40 px on a 1400 px page,
 * scaled by SCALE, blurred, JPEG quality 60; OUT.txt gets the rows.
 */
import sharp from 'sharp';
import { writeFileSync } from 'node:fs';
import { arabicIndic, fontsourceFiles, renderInk, rng, setLines } from './fonts.ts';

const [prefix, fontName, out, scale = '0.5', blur = '0.8'] = process.argv.slice(2);
if (!prefix || !fontName || !out) throw new Error('usage: make-number-table.ts FONT_PREFIX FONT OUT.jpg [SCALE] [BLUR]');
const r = rng(5);
const font = fontsourceFiles(prefix, fontName).find((f) => f.script === 'arabic' && f.weight === 400)!;
const rows: string[] = [];
for (let i = 0; i < 18; i++) rows.push([r.int(1000, 9999), r.int(10, 999), r.int(1, 99), r.int(1, 9)].map((n) => arabicIndic(n)).join('      '));
const inks = [];
for (const t of rows) inks.push(await renderInk(t, font, 40));
const page = setLines(inks, { width: 1400, margin: 100, gap: 30, rightMargin: () => 100 });
await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
  .negate()
  .resize(Math.round(page.width * Number(scale)))
  .blur(Number(blur))
  .jpeg({ quality: 60 })
  .toFile(out);
writeFileSync(out.replace(/\.jpg$/, '.txt'), rows.join('\n') + '\n');
