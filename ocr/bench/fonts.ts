/**
 * Fonts for generated test pages and digit templates. System fonts (DejaVu, Liberation) plus
 * web fonts from @fontsource packages installed outside the project, e.g.
 *   npm install --prefix /tmp/sijill-fonts @fontsource/amiri @fontsource/noto-naskh-arabic \
 *     @fontsource/noto-sans-arabic @fontsource/scheherazade-new @fontsource/lateef \
 *     @fontsource/cairo @fontsource/tajawal @fontsource/noto-kufi-arabic @fontsource/almarai @fontsource/el-messiri
 * (they are needed only to rebuild templates or regenerate pages, never at run time).
 */
import sharp from 'sharp';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { woffToSfnt } from './woff.ts';

export type FontFile = { family: string; file: string | null; script: 'arabic' | 'latin'; weight: number };

/** Fonts whose glyphs go into the digit templates. */
export const TEMPLATE_FONTS = ['amiri', 'noto-naskh-arabic', 'noto-sans-arabic', 'scheherazade-new', 'lateef'];
/** Fonts kept out of the templates, used only for the generated "unseen" pages. */
export const UNSEEN_FONTS = ['cairo', 'tajawal', 'noto-kufi-arabic', 'almarai', 'el-messiri'];

const FAMILY: Record<string, string> = {
  amiri: 'Amiri',
  'noto-naskh-arabic': 'Noto Naskh Arabic',
  'noto-sans-arabic': 'Noto Sans Arabic',
  'scheherazade-new': 'Scheherazade New',
  lateef: 'Lateef',
  cairo: 'Cairo',
  tajawal: 'Tajawal',
  'noto-kufi-arabic': 'Noto Kufi Arabic',
  almarai: 'Almarai',
  'el-messiri': 'El Messiri',
};

export function fontsourceFiles(root: string, name: string): FontFile[] {
  const dir = join(root, 'node_modules', '@fontsource', name, 'files');
  if (!existsSync(dir)) throw new Error(`font package @fontsource/${name} not found under ${root} (see ocr/bench/fonts.ts)`);
  const out: FontFile[] = [];
  const cache = join(tmpdir(), 'sijill-fonts-ttf');
  mkdirSync(cache, { recursive: true });
  for (const script of ['arabic', 'latin'] as const)
    for (const weight of [400, 700]) {
      const woff = join(dir, `${name}-${script}-${weight}-normal.woff`);
      if (!existsSync(woff)) continue;
      const ttf = join(cache, `${name}-${script}-${weight}.ttf`);
      if (!existsSync(ttf)) writeFileSync(ttf, woffToSfnt(readFileSync(woff)));
      out.push({ family: FAMILY[name] ?? name, file: ttf, script, weight });
    }
  return out;
}

export const SYSTEM_FONTS: FontFile[] = [
  { family: 'DejaVu Sans', file: null, script: 'arabic', weight: 400 },
  { family: 'DejaVu Sans', file: null, script: 'arabic', weight: 700 },
  { family: 'DejaVu Sans', file: null, script: 'latin', weight: 400 },
  { family: 'DejaVu Serif', file: null, script: 'latin', weight: 400 },
  { family: 'Liberation Sans', file: null, script: 'latin', weight: 400 },
  { family: 'Liberation Serif', file: null, script: 'latin', weight: 400 },
  { family: 'Liberation Mono', file: null, script: 'latin', weight: 400 },
];

/** A seeded random generator (mulberry32), so generated data is the same on every run. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

type Rng = ReturnType<typeof rng>;

/** Latin digits written as Arabic-Indic ones. */
export const arabicIndic = (n: number | string) => String(n).replace(/[0-9]/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);

const LEVANTINE_MONTHS = [
  'كانون الثاني',
  'شباط',
  'آذار',
  'نيسان',
  'أيار',
  'حزيران',
  'تموز',
  'آب',
  'أيلول',
  'تشرين الأول',
  'تشرين الثاني',
  'كانون الأول',
];

/** A date 2011–2024 in one of the corpus's three spellings: 05/03/2016, ٥/٣/٢٠١٦, 5 آذار 2016. */
export function randomDate(r: Rng): string {
  const d = r.int(1, 28);
  const m = r.int(1, 12);
  const y = r.int(2011, 2024);
  switch (r.int(0, 2)) {
    case 0:
      return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
    case 1:
      return arabicIndic(`${d}/${m}/${y}`);
    default:
      return `${d} ${LEVANTINE_MONTHS[m - 1]} ${y}`;
  }
}

export const escapeMarkup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Ink of one line of text (0 = paper, 255 = ink), one byte per pixel; `px` is the font size in pixels. */
export async function renderInk(
  text: string,
  font: { family: string; file: string | null },
  px: number,
): Promise<{ data: Buffer; width: number; height: number }> {
  const markup = `<span font_family="${font.family}" size="${Math.round(px * 1024)}">${escapeMarkup(text)}</span>`;
  const { data, info } = await sharp({ text: { text: markup, ...(font.file ? { fontfile: font.file } : {}), dpi: 72 } })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Rendered lines (renderInk) set on a page of `width` pixels, right-aligned as Arabic text is,
 * `margin` pixels above the first and below the last, `gap` pixels between lines; `rightMargin`
 * is asked once per line, in order. Ink as renderInk gives it (0 = paper).
 */
export function setLines(
  inks: { data: Buffer; width: number; height: number }[],
  page: { width: number; margin: number; gap: number; rightMargin: () => number },
): { data: Buffer; width: number; height: number } {
  const W = page.width;
  const H = page.margin + inks.reduce((a, x) => a + x.height + page.gap, 0) + page.margin;
  const data = Buffer.alloc(W * H, 0);
  let y = page.margin;
  for (const img of inks) {
    const x0 = Math.max(0, W - page.rightMargin() - img.width);
    for (let yy = 0; yy < img.height; yy++)
      for (let xx = 0; xx < img.width && x0 + xx < W; xx++) data[(y + yy) * W + x0 + xx] = img.data[yy * img.width + xx]!;
    y += img.height + page.gap;
  }
  return { data, width: W, height: H };
}
