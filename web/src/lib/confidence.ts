import type { Word } from '../api.ts';

/** Words the OCR read with less confidence than this (0–100) are marked for checking. */
export const LOW_CONFIDENCE = 60;

/** Also honours the OCR's own flag, which may use a stricter threshold. */
export function isLowConfidence(w: Word): boolean {
  return w.confidence < LOW_CONFIDENCE || w.flagged === true;
}
