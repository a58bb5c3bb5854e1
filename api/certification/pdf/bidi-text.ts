import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import bidiFactory from 'bidi-js';
import type PDFDocument from 'pdfkit';
import { woffToSfnt } from './woff';

/**
 * Arabic in a PDF: shaped glyphs (fontkit's Arabic shaper, through pdfkit) in visual order
 * (the Unicode bidi algorithm from bidi-js), while each glyph keeps its logical characters in
 * the font's ToUnicode map so that text extraction (pdftotext, copy and paste) gives the
 * Arabic back in logical order.
 *
 * Why not pdfkit's own `text()`: without `features` pdfkit lays out word by word in logical
 * order (Arabic words come out left to right), and fontkit picks the direction of a run from
 * its script, so a run of Arabic-Indic digits (script Arabic, but left-to-right in bidi) is
 * reversed. We split each line into bidi level runs, lay out each run as a whole with the
 * direction bidi gives it, and place the runs ourselves.
 */

const require = createRequire(import.meta.url);
/** IBM Plex Sans Arabic: Arabic, Latin, both digit sets in one face, so mixed lines need no fallback. */
export const fonts = {
  regular: require.resolve('@ibm/plex-sans-arabic/fonts/complete/woff/IBMPlexSansArabic-Regular.woff'),
  bold: require.resolve('@ibm/plex-sans-arabic/fonts/complete/woff/IBMPlexSansArabic-Bold.woff'),
};

const bidi = bidiFactory();

/** The faces as TrueType, decoded once per process. */
let faces: { regular: Buffer; bold: Buffer } | null = null;
const loadFaces = () => (faces ??= { regular: woffToSfnt(readFileSync(fonts.regular)), bold: woffToSfnt(readFileSync(fonts.bold)) });

type Doc = InstanceType<typeof PDFDocument>;
type Direction = 'ltr' | 'rtl';
type FontkitFont = { layout: (...args: unknown[]) => unknown };

/** The direction fontkit must use for the run being laid out now (set around each call). */
let forcedDirection: Direction | undefined;

/**
 * Registers the fonts and teaches each embedded fontkit font to take the direction we give it
 * instead of guessing it from the script. pdfkit keeps one fontkit font per registered name.
 */
export function registerFonts(doc: Doc): void {
  for (const weight of ['regular', 'bold'] as const) {
    const face = loadFaces()[weight];
    doc.registerFont(`sijill-${weight}`, face);
    // The same face once more, used only for mirrored brackets (see visualRuns).
    doc.registerFont(`sijill-${weight}-mirror`, face);
    patchFont(doc, `sijill-${weight}`, false);
    patchFont(doc, `sijill-${weight}-mirror`, true);
  }
  setFont(doc, 'regular');
}

function patchFont(doc: Doc, name: string, mirror: boolean) {
  doc.font(name);
  const internals = doc as unknown as {
    _font: { name: string; font: FontkitFont; layoutCache?: unknown };
    _fontFamilies: Record<string, unknown>;
  };
  const embedded = internals._font;
  // pdfkit shares one instance between names of the same face; the mirror needs its own.
  delete internals._fontFamilies[embedded.name];
  // The per-word cache is keyed by text only; a direction-dependent layout must not be cached.
  embedded.layoutCache = undefined;
  const font = embedded.font;
  const original = font.layout.bind(font) as (...args: unknown[]) => { glyphs: Glyph[] };
  font.layout = (text: unknown, features: unknown, script?: unknown, language?: unknown, direction?: unknown) => {
    const dir = (direction as Direction | undefined) ?? forcedDirection;
    const run = original(text, features, script, language, dir);
    if (mirror) run.glyphs = run.glyphs.map(unmirrored);
    else if (dir === 'rtl') run.glyphs = run.glyphs.map(logicalLigature);
    return run;
  };
}

let currentWeight: 'regular' | 'bold' = 'regular';

/** Selects the face (and size) that drawLine and drawParagraph use. */
export function setFont(doc: Doc, weight: 'regular' | 'bold', size?: number): void {
  currentWeight = weight;
  doc.font(`sijill-${weight}`);
  if (size) doc.fontSize(size);
}

type Glyph = { codePoints: number[] };

/**
 * A ligature (lam-alef, fa-ya…) is one glyph for several characters. Text extractors read a
 * right-to-left word backwards, including the characters of each glyph, so in a right-to-left
 * run a ligature's characters are listed in reverse for them to come out in logical order.
 * pdfkit writes the first character list it sees for a glyph into the ToUnicode map.
 */
function logicalLigature(glyph: Glyph): Glyph {
  if (glyph.codePoints.length < 2) return glyph;
  return Object.create(glyph, { codePoints: { value: [...glyph.codePoints].reverse() } }) as Glyph;
}

/**
 * The glyph of ')' drawn for a logical '(' in right-to-left text. In the mirror font instance it
 * is mapped back to '(' in ToUnicode, so extraction gives the character that was typed.
 */
function unmirrored(glyph: Glyph): Glyph {
  const codePoints = glyph.codePoints.map((cp) => bidi.getMirroredCharacter(String.fromCodePoint(cp))?.codePointAt(0) ?? cp);
  return Object.create(glyph, { codePoints: { value: codePoints } }) as Glyph;
}

export type VisualRun = { text: string; dir: Direction; mirrored?: boolean };

/** Splits one line into runs of one bidi level, in visual (left to right) order. */
export function visualRuns(text: string, base: Direction): VisualRun[] {
  if (!text) return [];
  const embedding = bidi.getEmbeddingLevels(text, base);
  const levels = embedding.levels;
  let runs: Array<{ text: string; level: number; mirrored?: boolean }> = [];
  for (let i = 0; i < text.length; i++) {
    const level = levels[i]!;
    // A bracket in a right-to-left run is drawn with its mirror image (fontkit does not mirror)
    // as a run of its own, in a font instance whose ToUnicode names the character typed.
    const mirror = level % 2 === 1 ? bidi.getMirroredCharacter(text[i]!) : null;
    if (mirror) {
      runs.push({ text: mirror, level, mirrored: true });
      continue;
    }
    const last = runs[runs.length - 1];
    if (last && last.level === level && !last.mirrored) last.text += text[i]!;
    else runs.push({ text: text[i]!, level });
  }
  // UAX #9 rule L2 on whole runs: from the highest level down to the lowest odd level, reverse
  // every maximal sequence of runs at that level or higher.
  const max = Math.max(...runs.map((r) => r.level));
  const oddLevels = runs.map((r) => r.level).filter((l) => l % 2 === 1);
  const minOdd = oddLevels.length ? Math.min(...oddLevels) : max + 1;
  for (let level = max; level >= minOdd; level--) {
    const next: typeof runs = [];
    for (let i = 0; i < runs.length;) {
      if (runs[i]!.level < level) {
        next.push(runs[i++]!);
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j]!.level >= level) j++;
      next.push(...runs.slice(i, j).reverse());
      i = j;
    }
    runs = next;
  }
  return runs.map((r) => ({ text: r.text, dir: r.level % 2 === 1 ? 'rtl' : 'ltr', mirrored: r.mirrored }));
}

function withDirection<T>(dir: Direction, fn: () => T): T {
  forcedDirection = dir;
  try {
    return fn();
  } finally {
    forcedDirection = undefined;
  }
}

/** Width of a line as drawn (with the font and size currently set on `doc`). */
export function lineWidth(doc: Doc, text: string, base: Direction): number {
  return visualRuns(text, base).reduce((w, r) => w + runWidth(doc, r), 0);
}

const widthCache = new Map<string, number>();

function runWidth(doc: Doc, run: VisualRun): number {
  const font = (doc as unknown as { _font: { name: string; id: string } })._font;
  const size = (doc as unknown as { _fontSize: number })._fontSize;
  const key = `${font.id}|${font.name}|${run.mirrored ? 'm' : ''}${run.dir}|${run.text}`;
  let perPoint = widthCache.get(key);
  if (perPoint === undefined) {
    // `features` (even empty) makes pdfkit lay the run out as a whole instead of word by word.
    perPoint = withDirection(run.dir, () => doc.widthOfString(run.text, { features: [] } as never)) / size;
    if (widthCache.size > 50_000) widthCache.clear();
    widthCache.set(key, perPoint);
  }
  return perPoint * size;
}

/** Breaks logical text into lines no wider than `width`, at spaces (a long word is cut). */
export function wrapLogical(doc: Doc, text: string, width: number, base: Direction): string[] {
  const words = text.split(/(\s+)/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current + word;
    if (!current.trim() || lineWidth(doc, candidate.trim(), base) <= width) {
      current = candidate;
      continue;
    }
    lines.push(current.trim());
    current = word.trim() ? word : '';
  }
  if (current.trim()) lines.push(current.trim());
  // A single word wider than the column: cut it by characters.
  return lines.flatMap((line) => (lineWidth(doc, line, base) <= width ? [line] : cutWord(doc, line, width, base)));
}

function cutWord(doc: Doc, word: string, width: number, base: Direction): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of word) {
    if (current && lineWidth(doc, current + ch, base) > width) {
      out.push(current);
      current = '';
    }
    current += ch;
  }
  if (current) out.push(current);
  return out;
}

/**
 * Draws one visual line. `align: 'right'` puts its right edge at `x + width` (Arabic), `left`
 * its left edge at `x`. Returns the width drawn.
 */
export function drawLine(
  doc: Doc,
  text: string,
  opts: { x: number; y: number; width: number; base: Direction; align: 'left' | 'right' },
): number {
  const runs = visualRuns(text, opts.base);
  const widths = runs.map((r) => runWidth(doc, r));
  const total = widths.reduce((a, b) => a + b, 0);
  let x = opts.align === 'right' ? opts.x + opts.width - total : opts.x;
  runs.forEach((run, i) => {
    if (run.mirrored) doc.font(`sijill-${currentWeight}-mirror`);
    withDirection(run.dir, () => doc.text(run.text, x, opts.y, { lineBreak: false, features: [] } as never));
    if (run.mirrored) doc.font(`sijill-${currentWeight}`);
    x += widths[i]!;
  });
  return total;
}

/** Draws a paragraph wrapped to `width`; returns the y below it. */
export function drawParagraph(
  doc: Doc,
  text: string,
  opts: { x: number; y: number; width: number; base: Direction; align?: 'left' | 'right'; lineGap?: number },
): number {
  const align = opts.align ?? (opts.base === 'rtl' ? 'right' : 'left');
  const height = doc.currentLineHeight(true) + (opts.lineGap ?? 2);
  let y = opts.y;
  for (const paragraph of text.split('\n')) {
    const lines = paragraph.trim() ? wrapLogical(doc, paragraph, opts.width, opts.base) : [''];
    for (const line of lines) {
      if (line) drawLine(doc, line, { x: opts.x, y, width: opts.width, base: opts.base, align });
      y += height;
    }
  }
  return y;
}

/** Height `drawParagraph` would use, without drawing. */
export function paragraphHeight(doc: Doc, text: string, width: number, base: Direction, lineGap = 2): number {
  const height = doc.currentLineHeight(true) + lineGap;
  let n = 0;
  for (const paragraph of text.split('\n')) n += paragraph.trim() ? wrapLogical(doc, paragraph, width, base).length : 1;
  return n * height;
}
