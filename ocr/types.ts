/** Public types of the OCR module. Boxes are pixel coordinates of the rendered page image. */
import type { Grey } from './analyse.ts';

export type Box = { x: number; y: number; w: number; h: number };
export type OcrWord = { text: string; confidence: number; box: Box; flagged?: boolean };
export type OcrLine = { text: string; confidence: number; box: Box; words: OcrWord[] };
export type SourceKind = 'jpeg' | 'png' | 'tiff' | 'pdf';

export type SourceLimits = {
  /** Most pages a PDF or TIFF may have. */
  maxPages: number;
  /** Most pixels one page may have, as stored (images) or as rendered (PDF). */
  maxPixels: number;
  /** PDF render resolution; lowered per page so the page stays under maxPixels. */
  pdfDpi: number;
};

export const DEFAULT_LIMITS: SourceLimits = {
  maxPages: 1000,
  maxPixels: 150_000_000,
  pdfDpi: 300,
};

export function resolveLimits(limits?: Partial<SourceLimits>): SourceLimits {
  return { ...DEFAULT_LIMITS, ...(limits ?? {}) };
}

export type SourceInfo = {
  kind: SourceKind;
  mime: string;
  pageCount: number;
  metadata: Record<string, unknown>;
};

export type RenderedPage = {
  image: Buffer;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  dpi: number | null;
  /** Lines of a PDF page that carries a real text layer, else null. */
  textLayer: OcrLine[] | null;
  /**
   * Only when asked for (renderPage's `grey`) and rendering can give it for less than decoding
   * `image` again: the page as the recogniser decodes `image` (EXIF orientation applied,
   * greyscale), exactly those pixels.
   */
  grey?: Grey;
};

export type PageTranscription = {
  lines: OcrLine[];
  meanConfidence: number | null;
  engine: string;
  model: string;
  durationMs: number;
  source: 'ocr' | 'pdf-text';
  /** Words with confidence below this are marked `flagged` (likely wrong). */
  flagThreshold?: number;
  /** clockwise quarter turns the page was read at (a sideways or upside-down scan); boxes are still in the image's own coordinates */
  quarterTurns?: 0 | 1 | 2 | 3;
  /** whose page layout the lines come from: Sijill's own blocks and lines, or Tesseract's (the per-page guard) */
  layout?: 'sijill' | 'tesseract';
};

export interface OcrEngine {
  /** `grey`: `image` already decoded (RenderedPage.grey), so that it is not decoded twice. */
  recognize(image: Buffer, grey?: Grey): Promise<PageTranscription>;
  readonly size: number;
  close(): Promise<void>;
}

/** The file is not one of the accepted types (JPEG, PNG, TIFF, PDF). */
export class UnsupportedFileError extends Error {
  override name = 'UnsupportedFileError';
}
/** The file claims a supported type but cannot be read (truncated, damaged, encrypted). */
export class CorruptFileError extends Error {
  override name = 'CorruptFileError';
}
/** The file exceeds a page-count or pixel limit (PDF bomb, decompression bomb). */
export class FileLimitError extends Error {
  override name = 'FileLimitError';
}
