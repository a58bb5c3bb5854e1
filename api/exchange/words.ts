/** The words of a line (runs of non-space characters) with their UTF-16 offsets, as tags count them. */
export function wordsWithOffsets(text: string): Array<{ text: string; start: number; end: number }> {
  return [...text.matchAll(/\S+/gu)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}
