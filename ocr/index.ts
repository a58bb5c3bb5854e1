/** Public surface of the OCR module. */
export {
  type Box,
  type OcrWord,
  type OcrLine,
  type SourceKind,
  type SourceLimits,
  type SourceInfo,
  type RenderedPage,
  type PageTranscription,
  type OcrEngine,
  DEFAULT_LIMITS,
  UnsupportedFileError,
  CorruptFileError,
  FileLimitError,
} from './types.ts';
export { inspectSource, renderPage, sniff } from './source.ts';
export { createOcrEngine, type EngineOptions, type ModelKind } from './engine.ts';
export { transcribePage } from './pipeline.ts';
