/** Text layer of a PDF page (as produced by word processors or by OCR software), as lines with boxes. */
import type { Page, Quad } from 'mupdf';
import type { Box, OcrLine, OcrWord } from './types.ts';
import { foldPresentationForms, visualToLogical } from './bidi.ts';
import { orderLines } from './layout.ts';

type Glyph = { c: string; x0: number; y0: number; x1: number; y1: number };

function union(gs: Glyph[]): Box {
  const x0 = Math.min(...gs.map((g) => g.x0));
  const y0 = Math.min(...gs.map((g) => g.y0));
  const x1 = Math.max(...gs.map((g) => g.x1));
  const y1 = Math.max(...gs.map((g) => g.y1));
  return { x: Math.round(x0), y: Math.round(y0), w: Math.max(1, Math.round(x1 - x0)), h: Math.max(1, Math.round(y1 - y0)) };
}

function lineFrom(glyphs: Glyph[]): OcrLine | null {
  const visual = glyphs.slice().sort((a, b) => (a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2);
  const logical = visualToLogical(visual, (g) => g.c);
  const words: OcrWord[] = [];
  let cur: Glyph[] = [];
  const flush = () => {
    if (cur.length) {
      const text = foldPresentationForms(cur.map((g) => g.c).join('')).normalize('NFC');
      words.push({ text, confidence: 100, box: union(cur) });
    }
    cur = [];
  };
  for (const g of logical) {
    if (/\s/.test(g.c)) flush();
    else cur.push(g);
  }
  flush();
  if (!words.length) return null;
  return {
    text: words.map((w) => w.text).join(' '),
    confidence: 100,
    box: union(glyphs.filter((g) => !/\s/.test(g.c))),
    words,
  };
}

/** Lines of the page's text layer in page-image pixel coordinates (scale = pixels per point). */
export function extractTextLayer(page: Page, scale: number, originX: number, originY: number) {
  const st = page.toStructuredText('preserve-whitespace');
  const lines: OcrLine[] = [];
  let chars = 0;
  let hasImages = false;
  try {
    let cur: Glyph[] = [];
    st.walk({
      onImageBlock() {
        hasImages = true;
      },
      beginLine() {
        cur = [];
      },
      onChar(c: string, _origin: unknown, _font: unknown, _size: number, q: Quad) {
        const xs = [q[0], q[2], q[4], q[6]].map((x) => (x - originX) * scale);
        const ys = [q[1], q[3], q[5], q[7]].map((y) => (y - originY) * scale);
        cur.push({ c, x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) });
        if (!/\s/.test(c)) chars++;
      },
      endLine() {
        const l = lineFrom(cur);
        if (l) lines.push(l);
        cur = [];
      },
    });
  } finally {
    st.destroy();
  }
  return { lines: orderLines(lines), chars, hasImages };
}
