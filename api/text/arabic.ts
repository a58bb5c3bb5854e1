/**
 * The one Arabic normalizer (DESIGN.md, "Arabic text conventions"). Text is stored exactly as
 * typed (NFC); this folding is for matching only — search, suggestions, translation memory —
 * so that a name spelled with or without hamza, ta marbuta or diacritics matches itself.
 *
 * Presentation forms (U+FB50–FDFF, U+FE70–FEFF: the glyph codes old PDFs hold, `ﺑﺄﻣﺮ` for
 * `بأمر`) become their letters by NFKC, the lam-alef ligatures two letters (ﻻ → لا), and are
 * then folded like any letter; the isolated harakat of that block go like other marks.
 *
 * It keeps string length stable where it can (one code unit in, one out) except for removed
 * marks and ligatures; `normalizeArabicWithMap` gives the offsets back into the original for
 * highlighting.
 */

const fold: Record<string, string> = {
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0622': '\u0627', // آ → ا
  '\u0671': '\u0627', // ٱ → ا
  '\u0649': '\u064A', // ى → ي
  '\u0629': '\u0647', // ة → ه
  '\u0624': '\u0648', // ؤ → و
  '\u0626': '\u064A', // ئ → ي
  '\u06CC': '\u064A', // Persian yeh → ي
  '\u06A9': '\u0643', // Persian keheh → ك
};
for (let d = 0; d < 10; d++) {
  fold[String.fromCharCode(0x0660 + d)] = String(d); // Arabic-Indic digits
  fold[String.fromCharCode(0x06f0 + d)] = String(d); // Persian (Eastern Arabic-Indic) digits
}

/**
 * Arabic-Indic and Persian digits as Latin ones, nothing else changed: how a number the
 * translation memory could not read is written in English (the same fold as `normalizeArabic`).
 */
export const latinDigits = (text: string) => text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => fold[d]!);

/** Latin digits as Arabic-Indic ones (٠–٩), nothing else changed: how Syrian documents write numbers. */
export const indicDigits = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

/** Tatweel, harakat, tanwin, shadda, sukun, superscript alef, Quranic marks. */
const removed = /[\u0640\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED]/;

const presentationForm = /[\uFB50-\uFDFF\uFE70-\uFEFF]/;

function foldChar(ch: string): string | null {
  if (removed.test(ch)) return null;
  if (presentationForm.test(ch)) {
    // NFKC gives the letters (two for a ligature); an isolated haraka comes out as space + mark.
    let out = '';
    for (const c of ch.normalize('NFKC')) if (!removed.test(c) && c !== ' ') out += fold[c] ?? c;
    return out || null;
  }
  return fold[ch] ?? ch;
}

export function normalizeArabic(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const f = foldChar(ch);
    if (f !== null) out += f;
  }
  return out;
}

/**
 * Normalized text plus, for each of its UTF-16 positions, the position in `text` it came from
 * (with one extra entry for the end), so a match in normalized text maps back to the original.
 * `text` must already be NFC, as stored text is.
 */
export function normalizeArabicWithMap(text: string): { normalized: string; toOriginal: number[] } {
  let normalized = '';
  const toOriginal: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    if (f !== null) {
      for (let k = 0; k < f.length; k++) toOriginal.push(i);
      normalized += f;
    }
    i += ch.length;
  }
  toOriginal.push(text.length);
  return { normalized, toOriginal };
}

const arabicLetter = /[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
export const containsArabic = (text: string) => arabicLetter.test(text);
