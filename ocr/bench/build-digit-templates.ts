/**
 * Builds ocr/digit-templates.json: feature vectors of numeral glyphs (both digit sets, "/",
 * ".", "-") and of Arabic letter bodies ("X"), rendered with TEMPLATE_FONTS and the system
 * fonts at several sizes, blurred and noised. Run: npx tsx ocr/bench/build-digit-templates.ts FONT_PREFIX
 * (FONT_PREFIX: where the @fontsource packages were installed, see fonts.ts).
 */
import sharp from 'sharp';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DIGIT_LABELS, encodeTemplates, features, glyphs } from '../digits.ts';
import type { Grey } from '../analyse.ts';
import { SYSTEM_FONTS, TEMPLATE_FONTS, escapeMarkup, fontsourceFiles, rng, type FontFile } from './fonts.ts';

const LATIN = '0123456789';
const INDIC = '٠١٢٣٤٥٦٧٨٩';
const LETTER_WORDS = ['ص', 'الرقم', 'التاريخ', 'مواليد', 'رقم', 'سوريا', 'حلب', 'عدد', 'لدى', 'منذ', 'كم', 'هـ', 'م', 'ع', 'ط', 'و'];

export async function renderText(text: string, font: FontFile, px: number, r: ReturnType<typeof rng>): Promise<Grey> {
  const markup = `<span font_family="${font.family}" font_weight="${font.weight}" size="${Math.round(px * 1024)}">${escapeMarkup(text)}</span>`;
  const { data, info } = await sharp({ text: { text: markup, ...(font.file ? { fontfile: font.file } : {}), dpi: 72 } })
    .negate()
    // sharp extends before it negates: pad with black to get white
    .extend({ top: 6, bottom: 6, left: 6, right: 6, background: { r: 0, g: 0, b: 0 } })
    .blur(0.3 + r.next() * 0.9)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const out = new Uint8Array(info.width * info.height);
  const noise = r.next() * 30;
  for (let i = 0; i < out.length; i++) {
    const v = data[i * info.channels]! * (0.75 + 0.25 * r.next()) + 40 + (r.next() - 0.5) * noise;
    out[i] = Math.max(0, Math.min(255, Math.round(v)));
  }
  return { data: out, width: info.width, height: info.height };
}

function numberString(digits: string, r: ReturnType<typeof rng>): string {
  const d = (n: number) => Array.from({ length: n }, () => r.pick([...digits])).join('');
  switch (r.int(0, 5)) {
    case 0:
      return `${d(r.int(1, 2))}/${d(r.int(1, 2))}/${d(4)}`;
    case 1:
      return d(r.int(2, 5));
    case 2:
      return `${d(4)}/`;
    case 3:
      return `${d(r.int(1, 2))}-${d(r.int(1, 3))}.`;
    case 4:
      return `${d(2)}.${d(2)}.${d(4)}`;
    default:
      return d(r.int(3, 6));
  }
}

async function main() {
  const prefix = process.argv[2];
  if (!prefix) throw new Error('usage: build-digit-templates.ts FONT_PREFIX');
  const fonts = [...SYSTEM_FONTS, ...TEMPLATE_FONTS.flatMap((n) => fontsourceFiles(prefix, n))];
  const r = rng(20240607);
  const labels: number[] = [];
  const vectors: number[] = [];
  const perClass = new Map<string, number>();
  const cap = 8; // samples per label per font: 20 cost more time at every number and did no better on the even docs
  for (const font of fonts) {
    const seen = new Map<string, number>();
    const add = (label: string, f: Float32Array) => {
      const n = seen.get(label) ?? 0;
      if (n >= cap) return;
      seen.set(label, n + 1);
      perClass.set(label, (perClass.get(label) ?? 0) + 1);
      labels.push(DIGIT_LABELS.indexOf(label as never));
      for (const v of f) vectors.push(v);
    };
    const sets = font.script === 'latin' ? [LATIN] : font.family.startsWith('DejaVu') ? [INDIC] : [INDIC];
    for (let k = 0; k < 70; k++) {
      const px = r.pick([14, 18, 22, 28, 36, 48]);
      const text = numberString(r.pick(sets), r);
      const g = await renderText(text, font, px, r);
      const gl = glyphs(g);
      if (!gl || gl.comps.length !== [...text].length) continue;
      gl.comps.forEach((c, i) => add([...text][i]!, features(c, g.width, gl.refH, gl.midY)));
    }
    if (font.script === 'arabic')
      for (let k = 0; k < 25; k++) {
        const px = r.pick([14, 18, 22, 28, 36, 48]);
        // a letter word beside a number, as in "9425/ص", so the reference height is a digit's
        const text = `${r.pick(LETTER_WORDS)} ${numberString(INDIC, r)}`;
        const g = await renderText(text, font, px, r);
        const gl = glyphs(g);
        if (!gl) continue;
        const numeric = [...text.split(' ')[1]!].length;
        // visual order: the number is at the right of the letters in right-to-left text
        const letterComps = gl.comps.slice(0, gl.comps.length - numeric);
        for (const c of letterComps) if (c.y1 - c.y0 >= 0.45 * gl.refH) add('X', features(c, g.width, gl.refH, gl.midY));
      }
  }
  const out = {
    about: 'numeral glyph templates for ocr/digits.ts, built by ocr/bench/build-digit-templates.ts',
    fonts: [...new Set(fonts.map((f) => f.family))],
    ...encodeTemplates(labels, vectors),
  };
  const path = fileURLToPath(new URL('../digit-templates.json', import.meta.url));
  writeFileSync(path, JSON.stringify(out) + '\n');
  console.log(`${labels.length} templates from ${fonts.length} font files →`, path);
  console.log(Object.fromEntries([...perClass].sort()));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
