/**
 * Single-line images cut from real scans, with the line's text as ground truth.
 *
 *   npx tsx ocr/bench/make-real-lines.ts IN_DIR OUT_DIR [--count 60] [--seed S]
 *
 * IN_DIR as for make-real-hard.ts (pages + NAME.txt, one printed line per line). Lines are found
 * by horizontal projection profile (real-pages.ts) and paired with the truth line of the same
 * rank, only on pages where the number of lines found equals the number of non-empty truth
 * lines; other pages give no lines. From all such lines, --count (default 60) are drawn by the
 * seeded RNG and cut with a margin of ~0.12 line pitch; ink of the neighbouring lines reaching
 * into the crop (ascenders, descenders, vowel marks) is whitened by connected component. Half go
 * to OUT_DIR/bin200 (scaled to 200 dpi-equivalent from the 600 dpi scan and binarised at 160),
 * half to OUT_DIR/grey300 (300 dpi-equivalent, antialiased grey, paper and ink tones and a little
 * noise), as lNN-NAME.png + lNN-NAME.txt (NN = line rank on the page, from 1).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanCrop, listPages, preparePage, resizeGrey, seeded, toSharp, type Grey } from './real-pages.ts';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { count: { type: 'string', default: '60' }, seed: { type: 'string', default: '11' } },
  });
  const [inDir, outDir] = positionals;
  if (!inDir || !outDir) throw new Error('usage: make-real-lines.ts IN_DIR OUT_DIR [--count N] [--seed S]');
  const r = seeded(Number(values.seed));
  const pages = listPages(inDir);
  // every aligned line as (page index, rank); page pixels are loaded again when cutting, so at
  // most one full-resolution page is held at a time
  const candidates: { page: number; rank: number }[] = [];
  for (const [i, p] of pages.entries()) {
    const pp = await preparePage(p);
    if (pp.aligned) for (let k = 0; k < pp.aligned.length; k++) candidates.push({ page: i, rank: k });
  }
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const chosen = candidates.slice(0, Number(values.count));
  console.log(`${pages.length} pages, ${candidates.length} aligned lines, ${chosen.length} chosen`);
  chosen.sort((a, b) => a.page - b.page || a.rank - b.rank);
  const variantOf = new Map(chosen.map((c, i) => [c, i % 2 === 0 ? 'bin200' : 'grey300']));
  for (const v of ['bin200', 'grey300']) mkdirSync(join(outDir, v), { recursive: true });
  let current: Awaited<ReturnType<typeof preparePage>> | null = null;
  for (const c of chosen) {
    if (!current || current.page !== pages[c.page]) current = await preparePage(pages[c.page]!);
    const { band, text } = current.aligned![c.rank]!;
    const m = Math.round(current.pitch * 0.12);
    const line = cleanCrop(current.grey, band.top, band.bottom, band.left, band.right, m);
    const variant = variantOf.get(c)!;
    let out: Grey;
    if (variant === 'bin200') {
      const s = await resizeGrey(line, Math.round(line.width / 3), Math.round(line.height / 3));
      out = { ...s, data: s.data.map((v) => (v < 160 ? 0 : 255)) };
    } else {
      const s = await resizeGrey(line, Math.round(line.width / 2), Math.round(line.height / 2));
      const paper = r.range(215, 245), ink = r.range(20, 60);
      out = { ...s, data: s.data.map((v) => Math.max(0, Math.min(255, Math.round(ink + ((paper - ink) * v) / 255 + 3 * r.gauss())))) };
    }
    // rank first: bench-ocr groups files into even/odd halves by the last number in the name,
    // which must stay the page number
    const name = `l${String(c.rank + 1).padStart(2, '0')}-${pages[c.page]!.name}`;
    await toSharp(out).png().toFile(join(outDir, variant, name + '.png'));
    writeFileSync(join(outDir, variant, name + '.txt'), text + '\n');
  }
  console.log(`-> ${outDir} (bin200 ${Math.ceil(chosen.length / 2)}, grey300 ${Math.floor(chosen.length / 2)})`);
}

await main();
