/**
 * Numerals. Tesseract's Arabic model reads Arabic-Indic digits badly (٢١/٧/٢٠١٥ → 11/10/1010).
 * For every recognised word that holds a digit, this re-reads the number glyph by glyph:
 * connected components of the word image are classified by nearest neighbours against glyph
 * templates rendered from a set of fonts (see bench/build-digit-templates.ts), the digit set
 * (Arabic-Indic or Latin) is decided once per number, and the digits are read in that set.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { greyHistogram, labelComponents, median, type Component, type Grey } from './analyse.ts';

export const DIGIT_LABELS = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '٠',
  '١',
  '٢',
  '٣',
  '٤',
  '٥',
  '٦',
  '٧',
  '٨',
  '٩',
  '/',
  '.',
  '-',
  'X',
] as const;
export type Label = (typeof DIGIT_LABELS)[number];
const LATIN = new Set<string>(DIGIT_LABELS.slice(0, 10));
const INDIC = new Set<string>(DIGIT_LABELS.slice(10, 20));
const SEPARATOR = new Set<string>(['/', '.', '-']);

export const GRID = 12;
export const FEATURES = GRID * GRID + 3;

export type { Component } from './analyse.ts';

/** Otsu threshold of a greyscale region. */
export function otsu(data: Uint8Array): number {
  const hist = greyHistogram(data);
  const total = data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let thr = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (!wB) continue;
    const wF = total - wB;
    if (!wF) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      thr = t;
    }
  }
  return thr;
}

/** Ink components (8-connected) of a greyscale image, left to right. */
export function inkComponents(img: Grey): Component[] {
  const { width: w, height: h, data } = img;
  const t = otsu(data);
  const ink = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) ink[i] = data[i]! <= t ? 1 : 0;
  return labelComponents({ data: ink, width: w, height: h }).sort((a, b) => a.x0 + a.x1 - (b.x0 + b.x1));
}

/**
 * Components that are glyphs (not specks), with the reference height and centre line of the word.
 * `keep`: only the components it passes count (a word cut out of a page drops pieces of its
 * neighbours cut by the edge).
 */
export function glyphs(img: Grey, keep?: (c: Component) => boolean): { comps: Component[]; refH: number; midY: number } | null {
  const all = keep ? inkComponents(img).filter(keep) : inkComponents(img);
  if (!all.length) return null;
  const heights = all.map((c) => c.y1 - c.y0).sort((a, b) => a - b);
  const refH = heights[Math.floor(heights.length * 0.75)] ?? heights[heights.length - 1]!;
  if (refH < 5) return null;
  const comps = all.filter((c) => c.area >= 0.02 * refH * refH && !(c.x0 === 0 && c.x1 === img.width));
  const tall = comps.filter((c) => c.y1 - c.y0 >= 0.6 * refH);
  if (!tall.length) return null;
  const mids = tall.map((c) => (c.y0 + c.y1) / 2).sort((a, b) => a - b);
  return { comps, refH, midY: mids[Math.floor(mids.length / 2)]! };
}

/** Feature vector: a GRID×GRID occupancy map of the glyph box, its shape, size and height. */
export function features(c: Component, imgWidth: number, refH: number, midY: number): Float32Array {
  const f = new Float32Array(FEATURES);
  const bw = c.x1 - c.x0;
  const bh = c.y1 - c.y0;
  for (const p of c.pixels) {
    const x = p % imgWidth;
    const y = (p - x) / imgWidth;
    const gx = Math.min(GRID - 1, Math.floor(((x - c.x0) / bw) * GRID));
    const gy = Math.min(GRID - 1, Math.floor(((y - c.y0) / bh) * GRID));
    f[gy * GRID + gx]! += 1;
  }
  const cell = (bw * bh) / (GRID * GRID);
  for (let i = 0; i < GRID * GRID; i++) f[i] = Math.min(1, f[i]! / Math.max(1, cell));
  // shape and position carry what the occupancy map cannot: ٠ and "." are both dots,
  // "١", "1" and "/" are all strokes
  f[GRID * GRID] = Math.log(bw / bh) * 2;
  f[GRID * GRID + 1] = (bh / refH) * 4;
  f[GRID * GRID + 2] = (((c.y0 + c.y1) / 2 - midY) / refH) * 6;
  return f;
}

type Templates = { labels: Uint8Array; vectors: Float32Array; count: number };
let templates: Templates | null = null;

/** A template file's vectors: quantised to bytes (value × scale), base64, as loadTemplates reads them. */
export function encodeTemplates(labels: readonly number[], vectors: ArrayLike<number>, scale = 40) {
  const q = Int8Array.from(Array.from(vectors, (v) => Math.max(-127, Math.min(127, Math.round(v * scale)))));
  return { features: FEATURES, scale, labels: Buffer.from(Uint8Array.from(labels)).toString('base64'), vectors: Buffer.from(q.buffer).toString('base64') };
}

/**
 * The templates: numerals and letter bodies rendered from fonts (digit-templates.json,
 * bench/build-digit-templates.ts) and glyphs cut from transcribed real print
 * (digit-templates-print.json, bench/harvest-real-numerals.ts), one set.
 */
export function loadTemplates(): Templates {
  if (templates) return templates;
  const parts = ['./digit-templates.json', './digit-templates-print.json'].map((name) => {
    const json = JSON.parse(readFileSync(fileURLToPath(new URL(name, import.meta.url)), 'utf8')) as { features: number; labels: string; vectors: string; scale: number };
    if (json.features !== FEATURES) throw new Error(`${name} does not match this feature layout; rebuild it`);
    const q = new Int8Array(Buffer.from(json.vectors, 'base64').buffer.slice(0));
    return { labels: new Uint8Array(Buffer.from(json.labels, 'base64')), q, scale: json.scale };
  });
  const count = parts.reduce((a, p) => a + p.labels.length, 0);
  const labels = new Uint8Array(count);
  const vectors = new Float32Array(count * FEATURES);
  let at = 0;
  for (const p of parts) {
    labels.set(p.labels, at);
    for (let i = 0; i < p.q.length; i++) vectors[at * FEATURES + i] = p.q[i]! / p.scale;
    at += p.labels.length;
  }
  templates = { labels, vectors, count };
  return templates;
}

/** Distance to the nearest template of every label. */
export function nearestByLabel(f: Float32Array, t: Templates = loadTemplates()): Float64Array {
  const best = new Float64Array(DIGIT_LABELS.length).fill(Infinity);
  for (let i = 0; i < t.count; i++) {
    const l = t.labels[i]!;
    const bound = best[l]!;
    const o = i * FEATURES;
    // shape, size and position first: they differ most between labels, so a template of
    // another shape is given up after 3 features instead of 16
    let d = 0;
    for (let j = GRID * GRID; j < FEATURES; j++) {
      const diff = f[j]! - t.vectors[o + j]!;
      d += diff * diff;
    }
    // stop as soon as this template cannot beat the best one of its label
    for (let k = 0; k < GRID * GRID && d < bound; k += 16) {
      const end = Math.min(GRID * GRID, k + 16);
      for (let j = k; j < end; j++) {
        const diff = f[j]! - t.vectors[o + j]!;
        d += diff * diff;
      }
    }
    if (d < bound) best[l] = d;
  }
  return best;
}

const X_INDEX = DIGIT_LABELS.indexOf('X');
/** Labels before this index are numerals (both digit sets), from it on separators and X. */
const SEPARATOR_INDEX = DIGIT_LABELS.indexOf('/');
/**
 * A separator-like glyph at a number's end within this factor of a numeral's distance is read as
 * the numeral. Measured (numbers read exactly): generated number pages, tuning fonts 198 → 201
 * of 330 (199 at 1.1); al-Muqtabas tuning pages 10 of 25 and OCLC 1036721166 tuning pages 6 of
 * 28 either way.
 */
const SEPARATOR_AS_NUMERAL = 1.25;
/** A dot read as a full stop at an Arabic-Indic number's right end is a zero when it is at most this tall and its centre this far from the numerals' middle (× their height); zeros of the generated number pages: 0.25–0.33 tall, centre within 0.01. */
const ZERO_MAX_HEIGHT = 0.5;
const ZERO_MAX_OFFSET = 0.25;

/**
 * Best label from nearest distances. Letter bodies ("X") must win clearly: a numeral glyph in a
 * font the templates lack often lands about as close to a letter as to its digit.
 */
export function bestLabel(d: Float64Array, letterMargin = 1.25): Label {
  let l = 0;
  for (let i = 1; i < d.length; i++) if (i !== X_INDEX && d[i]! < d[l]!) l = i;
  return d[X_INDEX]! * letterMargin < d[l]! ? 'X' : DIGIT_LABELS[l]!;
}

export type NumberReading = {
  text: string;
  confidence: number;
  /** glyphs in the group that look at least as much like a letter as like any numeral */
  letterish: number;
  digits: number;
  /** horizontal extent of the numeral run, in image pixels */
  x0: number;
  x1: number;
};

/**
 * The glyphs of a line whose centre falls in a horizontal span (a word's box, in the line
 * image's pixels), with their reference height and centre line (null when they are too few or
 * too small to tell).
 */
export function glyphsInSpan(comps: Component[], span: { x0: number; x1: number }) {
  const inside = comps.filter((c) => (c.x0 + c.x1) / 2 >= span.x0 && (c.x0 + c.x1) / 2 <= span.x1);
  return { inside, ref: reference(inside) };
}

function reference(comps: Component[]): { refH: number; midY: number } | null {
  if (!comps.length) return null;
  const heights = comps.map((c) => c.y1 - c.y0).sort((a, b) => a - b);
  const refH = heights[Math.floor(heights.length * 0.75)] ?? heights[heights.length - 1]!;
  if (refH < 5) return null;
  const tall = comps.filter((c) => c.y1 - c.y0 >= 0.6 * refH);
  const mids = tall.map((c) => (c.y0 + c.y1) / 2).sort((a, b) => a - b);
  return { refH, midY: mids[Math.floor(mids.length / 2)]! };
}

/**
 * Read a group of glyphs (one word) as a number. Returns the digits as they run left to right
 * (numbers are written left to right in both digit sets), without separators at either end,
 * or null when no glyph looks like a digit.
 */
export function classifyGroup(glyphs: Component[], imgWidth: number, digitSet?: 'latin' | 'indic', onlyNumerals = false): NumberReading | null {
  const comps = withoutBrackets(glyphs);
  const ref = reference(comps);
  if (!ref) return null;
  const t = loadTemplates();
  const dists: Float64Array[] = [];
  for (const c of comps) {
    const d = distancesOf(c, imgWidth, ref.refH, ref.midY, t);
    // a word asked to be a number and nothing else: the first glyph like a letter ends it
    if (onlyNumerals && bestLabel(d, 1) === 'X') return null;
    dists.push(d);
  }
  const best = dists.map((d) => bestLabel(d));
  // the longest run of numeral glyphs (letters such as the ص of "9425/ص" fall outside it)
  let runStart = 0;
  let runLen = 0;
  for (let i = 0; i < best.length;) {
    if (best[i] === 'X') {
      i++;
      continue;
    }
    let j = i;
    while (j < best.length && best[j] !== 'X') j++;
    if (j - i > runLen) {
      runStart = i;
      runLen = j - i;
    }
    i = j;
  }
  let lo = runStart;
  let hi = runStart + runLen;
  // a separator has no place at a number's end, where it would be dropped: a glyph there that
  // is about as close to a numeral is that numeral (Amiri's ٧ is as close to «-» as to «٧»)
  const numeralAtEnd = (i: number) => {
    const d = dists[i]!;
    let n = -1;
    for (let k = 0; k < SEPARATOR_INDEX; k++) if (n < 0 || d[k]! < d[n]!) n = k;
    if (d[n]! <= SEPARATOR_AS_NUMERAL * d[DIGIT_LABELS.indexOf(best[i] as Label)]!) best[i] = DIGIT_LABELS[n]!;
  };
  if (hi - lo >= 2) {
    if (SEPARATOR.has(best[lo]!)) numeralAtEnd(lo);
    if (SEPARATOR.has(best[hi - 1]!)) numeralAtEnd(hi - 1);
  }
  while (lo < hi && SEPARATOR.has(best[lo]!)) lo++;
  const runEnd = hi;
  while (hi > lo && SEPARATOR.has(best[hi - 1]!)) hi--;
  const strippedEnd = hi;
  // a lone glyph beyond a separator at either end that passes for a numeral only with the
  // letter tolerance is the letter after the number (the ص of "٥٧٦٣/ص"), not a digit
  const letterish = (i: number) => bestLabel(dists[i]!, 1) === 'X';
  if (hi - lo >= 3 && SEPARATOR.has(best[lo + 1]!) && letterish(lo)) lo += 2;
  if (hi - lo >= 3 && SEPARATOR.has(best[hi - 2]!) && letterish(hi - 1)) hi -= 2;
  if (hi <= lo) return null;
  const idx = (l: string) => DIGIT_LABELS.indexOf(l as Label);
  // one digit set per number: the set whose best glyph matches are closer overall
  let sumLatin = 0;
  let sumIndic = 0;
  for (let i = lo; i < hi; i++) {
    if (SEPARATOR.has(best[i]!)) continue;
    const d = dists[i]!;
    sumLatin += Math.min(...[...LATIN].map((l) => d[idx(l)]!));
    sumIndic += Math.min(...[...INDIC].map((l) => d[idx(l)]!));
  }
  const set = digitSet ? (digitSet === 'indic' ? INDIC : LATIN) : sumIndic < sumLatin ? INDIC : LATIN;
  // An Arabic-Indic zero is a dot at mid-height, and the templates often take it for a full
  // stop: dropped as a separator at the number's end, «٣/٥/١٩٩٠» was read «٣/٥/١٩٩» and
  // «٢٨١٠/٨٠٠» «٢٨١٠/٨». A number's right end in the image is its last digit (numbers run left
  // to right), where a full stop never stands: a sentence's stop follows the number in reading
  // order, at its left in right-to-left text. Dots there at mid-height are zeros.
  const zeroLike = (c: Component) => c.y1 - c.y0 <= ZERO_MAX_HEIGHT * ref.refH && Math.abs((c.y0 + c.y1) / 2 - ref.midY) <= ZERO_MAX_OFFSET * ref.refH;
  if (set === INDIC && hi === strippedEnd) while (hi < runEnd && best[hi] === '.' && zeroLike(comps[hi]!)) hi++;
  let text = '';
  let worst = 0;
  let digits = 0;
  for (let i = lo; i < hi; i++) {
    const d = dists[i]!;
    let pick = best[i]!;
    if (!SEPARATOR.has(pick)) {
      digits++;
      pick = nearestIn(d, set);
    }
    worst = Math.max(worst, d[idx(pick)]!);
    // Arabic-Indic numbers use no full stop between digits or at their right end: a dot there
    // is a zero (٠), scored as the dot it matched
    if (pick === '.' && set === INDIC && i > lo) pick = '٠';
    text += pick;
  }
  const confidence = distanceScore(worst);
  const run = comps.slice(lo, hi);
  return {
    text,
    confidence,
    letterish: dists.filter((d) => bestLabel(d, 1) === 'X').length,
    digits,
    x0: Math.min(...run.map((c) => c.x0)),
    x1: Math.max(...run.map((c) => c.x1)),
  };
}

/** The label of `set` (a digit set) nearest to a glyph, from its distances to every label. */
function nearestIn(d: Float64Array, set: Set<string>): Label {
  let pick: Label = DIGIT_LABELS[0];
  let bd = Infinity;
  for (const l of set) {
    const k = DIGIT_LABELS.indexOf(l as Label);
    if (d[k]! < bd) {
      bd = d[k]!;
      pick = l as Label;
    }
  }
  return pick;
}

/** Template distances of well-formed glyphs are small: the worst one of a reading mapped to a 0–100 score. */
const distanceScore = (worst: number) => Math.max(0, Math.min(100, Math.round(100 - worst * 8)));

/**
 * A number's glyphs without the brackets or parentheses around it («(٢٧)», «[١٥٤١]»): glyphs at
 * either end that stand BRACKET_HEIGHT times as tall as the glyphs between (their median, dots
 * left out), reach BRACKET_BELOW of that below their bottom, and are narrow. The templates took
 * them for ١ or ٤, and their height, taken for the numerals' own, made every numeral between
 * look small: «(٢٧)» was read «(١٢٧١)», «[١٥٤١]» «[٤٥-٤٤٥]».
 */
function withoutBrackets(glyphs: Component[]): Component[] {
  const inner = glyphs.slice(1, -1);
  const tallest = Math.max(0, ...inner.map((c) => c.y1 - c.y0));
  const numerals = inner.filter((c) => c.y1 - c.y0 >= 0.4 * tallest);
  if (!numerals.length) return glyphs;
  const height = median(numerals.map((c) => c.y1 - c.y0));
  const bottom = median(numerals.map((c) => c.y1));
  const bracket = (c: Component) =>
    c.y1 - c.y0 >= BRACKET_HEIGHT * height && c.y1 >= bottom + BRACKET_BELOW * height && c.x1 - c.x0 <= BRACKET_MAX_WIDTH * (c.y1 - c.y0);
  return glyphs.slice(bracket(glyphs[0]!) ? 1 : 0, bracket(glyphs.at(-1)!) ? -1 : undefined);
}
/** Brackets of DejaVu Sans and Amiri: 1.4 times their numerals' height, 0.2 of it below them, a quarter as wide as tall. */
const BRACKET_HEIGHT = 1.25;
const BRACKET_BELOW = 0.1;
const BRACKET_MAX_WIDTH = 0.5;

const glyphCache = new WeakMap<Uint8Array, Component[]>();

/** Ink components of a line, computed once per line image (retries reuse them). */
export function lineGlyphs(img: Grey): Component[] {
  let comps = glyphCache.get(img.data);
  if (!comps) {
    comps = inkComponents(img).filter((c) => c.area >= 4);
    glyphCache.set(img.data, comps);
  }
  return comps;
}

const distanceCache = new WeakMap<Component, { key: string; d: Float64Array }>();

/** nearestByLabel for a component in a word context, remembered (the same glyph is asked often). */
function distancesOf(c: Component, imgWidth: number, refH: number, midY: number, t: Templates): Float64Array {
  const key = `${refH}:${midY}`;
  const hit = distanceCache.get(c);
  if (hit && hit.key === key) return hit.d;
  const d = nearestByLabel(features(c, imgWidth, refH, midY), t);
  distanceCache.set(c, { key, d });
  return d;
}

/**
 * Read the number in a recognised word from the glyphs inside the word's box. With `grow`, it
 * also takes in neighbouring glyphs that look like numerals, so that a number the recogniser
 * cut short ("٤/٥" of "٤/٥/٢٠١٦") is read whole, but only through a separator: growing into
 * any neighbouring glyph that looked like a numeral swallowed letters ("الفرع 235" → "23551").
 */
export type NumberAroundOptions = {
  /** take in neighbouring numeral glyphs, through a separator */
  grow?: boolean;
  /** read the digits in this set instead of choosing one */
  digitSet?: 'latin' | 'indic';
  /** null as soon as a glyph looks at least as much like a letter as like a numeral */
  onlyNumerals?: boolean;
  /**
   * Letters the recogniser read glued to the number inside the box (the era letter of
   * «١٣/١٢/١٩٩٦م», the «و» of «و٢»): how many on the left and on the right of the number as it
   * stands in the image, and how many numeral and separator characters it read between them.
   */
  gluedLetters?: { left: number; right: number; glyphs: number };
};

export function readNumberAround(
  comps: Component[],
  imgWidth: number,
  box: { x0: number; x1: number },
  opts: NumberAroundOptions = {},
): NumberReading | null {
  const { grow = false, digitSet, onlyNumerals = false, gluedLetters } = opts;
  const { inside, ref } = glyphsInSpan(comps, box);
  if (!ref) return null;
  const small = (c: Component) => c.y1 - c.y0 < 0.4 * ref.refH;
  const colonDot = (c: Component) =>
    small(c) && comps.some((o) => o !== c && small(o) && Math.min(o.x1, c.x1) - Math.max(o.x0, c.x0) > 0 && (o.y0 >= c.y1 || c.y0 >= o.y1));
  // glyphs far above or below the word's band belong to other marks, not to the number
  const inBand = (c: Component) => (c.y0 + c.y1) / 2 > ref.midY - ref.refH && (c.y0 + c.y1) / 2 < ref.midY + ref.refH;
  const group = new Set(inside.filter((c) => !colonDot(c) && inBand(c)));
  if (gluedLetters) {
    // a letter glued to a number stands about as tall as a numeral and alone (م، و، ص): to the
    // template matcher it often passes for one («٩/١/١٩٩٠م» was read «٨٩/١/١٩٩٠»). Where there
    // are more glyphs than numeral characters the recogniser read, the outermost glyphs on a
    // letter's side go to the letter, at most as many as letters it read there. (Asking the
    // templates which glyph is the letter took a numeral of an unknown font: «٨٦م» → «٦م».)
    const byX = [...group].filter((c) => c.y1 - c.y0 >= 0.3 * ref.refH).sort((a, b) => a.x0 + a.x1 - (b.x0 + b.x1));
    let lo = 0;
    let hi = byX.length;
    for (const side of ['left', 'right'] as const)
      for (let k = 0; k < gluedLetters[side] && hi - lo > gluedLetters.glyphs; k++) group.delete(side === 'left' ? byX[lo++]! : byX[--hi]!);
    if (!group.size) return null;
  }
  // numerals stand apart, each about as wide as tall or narrower: a wide glyph is joined
  // letters, known without a template (the templates' numerals: 95 % at most 1.25 wide to 1 tall)
  if (onlyNumerals && [...group].some((c) => c.y1 - c.y0 >= 0.6 * ref.refH && c.x1 - c.x0 > NUMERAL_MAX_ASPECT * (c.y1 - c.y0))) return null;
  const t = loadTemplates();
  // outside the recognised word a glyph must look more like a numeral than like a letter
  const labelOf = (c: Component) => bestLabel(distancesOf(c, imgWidth, ref.refH, ref.midY, t), 1);
  const sorted = comps.filter((c) => inBand(c) && !colonDot(c)).sort((a, b) => a.x0 - b.x0);
  // a number goes on past the recognised word only through a separator ("٤/٥" + "/٢٠١٦"):
  // growing into any neighbouring glyph that resembles a digit swallows letters (ا ~ ١)
  for (const dir of grow ? [-1, 1] : []) {
    const taken: Component[] = [];
    let edge = dir < 0 ? Math.min(...[...group].map((c) => c.x0)) : Math.max(...[...group].map((c) => c.x1));
    for (;;) {
      const next =
        dir < 0
          ? sorted.filter((c) => !group.has(c) && !taken.includes(c) && c.x1 <= edge + 1).sort((a, b) => b.x1 - a.x1)[0]
          : sorted.filter((c) => !group.has(c) && !taken.includes(c) && c.x0 >= edge - 1).sort((a, b) => a.x0 - b.x0)[0];
      if (!next) break;
      const gap = dir < 0 ? edge - next.x1 : next.x0 - edge;
      if (gap > 0.5 * ref.refH) break;
      const label = labelOf(next);
      if (label === 'X' || (taken.length === 0 && !SEPARATOR.has(label))) break;
      taken.push(next);
      edge = dir < 0 ? next.x0 : next.x1;
    }
    // keep what was taken up to its last digit, and on the right dots after it: they may be
    // zeros (classifyGroup tells)
    let lastDigit = -1;
    taken.forEach((c, i) => {
      if (!SEPARATOR.has(labelOf(c)) || (dir > 0 && lastDigit === i - 1 && labelOf(c) === '.')) lastDigit = i;
    });
    for (const c of taken.slice(0, lastDigit + 1)) group.add(c);
  }
  return classifyGroup(
    [...group].sort((a, b) => a.x0 + a.x1 - (b.x0 + b.x1)),
    imgWidth,
    digitSet,
    onlyNumerals,
  );
}

const NUMERAL_MAX_ASPECT = 1.6;

export const NUMERIC_CORE = /[0-9\u0660-\u0669](?:[0-9\u0660-\u0669/.\-]*[0-9\u0660-\u0669])?/;

/**
 * A number as the digit reader saw it (its glyphs left to right) in the order it is written.
 * The bidirectional algorithm (UAX #9) keeps a number joined by «/», «.» or «:» in one
 * left-to-right run, but not one joined by «-»: between Arabic-Indic digits, and between Latin
 * digits that follow Arabic letters (rule W2 makes them Arabic numbers), a hyphen is a neutral
 * that takes the paragraph's right-to-left direction (W4, N1). So «٩٠-٦١٢٤٠٢» and «البطاقة
 * 99-854041» are printed «٦١٢٤٠٢-٩٠» and «854041-99», and the groups between hyphens are read
 * back in reverse. `arabicBefore`: an Arabic letter comes before the number in the line (to
 * its right); Latin digits at a line's start, or after Latin text, stay one run.
 */
export function numberInReadingOrder(visual: string, arabicBefore: boolean): string {
  if (!/[0-9\u0660-\u0669]-[0-9\u0660-\u0669]/.test(visual)) return visual;
  if (!/[\u0660-\u0669]/.test(visual) && !arabicBefore) return visual;
  return visual.split('-').reverse().join('-');
}

/**
 * Replace the numeric part of a recognised word with the digit reader's reading, in reading
 * order (numberInReadingOrder). Where the reading ends in more zeros than the word's number,
 * the recogniser read those zeros as full stops beside the number («.٩١/ص» for «٤١٩٠/ص»), and
 * as many full stops go with it. A separator between a bracket and the number is the
 * recogniser's reading of the bracket's edge or of a numeral («عدد الموقوفين (٢٧)» came back
 * «(/٢٧)» in Amiri, Cairo and Tajawal): it goes too, since the reading has the whole number.
 */
export function mergeNumber(word: string, reading: NumberReading, arabicBefore = true): string {
  const core = NUMERIC_CORE.exec(word);
  if (!core) return word;
  let start = core.index;
  let end = start + core[0].length;
  let zeros = trailingZeros(reading.text) - trailingZeros(core[0]);
  for (; zeros > 0 && word[start - 1] === '.'; zeros--) start--;
  for (; zeros > 0 && word[end] === '.'; zeros--) end++;
  while (start > 1 && SEPARATOR.has(word[start - 1]!) && BRACKETS.has(word[start - 2]!)) start--;
  while (end < word.length - 1 && SEPARATOR.has(word[end]!) && BRACKETS.has(word[end + 1]!)) end++;
  return word.slice(0, start) + numberInReadingOrder(reading.text, arabicBefore) + word.slice(end);
}
const trailingZeros = (s: string) => /\u0660*$/.exec(s)![0].length;
const BRACKETS = new Set(['(', ')', '[', ']']);

export const hasDigit = (s: string) => /[0-9\u0660-\u0669\u06F0-\u06F9]/.test(s);

/** A footnote marker of a line: its number and the span of its parentheses, in the line image's pixels. */
export type FootnoteMarker = { x0: number; x1: number; text: string; confidence: number };

/**
 * Footnote markers. Printed books set a note's number small, in parentheses, above the line,
 * after the word it annotates («قومه⁽٣⁾»). The recogniser knows no such glyphs: it writes them
 * as quotes and signs («قومه)!"», «وستون”''») or nothing. A marker is found by its
 * parentheses: two ink components standing wholly above the line's body (their bottoms at most
 * MARKER_ABOVE_BODY of the body's height below its top), each at least MARKER_PAREN_MIN_HEIGHT
 * of the body tall and at most MARKER_PAREN_MAX_WIDTH as wide as tall, as tall as each other
 * and their tops level (within MARKER_PAREN_MATCH of their height), at most MARKER_MAX_GAP of
 * their height apart, with glyphs between them. Vowel marks and dots above the letters are
 * smaller and never come as such a pair; the straight strokes of letters standing high (a degraded
 * line, a table cell set above its row) do, and are told from parentheses by their bow
 * (MARKER_PAREN_BOW). The glyphs between are read against the Arabic-Indic
 * numerals' templates alone: a marker holds a number. On 78 tuning lines with 81 markers
 * (OpenITI's printed-book gold standard, lines with a parenthesised number): 66 found, 48 of
 * them with the right number, none where there is no marker, nor on 84 other book lines, 60
 * al-Muqtabas lines, the lines of 48 OCLC 1036721166 pages and of the 12 layout pages.
 * The body is the band of rows around the densest one holding at least half its ink.
 */
export function footnoteMarkers(comps: Component[], img: Grey): FootnoteMarker[] {
  const prof = new Float64Array(img.height);
  for (const c of comps) for (const p of c.pixels) prof[Math.floor(p / img.width)]!++;
  let base = 0;
  for (let y = 1; y < img.height; y++) if (prof[y]! > prof[base]!) base = y;
  if (!prof[base]) return [];
  let top = base;
  while (top > 0 && prof[top - 1]! >= 0.5 * prof[base]!) top--;
  let bottom = base;
  while (bottom < img.height - 1 && prof[bottom + 1]! >= 0.5 * prof[base]!) bottom++;
  const body = bottom - top + 1;
  const h = (c: Component) => c.y1 - c.y0;
  const parens = comps
    .filter((c) => c.y1 <= top + MARKER_ABOVE_BODY * body && h(c) >= MARKER_PAREN_MIN_HEIGHT * body && c.x1 - c.x0 <= MARKER_PAREN_MAX_WIDTH * h(c))
    .sort((a, b) => a.x0 - b.x0);
  const t = loadTemplates();
  const out: FootnoteMarker[] = [];
  let after = -1;
  for (let i = 0; i < parens.length; i++) {
    const left = parens[i]!;
    if (left.x0 < after) continue;
    for (const right of parens.slice(i + 1)) {
      const tall = Math.max(h(left), h(right));
      const gap = right.x0 - left.x1;
      if (gap <= 0 || gap > MARKER_MAX_GAP * tall) continue;
      if (Math.abs(h(left) - h(right)) > MARKER_PAREN_MATCH * tall || Math.abs(left.y0 - right.y0) > MARKER_PAREN_MATCH * tall) continue;
      // parentheses bow outwards; the straight strokes of letters (alef, lam) do not
      if (bow(left, img.width) < MARKER_PAREN_BOW || bow(right, img.width) > -MARKER_PAREN_BOW) continue;
      const y0 = Math.min(left.y0, right.y0) - 2;
      const y1 = Math.max(left.y1, right.y1) + 2;
      const inside = comps.filter((c) => c !== left && c !== right && c.x0 >= left.x1 - 1 && c.x1 <= right.x0 + 1 && c.y0 >= y0 && c.y1 <= y1);
      if (!inside.length) continue;
      const digitH = Math.max(...inside.map(h));
      // specks and the marks of a numeral printed in two pieces are not numerals of their own
      const numerals = inside.filter((c) => h(c) >= 0.3 * digitH).sort((a, b) => a.x0 - b.x0);
      const midY = (Math.min(...numerals.map((c) => c.y0)) + Math.max(...numerals.map((c) => c.y1))) / 2;
      let text = '';
      let worst = 0;
      for (const c of numerals) {
        const d = nearestByLabel(features(c, img.width, digitH, midY), t);
        const pick = nearestIn(d, INDIC);
        text += pick;
        worst = Math.max(worst, d[DIGIT_LABELS.indexOf(pick)]!);
      }
      out.push({ x0: left.x0, x1: right.x1, text, confidence: distanceScore(worst) });
      after = right.x1;
      break;
    }
  }
  return out;
}

const markerCache = new WeakMap<Uint8Array, FootnoteMarker[]>();

/** A line's footnote markers, found once per line image: every preparation of a line (retries) reads the same source. */
export function lineMarkers(img: Grey): FootnoteMarker[] {
  let markers = markerCache.get(img.data);
  if (!markers) {
    markers = footnoteMarkers(lineGlyphs(img), img);
    markerCache.set(img.data, markers);
  }
  return markers;
}

/** How far a glyph's middle rows stand left of its top and bottom rows (× its height): > 0 for «(», < 0 for «)», about 0 for a straight stroke. */
function bow(c: Component, width: number): number {
  const h = c.y1 - c.y0;
  const sum = [0, 0, 0];
  const n = [0, 0, 0];
  for (const p of c.pixels) {
    const y = Math.floor(p / width);
    const band = y < c.y0 + h / 4 ? 0 : y >= c.y1 - h / 4 ? 2 : 1;
    sum[band]! += p % width;
    n[band]!++;
  }
  if (!n[0] || !n[1] || !n[2]) return 0;
  return ((sum[0]! / n[0]! + sum[2]! / n[2]!) / 2 - sum[1]! / n[1]!) / h;
}
const MARKER_ABOVE_BODY = 0.35;
const MARKER_PAREN_MIN_HEIGHT = 0.6;
const MARKER_PAREN_MAX_WIDTH = 0.6;
const MARKER_PAREN_MATCH = 0.25;
const MARKER_MAX_GAP = 2.5;
/**
 * How far each parenthesis' middle must stand out from its ends (× its height): the markers of
 * the tuning lines bow 0.08–0.14, the letters' strokes taken for parentheses without this test
 * (alefs above a degraded line's body on OCLC 1036721166 pages, a table cell set high) 0.05 at
 * most, most under 0.03.
 */
const MARKER_PAREN_BOW = 0.06;
