/**
 * Word confidence calibration. Tesseract's word confidences and the digit reader's scores are
 * on different, uncalibrated scales; this maps each to an estimated probability (0..100) that
 * the word is exactly right, from a table fitted on the even-numbered sample documents by
 * bench/calibrate.ts (isotonic: the probability never falls as the raw score rises).
 * The editor flags a word when that probability is below FLAG_BELOW.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hasDigit } from './digits.ts';

export type CalibrationTable = { lstm: [number, number][]; numeral: [number, number][]; flagBelow: number; fittedOn: string };

let table: CalibrationTable | null | undefined;

export function loadCalibration(): CalibrationTable | null {
  if (table !== undefined) return table;
  try {
    table = JSON.parse(readFileSync(fileURLToPath(new URL('./calibration.json', import.meta.url)), 'utf8')) as CalibrationTable;
  } catch {
    table = null;
  }
  return table;
}

/** Probability (0..100) that a word is right, given its raw score. */
export function calibrate(raw: number, text: string, t: CalibrationTable | null = loadCalibration()): number {
  if (!t) return raw;
  const rows = hasDigit(text) ? t.numeral : t.lstm;
  for (const [upper, p] of rows) if (raw <= upper) return p;
  return rows.at(-1)?.[1] ?? raw;
}
