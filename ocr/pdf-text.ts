/**
 * Text layer of a PDF page (as written by word processors, browsers or OCR software), as lines
 * with boxes, in logical order.
 *
 * Read glyph by glyph from mupdf's drawing of the page, not from its structured text: for
 * right-to-left text that loses and misplaces characters. It reverses a ligature's characters
 * together with the line (لا → ال), places a mark at the end of the previous glyph instead of
 * over its letter, and its ActualText handling (Chromium wraps every Arabic glyph cluster in
 * one) drops a real alef that follows a lam-alef as "fake bold" (الاستثناءات → الستثناءات) and
 * hands a cluster's characters to the wrong glyphs (مرحباً → مرحبً).
 *
 * Here each glyph keeps the characters its font maps it to (ToUnicode, in logical order, as
 * written by Chromium, LibreOffice and Word); a zero-width glyph (a mark, or the second part of
 * a ligature drawn as two glyphs) joins the letter it is drawn over; glyph clusters are grouped
 * into lines by baseline and put in logical order as whole clusters (see bidi.ts). Presentation
 * forms become ordinary letters (ﻻ → لا) and the text is NFC, as typed text is stored.
 */
import type { Document, Matrix, Page, Text } from 'mupdf';
import type { Box, OcrLine, OcrWord } from './types.ts';
import { baseDirection, foldPresentationForms, isRtlChar, visualToLogical } from './bidi.ts';
import { orderLines } from './layout.ts';
import { ACTUALTEXT_LAYER, markActualText } from './pdf-actualtext.ts';

type Mupdf = typeof import('mupdf');

/** One glyph as drawn, in page points (y down). `u` runs along its line, `v` across it. */
type Glyph = {
  /** characters from the font's ToUnicode map; several for a ligature; '' when unmapped */
  text: string;
  unmapped: boolean;
  font: string;
  /** drawing order */
  seq: number;
  /** the ActualText span drawing it (outermost), or -1 */
  span: number;
  x: number;
  y: number;
  /** unit vector of the writing direction */
  dx: number;
  dy: number;
  /** advance along the writing direction, points */
  adv: number;
  size: number;
  /** centre of the glyph's ink, for zero-width glyphs (page space; marks are often placed by an offset origin) */
  inkX?: number;
  inkY?: number;
};

/** A glyph with the zero-width glyphs drawn over it: the unit bidi reordering never splits. */
type Cluster = {
  text: string;
  space: boolean;
  u0: number;
  u1: number;
  v: number;
  size: number;
  dx: number;
  dy: number;
  /** page-space box, points */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
};

const SPACE = /^\s+$/u;
const REPLACEMENT = 0xfffd;
/** Arabic letters that never join the letter after them: a glyph can't hold one of them followed by another letter. */
const RIGHT_JOINING = /[\u0621-\u0625\u0627\u0629\u062F-\u0632\u0648\u0671-\u0673\u0675-\u0677\u0688-\u0699\u06C0\u06C3-\u06CB\u06CD\u06CF\u06D2\u06D3\u06D5]/;
const ARABIC_LETTER = /[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FC\u06FF]/;

/** The glyphs of every text the page draws (filled, stroked, clipping or invisible as in OCR layers). */
function collectGlyphs(mupdf: Mupdf, page: Page): { glyphs: Glyph[]; hasImages: boolean } {
  const glyphs: Glyph[] = [];
  let hasImages = false;
  // ActualText spans open (pdf-actualtext.ts marks them as layers); -1 for other layers
  const spans: number[] = [];
  const currentSpan = () => spans.find((s) => s >= 0) ?? -1;
  // the same glyph drawn again at the same place (fill then clip, fake bold) counts once
  const seen = new Set<string>();
  const collect = (text: Text, ctm: Matrix) => {
    let last: Glyph | null = null;
    text.walk({
      showGlyph(font, trm, gid, ucs, wmode) {
        const ch = ucs > 0 && ucs !== REPLACEMENT ? String.fromCodePoint(ucs) : '';
        if (gid < 0) {
          // the 2nd, 3rd… character of a glyph whose ToUnicode entry has several
          if (last) last.text += ch;
          return;
        }
        const m = mupdf.Matrix.concat(trm, ctm);
        const size = Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
        if (!(size > 0)) return;
        const [vx, vy] = wmode === 1 ? [-m[2], -m[3]] : [m[0], m[1]];
        const norm = Math.hypot(vx, vy) || 1;
        const adv = font.advanceGlyph(gid, wmode) * norm;
        const key = `${font.getName()}|${gid}|${Math.round(m[4] / (size * 0.1))}|${Math.round(m[5] / (size * 0.1))}`;
        if (seen.has(key)) {
          last = null;
          return;
        }
        seen.add(key);
        const g: Glyph = {
          text: ch,
          unmapped: ch === '',
          font: font.getName(),
          seq: glyphs.length,
          span: currentSpan(),
          x: m[4],
          y: m[5],
          dx: vx / norm,
          dy: vy / norm,
          adv,
          size,
        };
        if (adv < size * 0.01) {
          // a zero-width glyph (a mark): where its ink is tells which letter it belongs to
          const one = new mupdf.Text();
          try {
            one.showGlyph(font, trm, gid, ucs, wmode);
            const [x0, y0, x1, y1] = one.getBounds(null as never, ctm);
            if (x1 > x0 && y1 > y0 && x1 - x0 < 10 * size) {
              g.inkX = (x0 + x1) / 2;
              g.inkY = (y0 + y1) / 2;
            }
          } finally {
            one.destroy();
          }
        }
        glyphs.push(g);
        last = g;
      },
    });
  };
  const device = new mupdf.Device({
    fillText: (text, ctm) => collect(text, ctm),
    strokeText: (text, _stroke, ctm) => collect(text, ctm),
    clipText: (text, ctm) => collect(text, ctm),
    clipStrokeText: (text, _stroke, ctm) => collect(text, ctm),
    ignoreText: (text, ctm) => collect(text, ctm),
    fillImage: () => {
      hasImages = true;
    },
    fillImageMask: () => {
      hasImages = true;
    },
    beginLayer: (name) => {
      spans.push(name.startsWith(ACTUALTEXT_LAYER) ? Number(name.slice(ACTUALTEXT_LAYER.length)) : -1);
    },
    endLayer: () => {
      spans.pop();
    },
  });
  try {
    page.run(device, mupdf.Matrix.identity);
    device.close();
  } finally {
    device.destroy();
  }
  return { glyphs, hasImages };
}

/**
 * Fonts whose ligature entries are written in visual order (right to left, as some writers
 * do for extractors that reverse whole words, Sijill's certified PDFs among them): a glyph
 * whose characters start with a letter that never joins the next one (ال as one glyph) can
 * only be a ligature listed backwards.
 */
function fontsWithVisualLigatures(glyphs: Glyph[]): Set<string> {
  const fonts = new Set<string>();
  for (const g of glyphs) {
    const cs = [...g.text];
    if (cs.length >= 2 && RIGHT_JOINING.test(cs[0]!) && ARABIC_LETTER.test(cs[1]!)) fonts.add(g.font);
  }
  return fonts;
}

const along = (g: { x: number; y: number; dx: number; dy: number }, x = g.x, y = g.y) => x * g.dx + y * g.dy;
const across = (g: { x: number; y: number; dx: number; dy: number }) => -g.x * g.dy + g.y * g.dx;

/** The em box of a run of glyphs on one baseline, from `g`'s origin to `u1` along its line. */
function emBox(g: Glyph, u0: number, u1: number) {
  const at = (u: number) => {
    const d = u - along(g);
    return [g.x + g.dx * d, g.y + g.dy * d] as const;
  };
  // 0.8 em above the baseline, 0.2 below ("up" is (dy, −dx) in a y-down page)
  const upx = g.dy * g.size;
  const upy = -g.dx * g.size;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [at(u0), at(u1)]) {
    xs.push(x + upx * 0.8, x - upx * 0.2);
    ys.push(y + upy * 0.8, y - upy * 0.2);
  }
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

function clusterOf(anchor: Glyph, text: string, members: Glyph[]): Cluster {
  const v = across(anchor);
  // the extent along the line of the members on the anchor's baseline
  const onLine = members.filter((m) => Math.abs(across(m) - v) <= 0.8 * anchor.size && m.dx * anchor.dx + m.dy * anchor.dy > 0.99);
  const u0 = Math.min(...onLine.map((m) => along(m)));
  const u1 = Math.max(...onLine.map((m) => along(m) + Math.max(m.adv, 0)));
  return { text, space: SPACE.test(text), u0, u1, v, size: anchor.size, dx: anchor.dx, dy: anchor.dy, ...emBox(anchor, u0, u1) };
}

/** Where a zero-width glyph's ink is, along its line. */
const inkCentre = (z: Glyph) => (z.inkX !== undefined ? along(z, z.inkX, z.inkY) : along(z));
/** How far a zero-width glyph's ink is from the middle of a letter's em box, across the line, in the letter's ems. */
const offLine = (z: Glyph, h: Glyph) => {
  const v = z.inkX !== undefined ? across({ ...z, x: z.inkX, y: z.inkY! }) : across(z);
  // the em box's middle is 0.3 em above the baseline ("up" is −v)
  return Math.abs(v - (across(h) - 0.3 * h.size)) / h.size;
};

/**
 * The characters of a glyph and the zero-width glyphs over it, in logical order. The glyph and
 * any zero-width letters (the second part of a ligature drawn as two glyphs, as LibreOffice
 * draws lam-alef) are the cluster's letters, first letter on the right in right-to-left text;
 * each mark goes after the letter under it, reckoning the letters of equal width.
 */
function clusterText(host: Glyph, parts: Glyph[]): string {
  const isMark = (t: string) => t !== '' && [...t].every((c) => /\p{M}/u.test(c));
  const letters: string[] = [];
  // the host's own characters: each letter with the marks that follow it
  for (const c of foldPresentationForms(host.text)) {
    if (/\p{M}/u.test(c) && letters.length) letters[letters.length - 1] += c;
    else letters.push(c);
  }
  const sorted = parts.slice().sort((a, b) => a.seq - b.seq);
  for (const p of sorted) if (!isMark(p.text)) letters.push(foldPresentationForms(p.text));
  if (!letters.length) letters.push('');
  const rtl = letters.some((l) => isRtlChar(l));
  const u0 = along(host);
  const width = Math.max(host.adv, 1e-6) / letters.length;
  for (const p of sorted) {
    if (!isMark(p.text)) continue;
    const offset = rtl ? u0 + host.adv - inkCentre(p) : inkCentre(p) - u0;
    const k = Math.min(letters.length - 1, Math.max(0, Math.floor(offset / width)));
    letters[k] += p.text;
  }
  return letters.join('');
}

/**
 * Glyph clusters: the glyphs of one ActualText span are one cluster with the span's text; any
 * other glyph is one, with the zero-width glyphs whose ink lies over it (nearest in drawing
 * order on a tie) appended to its characters.
 */
function clustersOf(glyphs: Glyph[], actualTexts: string[]): Cluster[] {
  const visualFonts = fontsWithVisualLigatures(glyphs.filter((g) => g.span < 0));
  for (const g of glyphs) {
    const cs = [...g.text];
    if (visualFonts.has(g.font) && cs.length >= 2 && cs.every((c) => isRtlChar(c) || /\p{M}/u.test(c))) g.text = cs.reverse().join('');
  }
  const clusters: Cluster[] = [];
  const bySpan = new Map<number, Glyph[]>();
  for (const g of glyphs) if (g.span >= 0) bySpan.set(g.span, [...(bySpan.get(g.span) ?? []), g]);
  for (const [span, members] of bySpan) {
    const anchor = members.find((m) => m.adv >= m.size * 0.01) ?? members[0]!;
    clusters.push(clusterOf(anchor, actualTexts[span] ?? '', members));
  }
  const free = glyphs.filter((g) => g.span < 0);
  const isZeroWidth = (g: Glyph) => g.adv < g.size * 0.01 && !SPACE.test(g.text);
  const hosts = free.filter((g) => !isZeroWidth(g) && !SPACE.test(g.text));
  const parts = new Map<Glyph, Glyph[]>();
  for (const z of free.filter(isZeroWidth)) {
    const c = inkCentre(z);
    let best: Glyph = z;
    let bestScore = Infinity;
    for (const h of hosts) {
      if (h.dx * z.dx + h.dy * z.dy < 0.99 || offLine(z, h) > 0.9) continue;
      const u0 = along(h);
      const u1 = u0 + h.adv;
      const outside = c < u0 ? u0 - c : c > u1 ? c - u1 : 0;
      if (outside > 0.5 * h.size) continue;
      // inside the glyph beats near it; then the glyph drawn next to it
      const score = outside * 1000 + Math.abs(h.seq - z.seq);
      if (score < bestScore) {
        bestScore = score;
        best = h;
      }
    }
    parts.set(best, [...(parts.get(best) ?? []), z]);
  }
  for (const [host, members] of parts) if (!members.includes(host)) members.unshift(host);
  for (const g of free) {
    if (isZeroWidth(g) && !parts.get(g)?.includes(g)) continue;
    const members = parts.get(g) ?? [g];
    clusters.push(clusterOf(g, clusterText(g, members.filter((m) => m !== g)), members));
  }
  return clusters.filter((c) => c.text.length > 0);
}

/** Groups clusters by writing direction and baseline, left to right along the line; splits at gaps wider than a column gutter. */
function linesOf(clusters: Cluster[]): Cluster[][] {
  const groups: Cluster[][] = [];
  const byDirection = new Map<string, Cluster[]>();
  for (const c of clusters) {
    const key = `${Math.round(c.dx * 100)}|${Math.round(c.dy * 100)}`;
    byDirection.set(key, [...(byDirection.get(key) ?? []), c]);
  }
  for (const same of byDirection.values()) {
    same.sort((a, b) => a.v - b.v);
    let line: Cluster[] = [];
    let lineV = 0;
    let lineSize = 0;
    for (const c of same) {
      if (line.length && Math.abs(c.v - lineV) > 0.5 * Math.max(c.size, lineSize)) {
        groups.push(line);
        line = [];
      }
      if (!line.length) {
        lineV = c.v;
        lineSize = c.size;
      }
      line.push(c);
      if (!c.space) lineSize = Math.max(lineSize, c.size);
    }
    if (line.length) groups.push(line);
  }
  const lines: Cluster[][] = [];
  for (const group of groups) {
    group.sort((a, b) => a.u0 - b.u0 || a.u1 - b.u1);
    let part: Cluster[] = [];
    let end = -Infinity;
    for (const c of group) {
      if (part.length && c.u0 - end > 3 * Math.max(c.size, part[part.length - 1]!.size)) {
        lines.push(part);
        part = [];
      }
      part.push(c);
      end = Math.max(end, c.u1);
    }
    if (part.length) lines.push(part);
  }
  return lines;
}

const WORD_GAP = 0.2; // em: a wider gap between two glyphs is a space the PDF did not draw

function lineFrom(visual: Cluster[], toBox: (c: Cluster[]) => Box): OcrLine | null {
  // spaces the writer left out (words placed with a gap instead)
  const withGaps: Cluster[] = [];
  for (const c of visual) {
    const prev = withGaps[withGaps.length - 1];
    if (prev && !prev.space && !c.space && c.u0 - prev.u1 > WORD_GAP * Math.max(c.size, prev.size)) {
      withGaps.push({ ...prev, text: ' ', space: true, u0: prev.u1, u1: c.u0 });
    }
    withGaps.push(c);
  }
  const letterOf = (c: Cluster) => {
    const folded = foldPresentationForms(c.text);
    return [...folded].find((ch) => /[\p{L}\p{N}]/u.test(ch)) ?? [...folded][0] ?? ' ';
  };
  const base = baseDirection(withGaps.map(letterOf));
  // a bracket cluster is mirrored whole (its text is the one character)
  const logical = visualToLogical(withGaps, letterOf, base, (c, mirrored) => ([...c.text].length === 1 ? { ...c, text: mirrored } : c));
  const words: OcrWord[] = [];
  let cur: Cluster[] = [];
  const flush = () => {
    if (cur.length) {
      // an ActualText span may hold several words
      const text = foldPresentationForms(cur.map((c) => c.text).join('')).normalize('NFC');
      for (const w of text.split(/\s+/u)) if (w) words.push({ text: w, confidence: 100, box: toBox(cur) });
    }
    cur = [];
  };
  for (const c of logical) {
    if (c.space) flush();
    else cur.push(c);
  }
  flush();
  if (!words.length) return null;
  return {
    text: words.map((w) => w.text).join(' '),
    confidence: 100,
    box: toBox(visual.filter((c) => !c.space)),
    words,
  };
}

/**
 * Lines of the page's text layer in page-image pixel coordinates (scale = pixels per point,
 * originX/Y = the page's top-left corner in points). `chars` counts the mapped characters,
 * `unmapped` the glyphs whose font gives no character for them (a layer with many of those
 * is not worth reading).
 */
export function extractTextLayer(mupdf: Mupdf, doc: Document, page: Page, scale: number, originX: number, originY: number) {
  // changes the page's content in memory: read the text after drawing the page
  const pdf = doc.asPDF();
  const actualTexts = pdf && page instanceof mupdf.PDFPage ? markActualText(pdf, page) : [];
  const { glyphs, hasImages } = collectGlyphs(mupdf, page);
  const toBox = (cs: Cluster[]): Box => {
    const x0 = (Math.min(...cs.map((c) => c.x0)) - originX) * scale;
    const y0 = (Math.min(...cs.map((c) => c.y0)) - originY) * scale;
    const x1 = (Math.max(...cs.map((c) => c.x1)) - originX) * scale;
    const y1 = (Math.max(...cs.map((c) => c.y1)) - originY) * scale;
    return { x: Math.round(x0), y: Math.round(y0), w: Math.max(1, Math.round(x1 - x0)), h: Math.max(1, Math.round(y1 - y0)) };
  };
  const lines: OcrLine[] = [];
  for (const visual of linesOf(clustersOf(glyphs, actualTexts))) {
    const line = lineFrom(visual, toBox);
    if (line) lines.push(line);
  }
  const chars = glyphs.filter((g) => (g.text || g.span >= 0) && !SPACE.test(g.text)).length;
  const unmapped = glyphs.filter((g) => g.unmapped && g.span < 0).length;
  return { lines: orderLines(lines), chars, unmapped, hasImages };
}
