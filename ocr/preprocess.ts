/**
 * Preprocessing before recognition. The original image is never changed: this derives a
 * greyscale, deskewed working copy, finds its text lines and cuts one small image per line
 * for the recogniser, each with the transform that maps its boxes back to the original.
 */
import sharp, { type Sharp, type SharpOptions } from 'sharp';
import type { Box } from './types.ts';
import { boxAround } from './layout.ts';
import { binarize, cropBin, despeckle, estimateSkew, findBlocks, findLines, greyHistogram, ruleMask, type AlignedRowsOptions, type Bin, type Grey, type LineBand, type TextBlock } from './analyse.ts';

export type PreprocessOptions = {
  /** false: hand the page to the recogniser as it is (whole-page layout by Tesseract) */
  enabled: boolean;
  /** body (x-height-like) height in pixels that line images are scaled to */
  coreHeight: number;
  /** white margin around each line image, in body heights */
  margin: number;
  /** apply a 3×3 median filter to line images (noisy scans) */
  median: boolean;
  /** also deskew (rotate) the page before cutting lines */
  deskew: boolean;
  /** width of the page copy used for layout analysis */
  analysisWidth: number;
  /** split a row into separate lines where a gap exceeds this × line height */
  splitGapFactor: number;
  /** find ruling lines (table grids, underlines), keep them out of line finding and line images */
  rules: boolean;
  /**
   * turn the page clockwise by this many quarter turns before anything else (a page scanned
   * sideways or upside down); boxes still come back in the original image's coordinates
   */
  quarterTurns: 0 | 1 | 2 | 3;
  /**
   * a band whose two sides share baselines across one gutter: read as rows (verse in two
   * hemistichs; the default) or cut into two columns (see ocr/analyse.ts AlignedRowsOptions)
   */
  alignedRows: 'rows' | 'columns';
  /** a sheet photographed whole on a darker background is flattened onto a rectangle first (ocr/perspective.ts) */
  sheet: boolean;
};

export const DEFAULT_PREPROCESS: PreprocessOptions = {
  enabled: true,
  coreHeight: 14,
  margin: 1,
  median: false,
  deskew: true,
  analysisWidth: 1000,
  splitGapFactor: 4,
  rules: true,
  quarterTurns: 0,
  alignedRows: 'rows',
  sheet: true,
};

export type LineImage = {
  /** PGM (binary greyscale) image of one text line */
  image: Buffer;
  /** box of the line in original-image coordinates */
  box: Box;
  /** the text block (column) the line belongs to, in reading order: lines are ordered within their block */
  block: number;
  toOriginal(b: Box): Box;
  /** the line as cut from the (deskewed) page at its own resolution, for the digit reader */
  source: Grey;
  /** map a box in the line image to `source` coordinates */
  toSource(b: Box): Box;
  /** map an x coordinate of `source` to the line image */
  xFromSource(x: number): number;
  /** the same line prepared differently (another scale, margin or filter), for a second try */
  render(variant: Partial<LineVariant>): Promise<PreparedLine>;
  /**
   * The page's rows right under `source` (same columns), down to the middle of the gap to the
   * line below and at most half the line's height: the lowest marks of the line (the dots of a
   * final ي, the tails of م and ق) that its band leaves out. Not given to the recogniser (taller
   * images read worse on some prints); for checks of the line's own marks.
   */
  under?: Grey;
};

/** A line image as prepared for the recogniser, without its place on the page. */
export type PreparedLine = Omit<LineImage, 'box' | 'render' | 'block'>;

export type PageAnalysis = {
  width: number;
  height: number;
  skewDeg: number;
  quarterTurns: 0 | 1 | 2 | 3;
  /** a box of the turned page (where `lines` and their words' boxes are) to the image's own coordinates */
  unturn: (b: Box) => Box;
  /** blocks left out of the reading order as fragments of a neighbouring page */
  fragments: number;
  /** gutters of bands whose sides share baselines, read as `alignedRows` says; boxes in the image's own coordinates */
  alignedGutters: Box[];
  /**
   * Share (0–1) of the layout copy's ink in text blocks (fragments left out) that no line found
   * holds: text the line finder missed (a column turned sideways, a block it could not cut), for
   * the guard.
   */
  inkOutsideLines: number;
  lines: LineImage[];
};

export function pgm(data: Uint8Array, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), Buffer.from(data.buffer, data.byteOffset, width * height)]);
}

export function parsePgm(image: Buffer): Grey {
  const m = /^P5\n(\d+) (\d+)\n255\n/.exec(image.subarray(0, 40).toString('latin1'));
  if (!m) throw new Error('not a PGM image');
  const width = Number(m[1]);
  const height = Number(m[2]);
  return { data: new Uint8Array(image.buffer, image.byteOffset + m[0].length, width * height), width, height };
}

export async function rawGrey(pipeline: Sharp): Promise<Grey> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.channels === 1)
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  const out = new Uint8Array(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels]!;
  return { data: out, width: info.width, height: info.height };
}

/** A greyscale image as a sharp pipeline whose output stays one channel (sharp's default output is three: sRGB). */
export const fromGrey = (g: Grey) =>
  sharp(Buffer.from(g.data.buffer, g.data.byteOffset, g.data.length), { raw: { width: g.width, height: g.height, channels: 1 } }).toColourspace('b-w');

/** `bin`: the layout copy (despeckled `raw`), with the typical glyph height of `raw`. */
type Analysis = { bin: Bin & { typicalHeight: number }; raw: Bin; scale: number; rules: Bin | null };

async function analysisBinary(small: Grey, fullWidth: number): Promise<Analysis> {
  const denoised = await rawGrey(fromGrey(small).median(3));
  const win = Math.max(15, Math.round(small.width / 40));
  const raw = binarize(denoised, win);
  return { bin: despeckle(raw, 3), raw, scale: small.width / fullWidth, rules: null };
}

/**
 * Ruling lines (table grids, underlines) out of the layout copy, so that an underline does not
 * become a line of its own, and their mask, so that they can be whitened in the line images.
 * Found on the deskewed copy: a slanted rule breaks into short runs.
 */
function withoutRules(a: Analysis): Analysis {
  const t = a.bin.typicalHeight;
  const mask = ruleMask(a.raw, RULE_V * t, RULE_H * t);
  const raw = { ...a.raw, data: a.raw.data.slice() };
  let any = false;
  for (let i = 0; i < raw.data.length; i++)
    if (mask.data[i] && raw.data[i]) {
      raw.data[i] = 0;
      any = true;
    }
  if (!any) return a;
  // ink must survive both: a stamp ring cut into arcs by the mask must not come back as text
  const bin = despeckle(raw, 3);
  for (let i = 0; i < bin.data.length; i++) bin.data[i] = bin.data[i]! & a.bin.data[i]!;
  return { bin, raw, scale: a.scale, rules: mask };
}

/** A ruling line is a straight run of ink this many typical glyph heights long (vertical, horizontal). */
const RULE_V = 4;
const RULE_H = 12;

/** Rotate-about-centre mapping from the rotated canvas back to the original image. */
function unrotate(deg: number, w: number, h: number, rw: number, rh: number) {
  const t = (deg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  return (x: number, y: number): [number, number] => {
    const dx = x - rw / 2;
    const dy = y - rh / 2;
    // sharp.rotate(deg) turns clockwise: p' = R(deg)(p - c) + c'; invert with R(-deg)
    return [dx * c + dy * s + w / 2, -dx * s + dy * c + h / 2];
  };
}

/** Paper level of a line: a high percentile of its grey values. */
function paperLevel(data: Uint8Array): number {
  const hist = greyHistogram(data);
  let n = 0;
  for (let v = 255; v >= 0; v--) {
    n += hist[v]!;
    if (n >= data.length * 0.2) return Math.max(v, 64);
  }
  return 255;
}

/**
 * The line with its paper whitened: scaled so the paper level maps to 255, ink keeps its
 * darkness. One table lookup per pixel (the same formula for each of the 256 grey levels);
 * paper already at 255 (a bitonal scan) maps every level to itself, and `crop` comes back as is.
 */
function whitened(crop: Uint8Array): Uint8Array {
  const paper = paperLevel(crop);
  if (paper === 255) return crop;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.min(255, Math.round((v * 255) / paper));
  const white = new Uint8Array(crop.length);
  for (let i = 0; i < crop.length; i++) white[i] = lut[crop[i]!]!;
  return white;
}

type LineVariant = Pick<PreprocessOptions, 'coreHeight' | 'margin' | 'median'>;

/** `white`: `crop` whitened (computed once per line, shared by its retries). */
async function lineImage(
  crop: Uint8Array,
  white: Uint8Array,
  cw: number,
  ch: number,
  x0: number,
  y0: number,
  pageScale: number,
  opts: PreprocessOptions,
  toOriginal: (b: Box) => Box,
): Promise<PreparedLine> {
  const f = (pageScale * opts.coreHeight) / DEFAULT_PREPROCESS.coreHeight;
  const tw = Math.max(1, Math.round(cw * f));
  const th = Math.max(1, Math.round(ch * f));
  let pipeline = fromGrey({ data: white, width: cw, height: ch }).resize(tw, th, {
    fit: 'fill',
    kernel: f < 1 ? 'lanczos3' : 'cubic',
  });
  if (opts.median) pipeline = pipeline.median(3);
  // Tesseract drops short lines that sit close to the image edge: leave a white margin
  const pad = Math.round(opts.coreHeight * opts.margin);
  pipeline = pipeline.extend({ top: pad, bottom: pad, left: pad, right: pad, background: { r: 255, g: 255, b: 255 } });
  const g = await rawGrey(pipeline);
  const fx = tw / cw;
  const fy = th / ch;
  return {
    image: pgm(g.data, g.width, g.height),
    toOriginal: (bx: Box): Box => toOriginal({ x: x0 + (bx.x - pad) / fx, y: y0 + (bx.y - pad) / fy, w: bx.w / fx, h: bx.h / fy }),
    source: { data: crop, width: cw, height: ch },
    toSource: (bx) => ({ x: (bx.x - pad) / fx, y: (bx.y - pad) / fy, w: bx.w / fx, h: bx.h / fy }),
    xFromSource: (x) => x * fx + pad,
  };
}

/**
 * The page as the recogniser sees it: EXIF orientation applied, greyscale (luminance), raw
 * pixels. Decoded once per page and shared by every reading of it (orientation test, guard).
 */
export function decodePage(input: Uint8Array, maxPixels: number, source: Pick<SharpOptions, 'page' | 'failOn'> = {}): Promise<Grey> {
  return rawGrey(sharp(input, { limitInputPixels: maxPixels, ...source }).rotate().greyscale());
}

/** `upright`: the page from decodePage. */
export async function analysePage(upright: Grey, opts: PreprocessOptions): Promise<PageAnalysis> {
  const q = opts.quarterTurns;
  // the full-resolution page (for line images) and a small copy of it for layout analysis
  const original = q ? await rawGrey(fromGrey(upright).rotate(90 * q)) : upright;
  const fullW = original.width;
  const aw = Math.min(fullW, opts.analysisWidth);
  const smallGrey = aw < original.width ? await rawGrey(fromGrey(original).resize(aw, null, { kernel: 'linear' })) : original;
  const { width: W, height: H } = original;
  const unturn = unturnBox(q, upright.width, upright.height);
  let page = original;
  let skewDeg = 0;
  let first = await analysisBinary(smallGrey, fullW);
  if (opts.deskew) {
    skewDeg = estimateSkew(first.bin);
    // below 0.3° a line drifts by less than a sixth of its height over a typical line length
    if (Math.abs(skewDeg) >= 0.3) {
      const bg = { background: { r: 255, g: 255, b: 255 } };
      const [rotated, rotatedSmall] = await Promise.all([
        rawGrey(fromGrey(original).rotate(-skewDeg, bg)),
        rawGrey(fromGrey(smallGrey).rotate(-skewDeg, bg)),
      ]);
      page = rotated;
      first = await analysisBinary(rotatedSmall, rotatedSmall.width);
      first.scale = rotatedSmall.width / rotated.width;
    } else skewDeg = 0;
  }
  if (opts.rules) first = withoutRules(first);
  const back = unrotate(-skewDeg, W, H, page.width, page.height);
  // boxes stay in the turned page's frame (reading order is found there); `unturn` maps them home
  // clamped to the page and rounded to whole pixels also when the page was not turned: a word's
  // box comes from its line image's scale and margin, and may stick out by the margin
  const toOriginal = (b: Box): Box => boxAround([back(b.x, b.y), back(b.x + b.w, b.y), back(b.x, b.y + b.h), back(b.x + b.w, b.y + b.h)], W, H);
  const gutters: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const { lines: bands, fragments, textBlocks } = linesByBlock(first.bin, opts.splitGapFactor, { alignedRows: opts.alignedRows, onAlignedRows: (g) => gutters.push(g) });
  const inkOutsideLines = inkOutside(first.bin, textBlocks, bands);
  const inv = 1 / first.scale;
  // a band of aligned rows inside single-column text (verse between prose lines, a form's rows
  // under a letter's body) is rows whatever another reading says; only a band that is most of
  // the page's text may be two columns
  const fullWidthElsewhere = (g: (typeof gutters)[number]) => bands.filter((b) => (b.y1 <= g.y0 || b.y0 >= g.y1) && b.x0 < g.x0 && b.x1 > g.x1).length;
  const alignedGutters = gutters
    .filter((g) => fullWidthElsewhere(g) < SINGLE_COLUMN_LINES)
    .map((g) => unturn(toOriginal({ x: Math.round(g.x0 * inv), y: Math.round(g.y0 * inv), w: Math.max(1, Math.round((g.x1 - g.x0) * inv)), h: Math.max(1, Math.round((g.y1 - g.y0) * inv)) })));
  // one scale for the page, from the median body height of its lines
  const cores = bands.map((b) => b.core).sort((a, b) => a - b);
  const medianCore = Math.max(1, (cores[Math.floor(cores.length / 2)] ?? 1) * inv);
  const f = Math.min(4, DEFAULT_PREPROCESS.coreHeight / medianCore);
  const lines: LineImage[] = [];
  for (const b of bands) {
    const bh = (b.y1 - b.y0) * inv;
    const padX = Math.round(bh * 0.3);
    const x0 = Math.max(0, Math.floor(b.x0 * inv) - padX);
    const x1 = Math.min(page.width, Math.ceil(b.x1 * inv) + padX);
    // the band itself, not its neighbours: parts of the lines above and below confuse the recogniser
    const y0 = Math.max(0, Math.floor(b.y0 * inv) - 1);
    const y1 = Math.min(page.height, Math.ceil(b.y1 * inv) + 1);
    const cw = x1 - x0;
    const ch = y1 - y0;
    if (cw < 2 || ch < 2) continue;
    const crop = new Uint8Array(cw * ch);
    for (let y = 0; y < ch; y++) crop.set(page.data.subarray((y0 + y) * page.width + x0, (y0 + y) * page.width + x1), y * cw);
    // ruling lines crossing the line image are whitened: the recogniser reads them as «|», «1» or «ا»
    const rules = first.rules;
    if (rules) {
      const s = first.scale;
      // the mask pixel each column of the crop falls in
      const rx = new Int32Array(cw);
      for (let x = 0; x < cw; x++) rx[x] = Math.min(rules.width - 1, Math.floor((x0 + x) * s));
      for (let y = 0; y < ch; y++) {
        const row = Math.min(rules.height - 1, Math.floor((y0 + y) * s)) * rules.width;
        for (let x = 0, i = y * cw; x < cw; x++, i++) if (rules.data[row + rx[x]!]) crop[i] = 255;
      }
    }
    const white = whitened(crop);
    const line = await lineImage(crop, white, cw, ch, x0, y0, f, opts, toOriginal);
    const under = rowsUnder(page, bands, b, inv, x0, x1, y1);
    lines.push({
      ...line,
      ...(under && { under }),
      block: b.block,
      box: toOriginal({ x: x0, y: y0, w: cw, h: ch }),
      render: async (o) => ({ ...(await lineImage(crop, white, cw, ch, x0, y0, f, { ...opts, ...o }, toOriginal)), ...(under && { under }) }),
    });
  }
  return { width: upright.width, height: upright.height, skewDeg, quarterTurns: q, unturn, fragments, alignedGutters, inkOutsideLines, lines };
}

/** `LineImage.under`: rows [y1, …) of the page between x0 and x1 (page pixels); null when there is no room. */
function rowsUnder(page: Grey, bands: LineBand[], b: LineBand, inv: number, x0: number, x1: number, y1: number): Grey | null {
  let nextTop = page.height;
  for (const o of bands) if (o !== b && o.y0 >= b.y1 && o.x0 < b.x1 && o.x1 > b.x0) nextTop = Math.min(nextTop, Math.floor(o.y0 * inv));
  const rows = Math.min(Math.floor((nextTop - y1) / 2), Math.round(0.5 * (b.y1 - b.y0) * inv));
  return rows < 2 ? null : cropBin(page, x0, y1, x1, y1 + rows);
}

/** Share of the ink inside `blocks` that lies in none of `lines` (all in `bin`'s pixels). */
function inkOutside(bin: Bin, blocks: { x0: number; y0: number; x1: number; y1: number }[], lines: LineBand[]): number {
  const { width: w, data } = bin;
  const inLine = new Uint8Array(data.length);
  for (const l of lines) for (let y = l.y0; y < l.y1; y++) inLine.fill(1, y * w + l.x0, y * w + l.x1);
  let ink = 0;
  let outside = 0;
  for (const b of blocks)
    for (let y = b.y0; y < b.y1; y++)
      for (let i = y * w + b.x0, end = y * w + b.x1; i < end; i++)
        if (data[i]) {
          ink++;
          if (!inLine[i]) outside++;
        }
  return ink ? outside / ink : 0;
}

/** Full-width lines outside a band of aligned rows that make the page single-column text (a heading of a two-column page has fewer). */
const SINGLE_COLUMN_LINES = 3;

/**
 * Lines found block by block (ocr/analyse.ts findBlocks), so that no line runs across a column
 * gap; fragments of a neighbouring page are left out. A page that is one block is read as a
 * whole, exactly as before blocks were found.
 */
function linesByBlock(
  bin: Bin & { typicalHeight: number },
  splitGapFactor: number,
  aligned: AlignedRowsOptions,
): { lines: (LineBand & { block: number })[]; fragments: number; textBlocks: TextBlock[] } {
  const blocks = findBlocks(bin, bin.typicalHeight, aligned);
  const text = blocks.filter((b) => b.kind === 'text');
  const fragments = blocks.length - text.length;
  if (!fragments && text.length <= 1) return { lines: findLines(bin, { splitGapFactor }).map((l) => ({ ...l, block: 0 })), fragments, textBlocks: [{ x0: 0, y0: 0, x1: bin.width, y1: bin.height, kind: 'text' }] };
  const lines = text.flatMap((b, block) => {
    const w = b.x1 - b.x0;
    const h = b.y1 - b.y0;
    return findLines(cropBin(bin, b.x0, b.y0, b.x1, b.y1), { splitGapFactor }).map((l) => ({ ...l, y0: l.y0 + b.y0, y1: l.y1 + b.y0, x0: l.x0 + b.x0, x1: l.x1 + b.x0, block }));
  });
  return { lines, fragments, textBlocks: text };
}

/**
 * From a page turned clockwise by `q` quarter turns back to the upright image (`w`×`h`) it was
 * turned from: a box in the turned page's pixels to the same ink in the upright image's.
 */
export function unturnBox(q: 0 | 1 | 2 | 3, w: number, h: number): (b: Box) => Box {
  switch (q) {
    case 0:
      return (b) => b;
    // turned 90° clockwise: turned (x, y) is upright (y, h - x)
    case 1:
      return (b) => ({ x: b.y, y: h - (b.x + b.w), w: b.h, h: b.w });
    case 2:
      return (b) => ({ x: w - (b.x + b.w), y: h - (b.y + b.h), w: b.w, h: b.h });
    // turned 270° clockwise: turned (x, y) is upright (w - y, x)
    case 3:
      return (b) => ({ x: w - (b.y + b.h), y: b.x, w: b.h, h: b.w });
  }
}
