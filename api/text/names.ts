/**
 * Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) and the direction
 * marks (U+200E, U+200F, U+061C). In a title or name they can reorder the text around it where
 * it is shown (an RLO in a file name turns "gpj.exe" into "exe.jpg"); the UI isolates every such
 * value on its own (<bdi>), so they are never needed.
 */
const bidiControls = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

/**
 * A title, file name, or the name of a person, collection or account, as stored: NFC, without
 * bidi controls, runs of white space as one space, trimmed. Transcribed lines and translations
 * are not names: they are stored exactly as typed.
 */
export function cleanName(s: string): string {
  return s.normalize('NFC').replace(bidiControls, '').replace(/\s+/g, ' ').trim();
}
