/**
 * Generates pages whose lines carry numbers in running Arabic text, the forms issue 11 saw
 * failing on real-style documents: a count between words («عدد الموقوفين ٢٧ موقوفاً»), a file
 * number with a slash («١٥٤١/٣٤٢»), a date with the era letter glued to it («١٣/١٢/١٩٩٦م»), a
 * number with a letter after a slash («٤٥٢/ص»), years, amounts, phone and card numbers, in
 * both digit sets. Fictional names only. Deterministic (seeded).
 *
 *   npx tsx ocr/bench/make-number-pages.ts FONT_PREFIX OUT_DIR --fonts tune|measure [--count 24]
 *
 * FONT_PREFIX: where the @fontsource packages are installed (fonts.ts). The two font sets share
 * no font: tune on one, only measure on the other (`npm run bench:ocr -- OUT_DIR`, which also
 * counts the numbers read exactly). Pages are 150–300 dpi, lightly blurred, with paper tone,
 * noise and JPEG compression; half are binarised as a photocopy or fax would be.
 */
import sharp from 'sharp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { arabicIndic, fontsourceFiles, renderInk, rng, setLines } from './fonts.ts';

const FONT_SETS: Record<string, string[]> = {
  tune: ['amiri', 'noto-naskh-arabic', 'cairo', 'tajawal'],
  measure: ['ibm-plex-sans-arabic', 'markazi-text', 'harmattan', 'noto-kufi-arabic', 'scheherazade-new', 'almarai'],
};

const FIRST = ['سليم', 'وائل', 'مازن', 'نبيل', 'هشام', 'غسان', 'كمال', 'رياض', 'طارق', 'عادل'];
const LAST = ['الحداد', 'الصباغ', 'النجار', 'العطار', 'الخياط', 'البيطار', 'الدباغ', 'الحلاق'];
const PLACES = ['دمشق', 'حمص', 'حماة', 'اللاذقية', 'دير الزور', 'إدلب', 'طرطوس', 'درعا'];

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { fonts: { type: 'string' }, count: { type: 'string', default: '24' } },
  });
  const [prefix, outDir] = positionals;
  const fontSet = FONT_SETS[values.fonts ?? ''];
  if (!prefix || !outDir || !fontSet) throw new Error('usage: make-number-pages.ts FONT_PREFIX OUT_DIR --fonts tune|measure [--count N]');
  const r = rng(values.fonts === 'tune' ? 2711 : 2712);
  const fonts = fontSet.flatMap((n) => fontsourceFiles(prefix, n).filter((f) => f.script === 'arabic' && f.weight === 400));
  const indic = () => r.next() < 0.6;
  const n = (lo: number, hi: number, asIndic: boolean) => (asIndic ? arabicIndic(r.int(lo, hi)) : String(r.int(lo, hi)));
  const dmy = (asIndic: boolean) => {
    const d = `${r.int(1, 28)}/${r.int(1, 12)}/${r.int(1990, 2024)}`;
    return asIndic ? arabicIndic(d) : d;
  };
  const person = () => `${r.pick(FIRST)} ${r.pick(LAST)}`;
  const lines = (): string[] => {
    const k = indic();
    const all = [
      `الرقم ${n(100, 9999, k)}/${n(10, 999, k)} تاريخ ${dmy(k)}م`,
      `عدد الموقوفين ${n(2, 99, k)} موقوفاً`,
      `أوقف المدعو ${person()} مواليد ${n(1950, 2005, k)} في ${r.pick(PLACES)}`,
      `بتاريخ ${dmy(k)}م أحيل إلى الفرع ${n(200, 299, k)}`,
      `الكتاب رقم ${n(100, 9999, k)}/ص المؤرخ في ${dmy(k)}`,
      `وضبط بحوزته مبلغ ${n(10, 900, k)} ألف ليرة و${n(2, 9, k)} هواتف`,
      `رقم الهاتف ${n(10000000, 99999999, k)} والبطاقة ${n(10, 99, k)}-${n(100000, 999999, k)}`,
      `المادة ${n(2, 99, k)} من القانون رقم ${n(1, 60, k)} لعام ${n(1990, 2012, k)}`,
      `توفي الموقوف ${person()} بتاريخ ${dmy(k)}م في الساعة ${n(1, 12, k)}`,
      `الغرفة ${n(1, 40, k)} الجناح ${n(1, 9, k)} السجل ${n(100, 999, k)}`,
    ];
    return all.sort(() => r.next() - 0.5).slice(0, r.int(6, 8));
  };
  mkdirSync(outDir, { recursive: true });
  const count = Number(values.count);
  for (let p = 0; p < count; p++) {
    const font = fonts[p % fonts.length]!;
    const text = lines();
    const dpi = r.pick([150, 200, 300]);
    const binarise = r.next() < 0.5;
    const blur = Math.round((0.3 + r.next() * 0.6) * 100) / 100;
    const quality = r.int(60, 90);
    // drawn at 300 dpi (12–14 pt) and scaled to the page's dpi
    const px = r.int(48, 58);
    const rendered = [];
    for (const l of text) rendered.push(await renderInk(l, font, px));
    const page = setLines(rendered, { width: 2480, margin: 250, gap: Math.round(px * 0.9), rightMargin: () => 220 + r.int(0, 30) });
    const scaled = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
      .negate()
      .resize(Math.round((page.width * dpi) / 300))
      .blur(blur)
      .toColourspace('b-w')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const { data, info } = scaled;
    if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
    const tone = r.int(215, 245);
    for (let i = 0; i < data.length; i++) {
      const v = (data[i]! / 255) * tone + (r.next() - 0.5) * 24;
      data[i] = binarise ? (v < 150 ? 0 : 255) : Math.max(0, Math.min(255, Math.round(v)));
    }
    const name = `num-${values.fonts}-${String(p).padStart(3, '0')}`;
    const out = sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } });
    if (binarise) await out.png().toFile(join(outDir, `${name}.png`));
    else await out.jpeg({ quality }).toFile(join(outDir, `${name}.jpg`));
    writeFileSync(join(outDir, `${name}.txt`), text.join('\n') + '\n');
    console.log(name, font.family, dpi, binarise ? 'binarised' : `grey jpeg ${quality}`);
  }
}

await main();
