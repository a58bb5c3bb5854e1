/**
 * Shared code for the generators of derived pages from real scans (make-real-hard.ts,
 * make-real-lines.ts): reading a folder of pages with NAME.txt ground truth, grey pixel buffers,
 * and text-line finding by horizontal projection profile.
 *
 * Line geometry: the source transcriptions (OpenArabicPE PAGE-XML / txt) carry no line
 * coordinates, so lines are found on the image. A line is matched to the truth line of the same
 * rank ONLY when the number of lines found equals the number of non-empty truth lines (after
 * dropping a page-number header line, see `alignLines`); a page where the counts differ gives
 * no line images at all, so a wrong match cannot come from a miscounted line.
 */
import sharp from 'sharp';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { rng } from './fonts.ts';

/** 8-bit single-channel image, row-major; 0 = black ink, 255 = white paper. */
export type Grey = { data: Uint8Array; width: number; height: number };

/** One source page: image path, truth lines (non-empty, trimmed, in reading order). */
export type SourcePage = { name: string; image: string; lines: string[] };

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.tif', '.tiff']);

export function listPages(dir: string): SourcePage[] {
  const out: SourcePage[] = [];
  for (const f of readdirSync(dir).sort()) {
    const ext = extname(f).toLowerCase();
    if (!IMAGE_EXT.has(ext)) continue;
    const name = basename(f, extname(f));
    const txt = join(dir, name + '.txt');
    if (!existsSync(txt)) continue;
    const lines = readFileSync(txt, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    out.push({ name, image: join(dir, f), lines });
  }
  return out;
}

export async function loadGrey(file: string): Promise<Grey> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected 1 channel, got ${info.channels}: ${file}`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

export function crop(g: Grey, x0: number, y0: number, w: number, h: number): Grey {
  const out = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < h; y++) {
    const sy = y0 + y;
    if (sy < 0 || sy >= g.height) continue;
    for (let x = 0; x < w; x++) {
      const sx = x0 + x;
      if (sx >= 0 && sx < g.width) out[y * w + x] = g.data[sy * g.width + sx]!;
    }
  }
  return { data: out, width: w, height: h };
}

export const toSharp = (g: Grey) => sharp(Buffer.from(g.data.buffer, g.data.byteOffset, g.data.length), { raw: { width: g.width, height: g.height, channels: 1 } });

export async function resizeGrey(g: Grey, width: number, height: number): Promise<Grey> {
  const { data, info } = await toSharp(g).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`resize gave ${info.channels} channels`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** A text line band: rows [top, bottom) and ink columns [left, right) in page pixels. */
export type Band = { top: number; bottom: number; left: number; right: number; ink: number };

/** Dark pixels per row inside the central 94 % of the width. */
function rowProfile(g: Grey): { prof: Float64Array; x0: number; x1: number } {
  const { data, width, height } = g;
  const x0 = Math.round(width * 0.03), x1 = Math.round(width * 0.97);
  const prof = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    let n = 0;
    const row = y * width;
    for (let x = x0; x < x1; x++) if (data[row + x]! < 128) n++;
    prof[y] = n;
  }
  return { prof, x0, x1 };
}

/**
 * Line pitch in rows: the smallest lag (40..600) at a local maximum of the profile's
 * autocorrelation that reaches 70 % of the highest value there (larger peaks are multiples).
 */
function linePitch(prof: Float64Array): number {
  const n = prof.length;
  let mean = 0;
  for (const v of prof) mean += v;
  mean /= n;
  const hi = Math.min(600, Math.floor(n / 3));
  const ac = new Float64Array(hi + 2);
  for (let lag = 40; lag <= hi + 1; lag++) {
    let s = 0;
    for (let y = 0; y + lag < n; y++) s += (prof[y]! - mean) * (prof[y + lag]! - mean);
    ac[lag] = s / (n - lag);
  }
  let max = 0;
  for (let lag = 41; lag <= hi; lag++) max = Math.max(max, ac[lag]!);
  for (let lag = 41; lag <= hi; lag++) if (ac[lag]! >= max * 0.7 && ac[lag]! >= ac[lag - 1]! && ac[lag]! >= ac[lag + 1]!) return lag;
  return 100;
}

/**
 * Text lines by horizontal projection profile (page must be upright with near-zero skew, as the
 * OpenArabicPE scans are). Rows with ink inside the central 94 % of the width are counted; the
 * profile is smoothed over a quarter of the line pitch (autocorrelation), each local maximum at
 * least 0.6 pitches from a higher one is a line centre when the profile falls to under half its
 * height on both sides (or white) before the next centre, and lines are cut at the profile
 * minimum between centres (lines of this print touch: ascenders and vowel marks reach the line
 * above, so there is often no white row between them). Each band is then trimmed to its inked
 * rows. A first band narrower than 15 % of the widest band is the page number (`header`).
 */
export function findLines(g: Grey): { bands: Band[]; header: Band | null; pitch: number } {
  const { data, width, height } = g;
  const { prof, x0, x1 } = rowProfile(g);
  const pitch = linePitch(prof);
  const half = Math.max(2, Math.round(pitch / 8));
  const sm = new Float64Array(height);
  let acc = 0;
  for (let y = 0; y < height + half; y++) {
    if (y < height) acc += prof[y]!;
    if (y - 2 * half - 1 >= 0) acc -= prof[y - 2 * half - 1]!;
    const c = y - half;
    if (c >= 0 && c < height) sm[c] = acc / (2 * half + 1);
  }
  let max = 0;
  for (const v of sm) max = Math.max(max, v);
  // candidate centres: local maxima, strongest first, none within 0.6 pitch of a stronger one
  const cands: number[] = [];
  for (let y = 1; y < height - 1; y++) if (sm[y]! > max * 0.01 && sm[y]! >= sm[y - 1]! && sm[y]! > sm[y + 1]!) cands.push(y);
  cands.sort((a, b) => sm[b]! - sm[a]!);
  const centres: number[] = [];
  for (const c of cands) if (centres.every((k) => Math.abs(k - c) >= pitch * 0.6)) centres.push(c);
  centres.sort((a, b) => a - b);
  // cut at the minimum between neighbouring centres
  const cuts = [0];
  for (let i = 0; i + 1 < centres.length; i++) {
    let m = centres[i]!;
    for (let y = centres[i]!; y <= centres[i + 1]!; y++) if (sm[y]! < sm[m]!) m = y;
    cuts.push(m);
  }
  cuts.push(height);
  const minInk = Math.max(2, (x1 - x0) * 0.002);
  const bands: Band[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    let top = cuts[i]!, bottom = cuts[i + 1]!;
    while (top < bottom && prof[top]! < minInk) top++;
    while (bottom > top && prof[bottom - 1]! < minInk) bottom--;
    if (bottom - top < pitch * 0.15) continue;
    let left = width, right = 0, ink = 0;
    for (let y = top; y < bottom; y++) {
      const row = y * width;
      ink += prof[y]!;
      for (let x = x0; x < x1; x++) if (data[row + x]! < 128) { if (x < left) left = x; if (x >= right) right = x + 1; }
    }
    bands.push({ top, bottom, left, right, ink });
  }
  let header: Band | null = null;
  const widest = Math.max(0, ...bands.map((b) => b.right - b.left));
  if (bands[0] && bands[0].right - bands[0].left < widest * 0.15) header = bands.shift()!;
  return { bands, header, pitch };
}

/** Pairs found bands with truth lines by rank; null when the counts differ. */
export function alignLines(bands: Band[], truth: string[]): { band: Band; text: string }[] | null {
  if (bands.length !== truth.length) return null;
  return bands.map((band, i) => ({ band, text: truth[i]! }));
}

/** Whitens a rectangle (clipped to the image), in place. */
export function whiten(g: Grey, x0: number, y0: number, x1: number, y1: number) {
  for (let y = Math.max(0, y0); y < Math.min(g.height, y1); y++) g.data.fill(255, y * g.width + Math.max(0, x0), y * g.width + Math.min(g.width, x1));
}

/**
 * Crop of rows [top, bottom) and columns [left, right) with `margin` pixels around, where every
 * ink component (8-connected, < 128) whose middle row lies outside [top, bottom) is whitened:
 * the ascenders and descenders of the neighbouring lines that reach into the crop.
 */
export function cleanCrop(g: Grey, top: number, bottom: number, left: number, right: number, margin: number): Grey {
  const x0 = left - margin, y0 = top - margin;
  const c = crop(g, x0, y0, right - left + 2 * margin, bottom - top + 2 * margin);
  const { width: w, height: h, data } = c;
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  const pix: number[] = [];
  for (let i = 0; i < w * h; i++) {
    if (seen[i] || data[i]! >= 128) continue;
    seen[i] = 1;
    stack.push(i);
    pix.length = 0;
    let ymin = h, ymax = 0;
    while (stack.length) {
      const p = stack.pop()!;
      pix.push(p);
      const py = (p / w) | 0, px = p - py * w;
      if (py < ymin) ymin = py;
      if (py > ymax) ymax = py;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const nx = px + dx, ny = py + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const q = ny * w + nx;
        if (!seen[q] && data[q]! < 128) { seen[q] = 1; stack.push(q); }
      }
    }
    const mid = (ymin + ymax) / 2 + y0;
    if (mid < top || mid >= bottom) for (const p of pix) data[p] = 255;
  }
  return c;
}

/** Greyscale page with the page number whitened, plus its aligned lines (null when not aligned). */
export async function preparePage(p: SourcePage) {
  const g = await loadGrey(p.image);
  const { bands, header, pitch } = findLines(g);
  if (header) whiten(g, header.left - 30, header.top - 30, header.right + 30, header.bottom + 30);
  return { page: p, grey: g, bands, pitch, aligned: alignLines(bands, p.lines) };
}
export type PreparedPage = Awaited<ReturnType<typeof preparePage>>;

/** The benchmarks' seeded PRNG (fonts.ts) plus a uniform range and a standard normal draw. */
export function seeded(seed: number) {
  const r = rng(seed);
  return {
    ...r,
    range: (lo: number, hi: number) => lo + r.next() * (hi - lo),
    gauss: () => {
      const u = Math.max(1e-12, r.next()), v = r.next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}
export type Rng = ReturnType<typeof seeded>;
