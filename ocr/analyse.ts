/**
 * Page analysis on raw greyscale pixels (pure functions, no I/O): adaptive binarisation,
 * skew estimation, and text-line finding by projection profiles.
 */

export type Grey = { data: Uint8Array; width: number; height: number };

/** The middle value of `xs` (the upper one of an even count), 0 for none; `xs` is left as it is. */
export const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
export type Bin = { data: Uint8Array; width: number; height: number }; // 1 = ink

/**
 * Count of each grey level (0–255) in `data`. Four interleaved tables, so that a run of one
 * level (paper) does not make every count wait on the one before it.
 */
export function greyHistogram(data: Uint8Array): Uint32Array {
  const t = new Uint32Array(1024);
  const n4 = data.length & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    t[data[i]!]!++;
    t[256 + data[i + 1]!]!++;
    t[512 + data[i + 2]!]!++;
    t[768 + data[i + 3]!]!++;
  }
  for (; i < data.length; i++) t[data[i]!]!++;
  const hist = new Uint32Array(256);
  for (let v = 0; v < 256; v++) hist[v] = t[v]! + t[256 + v]! + t[512 + v]! + t[768 + v]!;
  return hist;
}

/**
 * Local-mean (Bradley) threshold with an integral image: a pixel is ink when it is darker than
 * its neighbourhood mean by a fraction `k` and by at least `minContrast` grey levels (so flat
 * paper with noise stays paper). Window about `win` pixels.
 */
export function binarize(img: Grey, win: number, k = 0.12, minContrast = 12): Bin {
  const { width: w, height: h, data } = img;
  const W = w + 1;
  const sum = new Uint32Array(W * (h + 1));
  for (let y = 0; y < h; y++) {
    let rs = 0;
    const row = (y + 1) * W;
    const prev = y * W;
    for (let x = 0; x < w; x++) {
      rs += data[y * w + x]!;
      sum[row + x + 1] = sum[prev + x + 1]! + rs;
    }
  }
  const r = Math.max(2, Math.floor(win / 2));
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = y - r < 0 ? 0 : y - r;
    const y1 = y + r + 1 > h ? h : y + r + 1;
    const a = y1 * W;
    const b = y0 * W;
    for (let x = 0; x < w; x++) {
      const x0 = x - r < 0 ? 0 : x - r;
      const x1 = x + r + 1 > w ? w : x + r + 1;
      const n = (y1 - y0) * (x1 - x0);
      const m = (sum[a + x1]! - sum[b + x1]! - sum[a + x0]! + sum[b + x0]!) / n;
      const v = data[y * w + x]!;
      out[y * w + x] = v < m * (1 - k) && v < m - minContrast ? 1 : 0;
    }
  }
  return { data: out, width: w, height: h };
}

/**
 * Remove ink components that are not text for layout purposes: specks smaller than
 * `minPixels`, and components much taller than the page's typical glyph (stamp rings,
 * signatures, vertical rules, frames) which would otherwise join every line they cross.
 * The typical glyph height (75th percentile) comes back with the image: ruling lines are
 * measured in it, and labelling the page's components again to find it costs as much.
 */
export function despeckle(bin: Bin, minPixels: number, maxHeightFactor = 5): Bin & { typicalHeight: number } {
  const { width: w, height: h } = bin;
  const data = bin.data.slice();
  const comps = labelComponents(bin);
  const heights = comps
    .filter((c) => c.area >= minPixels)
    .map((c) => c.y1 - c.y0)
    .sort((a, b) => a - b);
  const typicalHeight = heights[Math.floor(heights.length * 0.75)] ?? h;
  for (const c of comps) {
    const tall = c.y1 - c.y0 > maxHeightFactor * typicalHeight;
    if (c.area < minPixels || tall) for (const p of c.pixels) data[p] = 0;
  }
  return { data, width: w, height: h, typicalHeight };
}

/**
 * Ruling lines (table grids, underlines, frames): ink pixels on a straight vertical run of at
 * least `minV` pixels or a horizontal run of at least `minH`, dilated by one pixel. Text strokes
 * are far shorter; a stamp ring's straightest stretch is too (its run is ~√(2·radius·stroke)).
 */
export function ruleMask(bin: Bin, minV: number, minH: number): Bin {
  const { width: w, height: h, data } = bin;
  const mark = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    let s = -1;
    for (let x = 0; x <= w; x++) {
      const on = x < w && data[y * w + x];
      if (on && s < 0) s = x;
      if (!on && s >= 0) {
        if (x - s >= minH) mark.fill(1, y * w + s, y * w + x);
        s = -1;
      }
    }
  }
  for (let x = 0; x < w; x++) {
    let s = -1;
    for (let y = 0; y <= h; y++) {
      const on = y < h && data[y * w + x];
      if (on && s < 0) s = y;
      if (!on && s >= 0) {
        if (y - s >= minV) for (let k = s; k < y; k++) mark[k * w + x] = 1;
        s = -1;
      }
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (!mark[y * w + x]) continue;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < w) out[yy * w + xx] = 1;
        }
      }
    }
  return { data: out, width: w, height: h };
}

/** An 8-connected ink component: bounding box (end-exclusive), pixel count and pixel indices. */
export type Component = { x0: number; y0: number; x1: number; y1: number; area: number; pixels: Int32Array };

/**
 * The 8-connected components of a binary image (4-connected with `fourConnected`: a region that
 * must not leak through pixels touching at a corner, such as a photographed sheet), in scan
 * order of their first pixel (one labeller for layout, digits and the sheet finder). Every ink
 * pixel is queued once in one array, component after component, each component's pixels being
 * its stretch of that array (breadth first).
 */
export function labelComponents(bin: Bin, fourConnected = false): Component[] {
  const { width: w, height: h, data } = bin;
  let ink = 0;
  for (let i = 0; i < w * h; i++) if (data[i]) ink++;
  const queue = new Int32Array(ink);
  const seen = new Uint8Array(w * h);
  const comps: Component[] = [];
  let tail = 0;
  for (let i = 0; i < w * h; i++) {
    if (!data[i] || seen[i]) continue;
    seen[i] = 1;
    const start = tail;
    queue[tail++] = i;
    let x0 = w;
    let y0 = h;
    let x1 = 0;
    let y1 = 0;
    for (let k = start; k < tail; k++) {
      const p = queue[k]!;
      const y = (p / w) | 0;
      const x = p - y * w;
      if (y < y0) y0 = y;
      if (y >= y1) y1 = y + 1;
      if (x < x0) x0 = x;
      if (x >= x1) x1 = x + 1;
      const xa = x > 0 ? -1 : 0;
      const xb = x + 1 < w ? 1 : 0;
      const ya = y > 0 ? -1 : 0;
      const yb = y + 1 < h ? 1 : 0;
      if (fourConnected) {
        for (const q of [p + xa, p + xb, p + ya * w, p + yb * w])
          if (data[q] && !seen[q]) {
            seen[q] = 1;
            queue[tail++] = q;
          }
        continue;
      }
      for (let dy = ya; dy <= yb; dy++)
        for (let q = p + dy * w + xa, end = p + dy * w + xb; q <= end; q++)
          if (data[q] && !seen[q]) {
            seen[q] = 1;
            queue[tail++] = q;
          }
    }
    comps.push({ x0, y0, x1, y1, area: tail - start, pixels: queue.subarray(start, tail) });
  }
  return comps;
}

/** Skew of the text lines in degrees (positive: lines fall to the right, i.e. clockwise). */
export function estimateSkew(bin: Bin, maxDeg = 6): number {
  const { width: w, height: h, data } = bin;
  const xs: number[] = [];
  const ys: number[] = [];
  // subsample ink pixels for speed
  const step = Math.max(1, Math.floor((w * h) / 400_000));
  for (let i = 0; i < w * h; i += step) {
    if (data[i]) {
      xs.push(i % w);
      ys.push(Math.floor(i / w));
    }
  }
  if (xs.length < 50) return 0;
  const bins = new Float64Array(h * 2 + 8);
  const scoreAt = (deg: number) => {
    const t = (deg * Math.PI) / 180;
    const s = Math.sin(t);
    const c = Math.cos(t);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const y = Math.round(ys[i]! * c - (xs[i]! - w / 2) * s) + h / 2;
      if (y >= 0 && y < bins.length) bins[Math.floor(y)]! += 1;
    }
    let score = 0;
    for (let i = 0; i < bins.length; i++) score += bins[i]! * bins[i]!;
    return score;
  };
  let best = 0;
  let bestScore = -1;
  for (let d = -maxDeg; d <= maxDeg + 1e-9; d += 0.5) {
    const sc = scoreAt(d);
    if (sc > bestScore) {
      bestScore = sc;
      best = d;
    }
  }
  const coarse = best;
  for (let d = coarse - 0.5; d <= coarse + 0.5 + 1e-9; d += 0.05) {
    const sc = scoreAt(d);
    if (sc > bestScore) {
      bestScore = sc;
      best = d;
    }
  }
  return Math.round(best * 100) / 100;
}

/** Share of the width that one run of ink must cross for a row to be a border or a rule. */
const RULE_ROW = 0.6;

/** The longest run of ink (1) among `n` pixels of `data` from `start`. */
function longestRun(data: Uint8Array, start: number, n: number): number {
  let best = 0;
  let run = 0;
  for (let i = start, end = start + n; i < end; i++) {
    run = data[i] ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** A row is part of a short line's faint edge while it holds this share of the line's densest row's ink. */
const FAINT_ROW = 0.1;
/**
 * A run or band under this many line heights is small: marks detached from a line's body, or a
 * short line, which is measured again against its own densest row.
 */
const SHORT_BAND = 0.6;
/** A band under this many line heights is too thin to be text once grown (a line's marks are thinner). */
const THIN_BAND = 0.35;
/** A short band grows by at most this many line heights into its faint rows, on each side. */
const GROW_LIMIT = 0.4;
/** Share of a band's rows that must reach the page's row threshold for it to be text. */
const INK_ROWS = 0.5;

/**
 * Depth (0 = top, 1 = bottom) of a line image's densest ink row within the rows that hold
 * ink, or null for a blank image. Printed Arabic runs along a baseline under letters that rise
 * higher than they fall: the baseline row, upright, lies in the lower half (0.51–0.74 on the
 * longest lines of OpenITI book pages and al-Muqtabas), and turned 180° in the upper half.
 * `line`: dark ink on light paper. Rows count as ink from 5 % of the densest row's ink.
 */
export function baselineDepth(line: Grey): number | null {
  const { data, width, height } = line;
  const rows = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    let ink = 0;
    for (let i = y * width, end = i + width; i < end; i++) ink += 255 - data[i]!;
    rows[y] = ink;
  }
  let densest = 0;
  for (let y = 1; y < height; y++) if (rows[y]! > rows[densest]!) densest = y;
  const floor = rows[densest]! * BASELINE_INK_FLOOR;
  if (!rows[densest]) return null;
  let top = 0;
  while (rows[top]! < floor) top++;
  let bottom = height - 1;
  while (rows[bottom]! < floor) bottom--;
  return bottom > top ? (densest - top) / (bottom - top) : null;
}
const BASELINE_INK_FLOOR = 0.05;

export type LineBand = { y0: number; y1: number; x0: number; x1: number; core: number };

/**
 * Text lines of a deskewed binary page: bands of rows with ink, joined with the dots and
 * marks above and below them, then split horizontally where a gap is wider than
 * `splitGapFactor` × the line height (side-by-side columns).
 */
export function findLines(bin: Bin, opts: { splitGapFactor?: number } = {}): LineBand[] {
  const { width: w, height: h, data } = bin;
  const prof = new Float64Array(h);
  for (let y = 0; y < h; y++) {
    let n = 0;
    for (let x = 0; x < w; x++) n += data[y * w + x]!;
    prof[y] = n;
  }
  // a row crossed by one run of ink over most of the width is a border or a rule, not text; a
  // text line's baseline row can hold as much ink (Arabic letters join along it, and a line image
  // is cropped to its text) but is broken between words
  for (let y = 0; y < h; y++) if (prof[y]! > RULE_ROW * w && longestRun(data, y * w, w) > RULE_ROW * w) prof[y] = 0;
  const maxP = Math.max(...prof);
  if (maxP === 0) return [];
  const thr = Math.max(1, maxP * 0.03);
  const runs: { y0: number; y1: number; mass: number }[] = [];
  let start = -1;
  for (let y = 0; y <= h; y++) {
    const on = y < h && prof[y]! >= thr;
    if (on && start < 0) start = y;
    if (!on && start >= 0) {
      let mass = 0;
      for (let k = start; k < y; k++) mass += prof[k]!;
      runs.push({ y0: start, y1: y, mass });
      start = -1;
    }
  }
  if (!runs.length) return [];
  // typical line: the median height of the runs with substantial mass
  const heavy = runs.filter((r) => r.mass > 0.15 * Math.max(...runs.map((q) => q.mass)));
  const heights = heavy.map((r) => r.y1 - r.y0).sort((a, b) => a - b);
  const lineH = heights[Math.floor(heights.length / 2)] ?? 10;
  // join runs separated by a small gap (dots, hamza, vowel marks detached from the body). A small
  // run more than twice as near the run below as the one above is the top of the line below (the
  // hamza and ascenders of a short line set close under a heading) and joins that one instead,
  // when that is a line's body, or small runs that hold one (a short line's rows reach the page's
  // threshold in pieces); small runs of marks alone (a letter's tail under a short line, close
  // above the next line) stay with the line above
  const merged: { y0: number; y1: number; mass: number }[] = [];
  const small = (q: { y0: number; y1: number }) => q.y1 - q.y0 < SHORT_BAND * lineH;
  const near = (upper: { y1: number }, lower: { y0: number }) => lower.y0 - upper.y1 < 0.35 * lineH;
  const joins = (upper: { y0: number; y1: number }, lower: { y0: number; y1: number }) =>
    near(upper, lower) && (small(upper) || small(lower)) && lower.y1 - upper.y0 < 1.6 * lineH;
  // the small runs from i on, each near the one before, hold a line's body (a run not thin)
  const bodyInSmallRuns = (i: number) => {
    for (let k = i; k < runs.length && small(runs[k]!) && (k === i || near(runs[k - 1]!, runs[k]!)); k++)
      if (runs[k]!.y1 - runs[k]!.y0 >= THIN_BAND * lineH) return true;
    return false;
  };
  for (const [i, r] of runs.entries()) {
    const last = merged[merged.length - 1];
    const next = runs[i + 1];
    const topOfNext =
      last && next && small(r) && !small(last) && 2 * (next.y0 - r.y1) < r.y0 - last.y1 && (small(next) ? bodyInSmallRuns(i + 1) : joins(r, next));
    if (last && !topOfNext && joins(last, r)) {
      last.y1 = r.y1;
      last.mass += r.mass;
    } else merged.push({ ...r });
  }
  // split bands that hold two lines touching each other (tight spacing, skew, noise)
  const split: { y0: number; y1: number; mass: number }[] = [];
  const cut = (r: { y0: number; y1: number; mass: number }) => {
    if (r.y1 - r.y0 < 1.6 * lineH) {
      split.push(r);
      return;
    }
    let best = -1;
    let bestV = Infinity;
    for (let y = r.y0 + Math.round(0.6 * lineH); y < r.y1 - Math.round(0.6 * lineH); y++)
      if (prof[y]! < bestV) {
        bestV = prof[y]!;
        best = y;
      }
    if (best < 0) {
      split.push(r);
      return;
    }
    let m1 = 0;
    for (let k = r.y0; k < best; k++) m1 += prof[k]!;
    cut({ y0: r.y0, y1: best, mass: m1 });
    cut({ y0: best, y1: r.y1, mass: r.mass - m1 });
  };
  merged.forEach(cut);
  // The row threshold is set by the page's densest row, so a short line (a date under a verse, a
  // signature) keeps only its densest rows: its ascenders, dots and digit tops fall below it and
  // it comes out thinner than text may be (seen on real periodical pages; a paragraph's last word
  // under a printed book's line came out as two slivers of rows). A band under SHORT_BAND line
  // heights is measured again against its own densest row, taking in the faint rows around it (at
  // most GROW_LIMIT line heights, never past the middle of the gap to the next band). Bands thick
  // enough already are left as they are.
  const thin = (r: { y0: number; y1: number }) => r.y1 - r.y0 < THIN_BAND * lineH;
  const grown = split.map((r, i) => {
    if (!small(r)) return r;
    let peak = 0;
    for (let y = r.y0; y < r.y1; y++) peak = Math.max(peak, prof[y]!);
    const faint = Math.max(1, FAINT_ROW * peak);
    const cap = Math.round(GROW_LIMIT * lineH);
    const above = i > 0 ? Math.ceil((split[i - 1]!.y1 + r.y0) / 2) : 0;
    const below = i + 1 < split.length ? Math.floor((r.y1 + split[i + 1]!.y0) / 2) : h;
    const g = { ...r };
    for (let k = 0; k < cap && g.y0 - 1 >= above && prof[g.y0 - 1]! >= faint; k++) g.mass += prof[--g.y0]!;
    for (let k = 0; k < cap && g.y1 < below && prof[g.y1]! >= faint; k++) g.mass += prof[g.y1++]!;
    return g;
  });
  // drop bands too thin to be text, and bands made mostly of the gap between specks joined across
  // it; judged on the rows above the threshold, since a short line's faint rows would count as gap
  const inkRows = (r: { y0: number; y1: number }) => {
    let n = 0;
    for (let y = r.y0; y < r.y1; y++) if (prof[y]! >= thr) n++;
    return n;
  };
  const bands = grown.filter((r, i) => !thin(r) && inkRows(split[i]!) >= INK_ROWS * (split[i]!.y1 - split[i]!.y0));
  const splitGap = (opts.splitGapFactor ?? 4) * lineH;
  const out: LineBand[] = [];
  for (const b of bands) {
    const col = new Uint16Array(w);
    for (let y = b.y0; y < b.y1; y++) for (let x = 0; x < w; x++) col[x]! += data[y * w + x]!;
    // ink columns, ignoring single specks
    const segs: { x0: number; x1: number; mass: number }[] = [];
    let s = -1;
    let lastInk = -1;
    let mass = 0;
    for (let x = 0; x < w; x++) {
      if (col[x]! > 0) {
        if (s < 0) s = x;
        else if (x - lastInk > splitGap) {
          segs.push({ x0: s, x1: lastInk + 1, mass });
          s = x;
          mass = 0;
        }
        lastInk = x;
        mass += col[x]!;
      }
    }
    if (s >= 0) segs.push({ x0: s, x1: lastInk + 1, mass });
    const bh = b.y1 - b.y0;
    // body height: rows holding at least 30% of the band's densest row (ignores dots and marks)
    let peak = 0;
    for (let y = b.y0; y < b.y1; y++) peak = Math.max(peak, prof[y]!);
    let core = 0;
    for (let y = b.y0; y < b.y1; y++) if (prof[y]! >= 0.3 * peak) core++;
    for (const g of segs) {
      // a fragment must hold enough ink to be a word (not a stray speck at the margin)
      if (g.mass < 0.5 * bh * Math.min(bh, 8) && g.x1 - g.x0 < bh) continue;
      out.push({ y0: b.y0, y1: b.y1, x0: g.x0, x1: g.x1, core });
    }
  }
  return out;
}


/** Two sides whose lines share baselines this often are rows read across, not columns. */
const ROWS_ALIGNED = 0.7;

/** The rectangle [x0, x1) × [y0, y1) of a binary image, as an image of its own. */
export function cropBin(bin: Bin, x0: number, y0: number, x1: number, y1: number): Bin {
  const w = x1 - x0;
  const h = y1 - y0;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(bin.data.subarray((y0 + y) * bin.width + x0, (y0 + y) * bin.width + x1), y * w);
  return { data, width: w, height: h };
}

/**
 * Bands whose two sides share baselines across a single gutter (see findBlocks) are read as
 * rows by default. Geometry alone cannot tell verse in two hemistichs from two columns set on
 * the same leading, so the caller is told of each such gutter (`onAlignedRows`, bin pixels) and
 * may ask for them to be cut into columns after all (`alignedRows: 'columns'`).
 */
export type AlignedRowsOptions = {
  alignedRows?: 'rows' | 'columns';
  onAlignedRows?: (gutter: { x0: number; y0: number; x1: number; y1: number }) => void;
};

/** A text block of a page: a column, or a fragment of a neighbouring page caught at the edge. */
export type TextBlock = { x0: number; y0: number; x1: number; y1: number; kind: 'text' | 'fragment' };

/**
 * Text blocks of a deskewed binary page in reading order (Arabic: top to bottom; blocks side by
 * side right to left), found before lines so that a line never runs across a column gap.
 * Recursive cuts in the manner of an XY-cut, but a vertical cut is made only where it is safe
 * for the documents this reads, whose tables and two-block letterheads are ordered later from
 * the recognised words (ocr/layout.ts) and must not be cut into columns here:
 * - a narrow block (under a quarter of the width, at least 5 glyph heights tall) cut by the
 *   image's left or right edge, beyond a white gutter of at least 0.8 glyph heights running its
 *   whole height (inside a column of text no white run goes from top to bottom), is a fragment
 *   of the facing page or the next sheet: kind 'fragment' (left out of the reading order by the caller); narrower than 2
 *   glyph heights it is a scanner's edge shadow or a border line, not text, and no cut is made;
 * - two columns: exactly one white gutter of at least 2 glyph heights running the whole height
 *   of a band at least 4 glyph heights tall, with no other white run of 0.8 glyph heights
 *   (a table has several), both sides at least 30 % of the width of the page's text (a
 *   table's columns, gutters narrowed by the grid's removal, are narrower), and fewer than 70 %
 *   of the lines of one side on a baseline of the other: lines side by side on the same
 *   baselines are rows read across the gutter (verse in two hemistichs, whose transcription
 *   reads verse by verse: cutting al-Muqtabas p. 5 into columns took it from 15.2 % to 39.4 %
 *   CER; two text blocks of the same type and leading can share baselines too: the caller
 *   decides those with another reading, see AlignedRowsOptions).
 * Bands are the region's stretches between white rows of at least 1.2 glyph heights; bands
 * that are not cut are joined again, so a table or a paragraph stays one block.
 * `typicalHeight`: the page's typical glyph height in pixels (despeckle's).
 */
export function findBlocks(bin: Bin, typicalHeight: number, opts: AlignedRowsOptions = {}): TextBlock[] {
  const { width: W, height: H, data } = bin;
  const t = Math.max(2, typicalHeight);
  const inkRows = (x0: number, x1: number, y0: number, y1: number) => {
    const p = new Uint32Array(y1 - y0);
    for (let y = y0; y < y1; y++) {
      let n = 0;
      for (let x = x0; x < x1; x++) n += data[y * W + x]!;
      p[y - y0] = n;
    }
    return p;
  };
  const inkCols = (x0: number, x1: number, y0: number, y1: number) => {
    const p = new Uint32Array(x1 - x0);
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) p[x - x0]! += data[y * W + x]!;
    return p;
  };
  /** [start, end) runs of a profile at or below `tol`, inside its first and last ink. */
  const whiteRuns = (p: Uint32Array, tol: number) => {
    const runs: [number, number][] = [];
    let first = 0;
    while (first < p.length && p[first]! <= tol) first++;
    let last = p.length - 1;
    while (last >= 0 && p[last]! <= tol) last--;
    let s = -1;
    for (let i = first; i <= last + 1; i++) {
      const white = i <= last && p[i]! <= tol;
      if (white && s < 0) s = i;
      if (!white && s >= 0) {
        runs.push([s, i]);
        s = -1;
      }
    }
    return { first, last: last + 1, runs };
  };

  const cut = (x0: number, y0: number, x1: number, y1: number, depth: number): TextBlock[] => {
    if (x1 - x0 < 2 || y1 - y0 < 2) return [];
    // trim to the ink
    const rows = whiteRuns(inkRows(x0, x1, y0, y1), 0);
    if (rows.first >= rows.last) return [];
    const cols = whiteRuns(inkCols(x0, x1, y0 + rows.first, y0 + rows.last), 0);
    const bx0 = x0 + cols.first;
    const bx1 = x0 + cols.last;
    const by0 = y0 + rows.first;
    const by1 = y0 + rows.last;
    const whole: TextBlock = { x0: bx0, y0: by0, x1: bx1, y1: by1, kind: 'text' };
    if (depth > 6) return [whole];
    // bands between wide white rows
    const bandRows = whiteRuns(inkRows(bx0, bx1, by0, by1), 0).runs.filter(([a, b]) => b - a >= 1.2 * t);
    const bands: [number, number][] = [];
    let start = by0;
    for (const [a, b] of bandRows) {
      bands.push([start, by0 + a]);
      start = by0 + b;
    }
    bands.push([start, by1]);
    const out: TextBlock[] = [];
    let plain = null as TextBlock | null;
    const flush = () => {
      if (plain) out.push(plain);
      plain = null;
    };
    for (const [ya, yb] of bands) {
      const split = verticalCut(bx0, bx1, ya, yb);
      if (!split) {
        plain = plain ? { ...plain, x0: Math.min(plain.x0, bx0), x1: Math.max(plain.x1, bx1), y1: yb } : { x0: bx0, y0: ya, x1: bx1, y1: yb, kind: 'text' };
        continue;
      }
      flush();
      if (split.fragment) {
        out.push({ ...split.fragment, kind: 'fragment' });
        out.push(...cut(split.rest[0], ya, split.rest[1], yb, depth + 1));
      } else {
        // right column first
        out.push(...cut(split.right[0], ya, split.right[1], yb, depth + 1));
        out.push(...cut(split.left[0], ya, split.left[1], yb, depth + 1));
      }
    }
    flush();
    // a single plain band: the trimmed region, re-bounded to its own ink
    return out.length === 1 && out[0]!.kind === 'text' ? [{ ...out[0]!, x0: bx0, x1: bx1 }] : out;
  };

  type Split =
    | { fragment: Omit<TextBlock, 'kind'>; rest: [number, number]; right?: never; left?: never }
    | { fragment?: never; rest?: never; right: [number, number]; left: [number, number] };

  const verticalCut = (x0: number, x1: number, y0: number, y1: number): Split | null => {
    const h = y1 - y0;
    if (h < 4 * t) return null;
    const prof = inkCols(x0, x1, y0, y1);
    const tol = Math.floor(0.01 * h);
    const { first, last, runs } = whiteRuns(prof, tol);
    if (first >= last) return null;
    const ix0 = x0 + first;
    const ix1 = x0 + last;
    const inkW = ix1 - ix0;
    const abs = (r: [number, number]) => [x0 + r[0], x0 + r[1]] as [number, number];
    // a fragment cut by the left or right edge of the image
    const narrow = runs.filter(([a, b]) => b - a >= 0.8 * t).map(abs);
    const edge = Math.max(2, 0.005 * W);
    if (h >= 5 * t && narrow.length) {
      const [la, lb] = narrow[0]!;
      if (ix0 <= edge && la - ix0 < 0.25 * inkW && la - ix0 >= 2 * t) return { fragment: { x0: ix0, y0, x1: la, y1 }, rest: [lb, ix1] };
      const [ra, rb] = narrow[narrow.length - 1]!;
      if (ix1 >= W - edge && ix1 - rb < 0.25 * inkW && ix1 - rb >= 2 * t) return { fragment: { x0: rb, y0, x1: ix1, y1 }, rest: [ix0, ra] };
    }
    const gutters = runs.filter(([a, b]) => b - a >= 2 * t).map(abs);
    // two columns
    if (gutters.length !== 1 || narrow.length !== 1) return null;
    const [ga, gb] = gutters[0]!;
    if (ga - ix0 < 0.3 * pageInkW || ix1 - gb < 0.3 * pageInkW) return null;
    // lines side by side on the same baselines are rows read across the gutter (verse in two
    // hemistichs, a form's label and value), not two columns
    const agreement = rowAgreement(ix0, ga, gb, ix1, y0, y1);
    if (agreement >= ROWS_ALIGNED) {
      opts.onAlignedRows?.({ x0: ga, y0, x1: gb, y1 });
      if (opts.alignedRows !== 'columns') return null;
    }
    return { right: [gb, ix1], left: [ix0, ga] };
  };

  /**
   * Share of one side's lines that have a line on the other side on the same baseline (centres
   * within a quarter of a line height), over the side with fewer lines.
   */
  const rowAgreement = (lx0: number, lx1: number, rx0: number, rx1: number, y0: number, y1: number) => {
    const centres = (x0: number, x1: number) => {
      return findLines(cropBin(bin, x0, y0, x1, y1)).map((l) => ({ c: (l.y0 + l.y1) / 2, h: l.y1 - l.y0 }));
    };
    const [a, b] = [centres(lx0, lx1), centres(rx0, rx1)].sort((p, q) => p.length - q.length) as [{ c: number; h: number }[], { c: number; h: number }[]];
    if (!a.length) return 0;
    const matched = a.filter((l) => b.some((r) => Math.abs(r.c - l.c) <= 0.25 * Math.max(l.h, r.h))).length;
    return matched / a.length;
  };

  let pageInkW = W;
  {
    const cols = whiteRuns(inkCols(0, W, 0, H), 0);
    pageInkW = Math.max(1, cols.last - cols.first);
  }
  return cut(0, 0, W, H, 0);
}
