/**
 * Source files: decide the type from the bytes, validate cheaply, render pages to working images.
 * Error messages name the problem and what to do; they never contain document text.
 */
import sharp, { type Metadata } from 'sharp';
import {
  CorruptFileError,
  FileLimitError,
  UnsupportedFileError,
  resolveLimits,
  type OcrLine,
  type RenderedPage,
  type SourceInfo,
  type SourceKind,
  type SourceLimits,
} from './types.ts';
import { TiffFormatError, descriptiveTags, parseExif, readTiff } from './tiff.ts';
import { extractTextLayer } from './pdf-text.ts';
import { decodePage } from './preprocess.ts';

const MIME: Record<SourceKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  tiff: 'image/tiff',
  pdf: 'application/pdf',
};

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) =>
  from >= b.byteLength ? '' : Buffer.from(b.buffer, b.byteOffset + from, Math.min(to, b.byteLength) - from).toString('latin1');

/** Type by magic number. Returns the kind, or the name of a recognised but unsupported type. */
export function sniff(bytes: Uint8Array): { kind: SourceKind } | { other: string } {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'jpeg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'png' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { kind: 'tiff' };
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])) return { other: 'BigTIFF' };
  // PDF readers accept the header anywhere in the first 1024 bytes
  if (ascii(bytes, 0, 1024).includes('%PDF-')) return { kind: 'pdf' };
  if (ascii(bytes, 0, 6).startsWith('GIF8')) return { other: 'GIF' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { other: 'WebP' };
  if (ascii(bytes, 0, 2) === 'BM') return { other: 'BMP' };
  if (ascii(bytes, 4, 8) === 'ftyp') return { other: 'HEIC/AVIF or video' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { other: 'ZIP (or Word/Excel document)' };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return { other: 'old Microsoft Office document' };
  if (startsWith(bytes, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50])) return { other: 'JPEG 2000' };
  return { other: bytes.byteLength === 0 ? 'empty file' : 'unknown' };
}

const ACCEPTED = 'Sijill accepts JPEG, PNG, TIFF and PDF';

function unsupported(other: string): UnsupportedFileError {
  if (other === 'empty file') return new UnsupportedFileError(`The file is empty. ${ACCEPTED}.`);
  if (other === 'unknown')
    return new UnsupportedFileError(`The file is not a JPEG, PNG, TIFF or PDF (its contents match none of them). ${ACCEPTED}; convert the scan to one of these.`);
  return new UnsupportedFileError(`The file is a ${other}, which is not supported. ${ACCEPTED}; convert it to one of these.`);
}

function tooManyPixels(width: number, height: number, limits: SourceLimits, page?: number): FileLimitError {
  const mp = ((width * height) / 1e6).toFixed(0);
  const where = page === undefined ? 'The image' : `Page ${page + 1}`;
  return new FileLimitError(
    `${where} is ${width}×${height} pixels (${mp} megapixels), over the limit of ${(limits.maxPixels / 1e6).toFixed(0)} megapixels. Scale it down (300 dpi is enough) and upload again.`,
  );
}

function tooManyPages(count: number | string, limits: SourceLimits): FileLimitError {
  return new FileLimitError(`The file has ${count} pages, over the limit of ${limits.maxPages}. Split it into smaller files and upload them separately.`);
}

function jsonSafe(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.slice(0, 256).map(jsonSafe);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v);
    return out;
  }
  return null;
}

function dpiFrom(meta: Metadata): number | null {
  // JFIF files without a unit report a placeholder density; only trust an explicit unit.
  if (!meta.density || !meta.resolutionUnit) return null;
  return meta.resolutionUnit === 'cm' ? Math.round(meta.density * 2.54) : Math.round(meta.density);
}

async function imageMetadata(bytes: Uint8Array, limits: SourceLimits, label: string): Promise<Metadata> {
  try {
    return await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new CorruptFileError(`The ${label} file is damaged and cannot be read (its header is invalid). Scan or export it again.`);
  }
}

async function inspectImage(bytes: Uint8Array, kind: 'jpeg' | 'png', limits: SourceLimits): Promise<SourceInfo> {
  const label = kind === 'jpeg' ? 'JPEG' : 'PNG';
  const meta = await imageMetadata(bytes, limits, label);
  if (!meta.width || !meta.height) throw new CorruptFileError(`The ${label} file has no image size in its header. Scan or export it again.`);
  if (meta.width * meta.height > limits.maxPixels) throw tooManyPixels(meta.width, meta.height, limits);
  // cheap truncation test: the end marker must be near the end of the file
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(Math.max(0, bytes.byteLength - 4096));
  const complete = kind === 'jpeg' ? tail.includes(Buffer.from([0xff, 0xd9])) : tail.includes(Buffer.from('IEND', 'latin1'));
  if (!complete)
    throw new CorruptFileError(`The ${label} file is incomplete (it ends before the image data does), probably cut off during copying or upload. Upload the complete file.`);
  return {
    kind,
    mime: MIME[kind],
    pageCount: 1,
    metadata: jsonSafe({
      format: kind,
      width: meta.width,
      height: meta.height,
      channels: meta.channels,
      space: meta.space,
      dpi: dpiFrom(meta),
      orientation: meta.orientation ?? null,
      exif: parseExif(meta.exif),
    }) as Record<string, unknown>,
  };
}

async function inspectTiff(bytes: Uint8Array, limits: SourceLimits): Promise<SourceInfo> {
  let dirs;
  try {
    dirs = readTiff(bytes, { maxDirectories: limits.maxPages });
  } catch (e) {
    if (e instanceof TiffFormatError)
      throw new CorruptFileError('The TIFF file is damaged (its page directory is invalid or cut off). Scan or export it again.');
    throw e;
  }
  if (dirs.length === 0) throw new CorruptFileError('The TIFF file contains no pages. Scan or export it again.');
  if (dirs.length > limits.maxPages) throw tooManyPages(`more than ${limits.maxPages}`, limits);
  dirs.forEach((d, i) => {
    if (!d.width || !d.height) throw new CorruptFileError(`Page ${i + 1} of the TIFF file has no image size. Scan or export it again.`);
    if (d.width * d.height > limits.maxPixels) throw tooManyPixels(d.width, d.height, limits, i);
    if (d.dataEnd > bytes.byteLength)
      throw new CorruptFileError(`The TIFF file is incomplete: page ${i + 1} points past the end of the file, probably cut off during copying or upload. Upload the complete file.`);
  });
  let tags: Record<string, unknown> = {};
  try {
    tags = descriptiveTags(bytes);
  } catch {
    /* descriptive tags are optional */
  }
  return {
    kind: 'tiff',
    mime: MIME.tiff,
    pageCount: dirs.length,
    metadata: jsonSafe({
      format: 'tiff',
      pages: dirs.map((d) => ({ width: d.width, height: d.height })).slice(0, 50),
      tags,
    }) as Record<string, unknown>,
  };
}

type Mupdf = typeof import('mupdf');
let mupdfPromise: Promise<Mupdf> | null = null;
/** mupdf is a large WASM module: load it only when a PDF arrives. */
export function loadMupdf(): Promise<Mupdf> {
  mupdfPromise ??= import('mupdf').then((m) => {
    m.setLog(null); // mupdf would print warnings about damaged files to stderr
    return m;
  });
  return mupdfPromise;
}

async function openPdf(bytes: Uint8Array, limits: SourceLimits) {
  const mupdf = await loadMupdf();
  let doc: import('mupdf').Document;
  try {
    doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  } catch {
    throw new CorruptFileError('The PDF file is damaged and cannot be opened. Export or scan it again.');
  }
  if (doc.needsPassword()) {
    doc.destroy();
    throw new UnsupportedFileError('The PDF is password-protected. Remove the password (print or export it to a new PDF) and upload again.');
  }
  let count: number;
  try {
    count = doc.countPages();
  } catch {
    doc.destroy();
    throw new CorruptFileError('The PDF file is damaged: its page tree cannot be read. Export or scan it again.');
  }
  if (count < 1) {
    doc.destroy();
    throw new CorruptFileError('The PDF file contains no pages. Export or scan it again.');
  }
  if (count > limits.maxPages) {
    doc.destroy();
    throw tooManyPages(count, limits);
  }
  return { mupdf, doc, count };
}

const PDF_INFO = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'CreationDate', 'ModDate'];

async function inspectPdf(bytes: Uint8Array, limits: SourceLimits): Promise<SourceInfo> {
  const { doc, count } = await openPdf(bytes, limits);
  try {
    const info: Record<string, string> = {};
    for (const key of PDF_INFO) {
      const v = doc.getMetaData(`info:${key}`);
      if (v) info[key] = v;
    }
    const format = doc.getMetaData('format') ?? null;
    const encryption = doc.getMetaData('encryption') ?? null;
    return {
      kind: 'pdf',
      mime: MIME.pdf,
      pageCount: count,
      metadata: jsonSafe({ format, encryption: encryption === 'None' ? null : encryption, info }) as Record<string, unknown>,
    };
  } finally {
    doc.destroy();
  }
}

/** Decide the type from the bytes and validate headers and page count, without rendering. */
export async function inspectSource(bytes: Uint8Array, limits?: Partial<SourceLimits>): Promise<SourceInfo> {
  const lim = resolveLimits(limits);
  const s = sniff(bytes);
  if ('other' in s) throw unsupported(s.other);
  switch (s.kind) {
    case 'jpeg':
    case 'png':
      return inspectImage(bytes, s.kind, lim);
    case 'tiff':
      return inspectTiff(bytes, lim);
    case 'pdf':
      return inspectPdf(bytes, lim);
  }
}

function pageOutOfRange(pageIndex: number, count: number): RangeError {
  return new RangeError(`Page index ${pageIndex} is out of range: the file has ${count} page(s).`);
}

async function renderImage(bytes: Uint8Array, kind: 'jpeg' | 'png' | 'tiff', pageIndex: number, lim: SourceLimits, wantGrey: boolean): Promise<RenderedPage> {
  const label = kind.toUpperCase();
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: lim.maxPixels }).metadata();
    const pages = kind === 'tiff' ? (meta.pages ?? 1) : 1;
    if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= pages) throw pageOutOfRange(pageIndex, pages);
    if (pageIndex > 0) meta = await sharp(bytes, { limitInputPixels: lim.maxPixels, page: pageIndex }).metadata();
  } catch (e) {
    if (e instanceof RangeError) throw e;
    throw classifySharpError(e, label);
  }
  if (!meta.width || !meta.height) throw new CorruptFileError(`The ${label} file has no image size. Scan or export it again.`);
  if (meta.width * meta.height > lim.maxPixels) throw tooManyPixels(meta.width, meta.height, lim, pageIndex);
  const dpi = dpiFrom(meta);
  const needsRotation = (meta.orientation ?? 1) !== 1;
  try {
    const source = { page: pageIndex, failOn: 'truncated' } as const;
    const pipeline = sharp(bytes, { limitInputPixels: lim.maxPixels, ...source }).rotate();
    if (kind === 'jpeg') {
      if (!needsRotation) {
        // decode once to prove the data is whole, but hand back the original bytes (no recompression);
        // that decoding is the recogniser's, when asked for
        const image = Buffer.from(bytes);
        if (wantGrey) {
          const grey = await decodePage(bytes, lim.maxPixels, source);
          return { image, mime: 'image/jpeg', width: grey.width, height: grey.height, dpi, textLayer: null, grey };
        }
        const { info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
        return { image, mime: 'image/jpeg', width: info.width, height: info.height, dpi, textLayer: null };
      }
      const { data, info } = await pipeline.jpeg({ quality: 92, chromaSubsampling: '4:4:4' }).toBuffer({ resolveWithObject: true });
      return { image: data, mime: 'image/jpeg', width: info.width, height: info.height, dpi, textLayer: null };
    }
    // An 8-bit single-channel page without a colour profile (a bitonal or grey scan) becomes a
    // three-channel sRGB PNG whose greyscale is the source's levels (all 256 checked), so its
    // greyscale decoded from the source is the PNG's, for less than decoding the PNG again.
    const greyFromSource = wantGrey && meta.channels === 1 && meta.depth === 'uchar' && !meta.hasProfile;
    const [{ data, info }, grey] = await Promise.all([
      pipeline.png({ compressionLevel: 6 }).toBuffer({ resolveWithObject: true }),
      greyFromSource ? decodePage(bytes, lim.maxPixels, source) : undefined,
    ]);
    return { image: data, mime: 'image/png', width: info.width, height: info.height, dpi, textLayer: null, ...(grey && { grey }) };
  } catch (e) {
    throw classifySharpError(e, label);
  }
}

function classifySharpError(e: unknown, label: string): Error {
  const msg = e instanceof Error ? e.message : String(e);
  if (/pixel limit/i.test(msg))
    return new FileLimitError(`The ${label} image is larger than the pixel limit. Scale it down (300 dpi is enough) and upload again.`);
  return new CorruptFileError(`The ${label} file is damaged or incomplete and cannot be decoded. Scan or export it again.`);
}

async function renderPdf(bytes: Uint8Array, pageIndex: number, lim: SourceLimits): Promise<RenderedPage> {
  const { mupdf, doc, count } = await openPdf(bytes, lim);
  try {
    if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= count) throw pageOutOfRange(pageIndex, count);
    let page: import('mupdf').Page;
    try {
      page = doc.loadPage(pageIndex);
    } catch {
      throw new CorruptFileError(`Page ${pageIndex + 1} of the PDF is damaged and cannot be read. Export or scan it again.`);
    }
    try {
      const [x0, y0, x1, y1] = page.getBounds();
      const wPt = Math.max(1, x1 - x0);
      const hPt = Math.max(1, y1 - y0);
      let scale = lim.pdfDpi / 72;
      const maxScale = Math.sqrt(lim.maxPixels / (wPt * hPt));
      if (scale > maxScale) scale = maxScale;
      // keep each side within what image libraries handle
      scale = Math.min(scale, 60000 / wPt, 60000 / hPt);
      if (Math.floor(wPt * scale) < 1 || Math.floor(hPt * scale) < 1)
        throw new FileLimitError(`Page ${pageIndex + 1} of the PDF has an unusable size (${wPt.toFixed(0)}×${hPt.toFixed(0)} points).`);
      const dpi = Math.round(scale * 72);
      let pix: import('mupdf').Pixmap;
      try {
        pix = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true);
      } catch {
        throw new CorruptFileError(`Page ${pageIndex + 1} of the PDF cannot be drawn (damaged content). Export or scan it again.`);
      }
      // after drawing: reading the text marks the page's ActualText spans in its content
      let textLayer: OcrLine[] | null = null;
      let hasImages = false;
      try {
        const layer = extractTextLayer(mupdf, doc, page, scale, x0, y0);
        hasImages = layer.hasImages;
        // a layer whose fonts map many glyphs to no character at all reads worse than OCR would
        const readable = layer.unmapped <= 0.05 * (layer.chars + layer.unmapped);
        textLayer = readable && layer.lines.length > 0 && (layer.chars >= 20 || !layer.hasImages) ? layer.lines : null;
      } catch {
        textLayer = null;
      }
      try {
        const width = pix.getWidth();
        const height = pix.getHeight();
        // scanned pages compress far better as JPEG; vector text stays sharp as PNG
        if (hasImages) {
          const raw = pix.getPixels();
          const image = await sharp(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
            raw: { width, height, channels: pix.getNumberOfComponents() as 3 },
            limitInputPixels: lim.maxPixels,
          })
            .jpeg({ quality: 92, chromaSubsampling: '4:4:4' })
            .toBuffer();
          return { image, mime: 'image/jpeg', width, height, dpi, textLayer };
        }
        return { image: Buffer.from(pix.asPNG()), mime: 'image/png', width, height, dpi, textLayer };
      } finally {
        pix.destroy();
      }
    } finally {
      page.destroy();
    }
  } finally {
    doc.destroy();
  }
}

/**
 * Render one page (0-based) to a working image for the viewer and OCR. `grey`: also hand back
 * the page as the recogniser decodes it, where rendering decodes it anyway or can for less
 * (JPEG and single-channel PNG/TIFF pages; see RenderedPage.grey).
 */
export async function renderPage(
  bytes: Uint8Array,
  kind: SourceKind,
  pageIndex: number,
  limits?: Partial<SourceLimits>,
  opts: { grey?: boolean } = {},
): Promise<RenderedPage> {
  const lim = resolveLimits(limits);
  const s = sniff(bytes);
  if ('other' in s) throw unsupported(s.other);
  if (s.kind !== kind) throw new UnsupportedFileError(`The file is a ${s.kind.toUpperCase()}, not a ${kind.toUpperCase()} as stated.`);
  if (kind === 'pdf') return renderPdf(bytes, pageIndex, lim);
  return renderImage(bytes, kind, pageIndex, lim, opts.grey ?? false);
}
