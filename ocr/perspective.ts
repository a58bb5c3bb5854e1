/**
 * A sheet photographed on a desk, flattened. A phone photo shows the page as a quadrilateral
 * (perspective, a slight turn) on a darker background: its lines slope differently at the top
 * and at the bottom and converge, which no single deskew angle levels. Where the sheet stands
 * whole against a darker background, its four corners are found and the sheet is mapped onto
 * an upright rectangle (a homography, sampled bilinearly) before lines are looked for.
 */
import type { Box } from './types.ts';
import { labelComponents, type Component, type Grey } from './analyse.ts';
import { otsu } from './digits.ts';
import { fromGrey, rawGrey } from './preprocess.ts';
import { boxAround } from './layout.ts';

/** Corners of a quadrilateral, clockwise from top left: x0 y0 x1 y1 x2 y2 x3 y3. */
export type Quad = [number, number, number, number, number, number, number, number];

/** The 3×3 homography (row-major) that maps the unit square's corners (0,0) (1,0) (1,1) (0,1) onto `q`. */
export function squareToQuad(q: Quad): number[] {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = q;
  const dx1 = x1 - x2, dx2 = x3 - x2, dx3 = x0 - x1 + x2 - x3;
  const dy1 = y1 - y2, dy2 = y3 - y2, dy3 = y0 - y1 + y2 - y3;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = (dx3 * dy2 - dx2 * dy3) / den;
  const h = (dx1 * dy3 - dx3 * dy1) / den;
  return [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1];
}

/** Inverse of a 3×3 matrix (row-major). */
export function invert3(m: number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = m as [number, number, number, number, number, number, number, number, number];
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

/** Width of the copy the sheet is looked for in, in pixels. */
const FIND_WIDTH = 400;
/** The sheet covers this share of the photo at least and at most. */
const SHEET_MIN_SHARE = 0.25;
const SHEET_MAX_SHARE = 0.95;
/** At most this share of the photo's edge pixels may be sheet: a sheet cut by the frame is not whole. */
const SHEET_MAX_EDGE_SHARE = 0.02;
/** Below this (× the photo's width) every corner stands where an upright rectangle's would: nothing to flatten. */
const SHEET_MIN_SKEW = 0.01;
/** Mean distance (pixels of the FIND_WIDTH copy) of a sheet's edge from the line between its corners, at most. */
const SHEET_MAX_EDGE_DEVIATION = 1.5;
/** The corners are moved in by this share of the sheet's size: the desk must not show at the edges of the flattened page. */
const SHEET_INSET = 0.005;

/**
 * The corners of a whole sheet lying on a darker background, in `page`'s pixels, or null: no
 * region brighter than the rest that covers SHEET_MIN_SHARE–SHEET_MAX_SHARE of the photo without
 * touching its edges, or one whose corners stand where an upright rectangle's would (a scan,
 * a photocopy with a dark border: nothing to flatten).
 */
export async function findSheet(page: Grey): Promise<Quad | null> {
  const w = Math.min(FIND_WIDTH, page.width);
  const scale = page.width / w;
  const { data: small, height: h } = await rawGrey(fromGrey(page).resize(w, null, { kernel: 'linear' }));
  const t = otsu(small);
  // the largest 4-connected bright region
  const bright = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) bright[i] = small[i]! > t ? 1 : 0;
  const region = labelComponents({ data: bright, width: w, height: h }, true).reduce<Component | null>((a, c) => (!a || c.area > a.area ? c : a), null);
  if (!region || region.area < SHEET_MIN_SHARE * w * h || region.area > SHEET_MAX_SHARE * w * h) return null;
  const inSheet = new Uint8Array(w * h);
  for (const p of region.pixels) inSheet[p] = 1;
  let onEdge = 0;
  for (let x = 0; x < w; x++) onEdge += inSheet[x]! + inSheet[(h - 1) * w + x]!;
  for (let y = 1; y < h - 1; y++) onEdge += inSheet[y * w]! + inSheet[y * w + w - 1]!;
  if (onEdge > SHEET_MAX_EDGE_SHARE * 2 * (w + h)) return null;
  // corners: the region's points furthest along the four diagonals (a sheet turned by less than
  // about 20°)
  let tl = Infinity, br = -Infinity, tr = -Infinity, bl = Infinity;
  const c = { tl: 0, tr: 0, br: 0, bl: 0 };
  for (const p of region.pixels) {
    const x = p % w;
    const y = (p - x) / w;
    if (x + y < tl) (tl = x + y), (c.tl = p);
    if (x + y > br) (br = x + y), (c.br = p);
    if (x - y > tr) (tr = x - y), (c.tr = p);
    if (x - y < bl) (bl = x - y), (c.bl = p);
  }
  const pt = (p: number): [number, number] => [((p % w) + 0.5) * scale, (Math.floor(p / w) + 0.5) * scale];
  const quad = [...pt(c.tl), ...pt(c.tr), ...pt(c.br), ...pt(c.bl)] as Quad;
  const [x0, y0, x1, y1, x2, y2, x3, y3] = quad;
  // a sheet's edges are straight in a photo (perspective keeps lines straight); the edge of a
  // dark photocopy border or of a shadow is not
  const corner = (p: number): [number, number] => [p % w, Math.floor(p / w)];
  const [a, b, cc, d] = [corner(c.tl), corner(c.tr), corner(c.br), corner(c.bl)];
  const sides: [[number, number], [number, number], 'down' | 'up' | 'right' | 'left'][] = [
    [a, b, 'down'],
    [d, cc, 'up'],
    [a, d, 'right'],
    [b, cc, 'left'],
  ];
  for (const [from, to, dir] of sides) {
    const along = dir === 'down' || dir === 'up' ? 0 : 1;
    const across = 1 - along;
    const n = to[along] - from[along];
    let dev = 0;
    let count = 0;
    for (let k = Math.ceil(0.1 * n); k <= 0.9 * n; k++) {
      const s = from[along] + k;
      const expected = from[across]! + ((to[across]! - from[across]!) * k) / n;
      let e = dir === 'down' || dir === 'right' ? 0 : (dir === 'up' ? h : w) - 1;
      const step = dir === 'down' || dir === 'right' ? 1 : -1;
      const limit = along === 0 ? h : w;
      while (e >= 0 && e < limit && !inSheet[along === 0 ? e * w + s : s * w + e]) e += step;
      dev += Math.abs(e - expected);
      count++;
    }
    if (!count || dev / count > SHEET_MAX_EDGE_DEVIATION) return null;
  }
  const far = SHEET_MIN_SKEW * page.width;
  const upright = Math.abs(x0 - x3) < far && Math.abs(x1 - x2) < far && Math.abs(y0 - y1) < far && Math.abs(y3 - y2) < far;
  return upright ? null : inset(quad, SHEET_INSET);
}

/** The quad with each corner moved towards the centre by `share` of the quad's size. */
function inset(q: Quad, share: number): Quad {
  const cx = (q[0] + q[2] + q[4] + q[6]) / 4;
  const cy = (q[1] + q[3] + q[5] + q[7]) / 4;
  return q.map((v, i) => v + ((i % 2 ? cy : cx) - v) * 2 * share) as Quad;
}

/**
 * The sheet inside `quad` mapped onto an upright rectangle as wide as its longer horizontal side
 * and as tall as its longer vertical side; `toImage` maps a box of the flattened page back to
 * `page`'s pixels (the bounding box of its mapped corners).
 */
export function flattenSheet(page: Grey, quad: Quad): { page: Grey; toImage: (b: Box) => Box } {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = quad;
  const width = Math.round(Math.max(Math.hypot(x1 - x0, y1 - y0), Math.hypot(x2 - x3, y2 - y3)));
  const height = Math.round(Math.max(Math.hypot(x3 - x0, y3 - y0), Math.hypot(x2 - x1, y2 - y1)));
  const m = squareToQuad(quad);
  const out = new Uint8Array(width * height).fill(255);
  const src = page.data;
  const W = page.width;
  for (let Y = 0; Y < height; Y++) {
    const v = (Y + 0.5) / height;
    for (let X = 0; X < width; X++) {
      const u = (X + 0.5) / width;
      const d = m[6]! * u + m[7]! * v + 1;
      const x = (m[0]! * u + m[1]! * v + m[2]!) / d - 0.5;
      const y = (m[3]! * u + m[4]! * v + m[5]!) / d - 0.5;
      if (x < 0 || y < 0 || x >= W - 1 || y >= page.height - 1) continue;
      const ix = x | 0;
      const iy = y | 0;
      const fx = x - ix;
      const fy = y - iy;
      const i = iy * W + ix;
      out[Y * width + X] = (src[i]! * (1 - fx) + src[i + 1]! * fx) * (1 - fy) + (src[i + W]! * (1 - fx) + src[i + W + 1]! * fx) * fy;
    }
  }
  const at = (X: number, Y: number) => {
    const u = X / width;
    const v = Y / height;
    const d = m[6]! * u + m[7]! * v + 1;
    return [(m[0]! * u + m[1]! * v + m[2]!) / d, (m[3]! * u + m[4]! * v + m[5]!) / d] as const;
  };
  const toImage = (b: Box): Box => boxAround([at(b.x, b.y), at(b.x + b.w, b.y), at(b.x + b.w, b.y + b.h), at(b.x, b.y + b.h)], W, page.height);
  return { page: { data: out, width, height }, toImage };
}
