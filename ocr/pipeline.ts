/** The one page pipeline the server job and the CLI share: render, then text layer or OCR. */
import { renderPage } from './source.ts';
import type { OcrEngine, PageTranscription, RenderedPage, SourceKind, SourceLimits } from './types.ts';

export async function transcribePage(
  engine: OcrEngine,
  bytes: Uint8Array,
  kind: SourceKind,
  pageIndex: number,
  limits?: Partial<SourceLimits>,
): Promise<{ page: RenderedPage; result: PageTranscription }> {
  const started = performance.now();
  // the recogniser gets the pixels rendering decoded (when it has them); callers get the page without them
  const { grey, ...page } = await renderPage(bytes, kind, pageIndex, limits, { grey: true });
  if (page.textLayer) {
    const words = page.textLayer.flatMap((l) => l.words);
    return {
      page,
      result: {
        lines: page.textLayer,
        meanConfidence: words.length ? 100 : null,
        engine: 'pdf-text',
        model: 'pdf text layer (mupdf)',
        durationMs: Math.round(performance.now() - started),
        source: 'pdf-text',
      },
    };
  }
  const result = await engine.recognize(page.image, grey);
  return { page, result };
}
