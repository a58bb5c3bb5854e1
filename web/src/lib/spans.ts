// Spans (tags, uncertain words) over a line's text, in UTF-16 offsets as the API uses them,
// and how they move while the user types — before the server has re-based them on the saved
// version.

export interface Span {
  start: number;
  end: number;
}

/**
 * Where a tag fetched with the line as `base` reads in the line as typed `now`, or null when it
 * is not shown: its words were edited since (shiftSpan), or its offsets do not belong to `base`
 * at all — the server placed them on a version of the line this editor has not fetched (a
 * pre-translation or a propagated translation wrote the English after the lines were read), and
 * slicing `base` with them showed an empty or wrong tag. The tag's `surface` (the text the server
 * says its span covers) tells; the tag comes back with the line's next fetch.
 */
export function placeTag<S extends Span & { surface: string }>(base: string, now: string, tag: S): S | null {
  if (tag.end <= tag.start || base.slice(tag.start, tag.end) !== tag.surface) return null;
  return shiftSpan(base, now, tag);
}

/**
 * Moves spans from `before` to `after`, assuming one contiguous edit (what a keystroke, a
 * paste or an undo is). Spans wholly outside the edit keep their text; a span the edit cut
 * into is dropped (null) until the server says what became of it.
 */
export function shiftSpan<S extends Span>(before: string, after: string, span: S): S | null {
  if (before === after) return span;
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  const editEnd = before.length - suffix; // end of the replaced region in `before`
  const delta = after.length - before.length;
  if (span.end <= prefix) return span;
  if (span.start >= editEnd) return { ...span, start: span.start + delta, end: span.end + delta };
  return null;
}

/**
 * Where the OCR's uncertain words are in the current text: each word is looked for in reading
 * order, so a word the user has already corrected is no longer marked.
 */
export function locateWords(text: string, words: readonly { text: string }[]): (Span | null)[] {
  let from = 0;
  return words.map((w) => {
    if (!w.text) return null;
    const at = text.indexOf(w.text, from);
    if (at < 0) return null;
    from = at + w.text.length;
    return { start: at, end: from };
  });
}

/**
 * A three-way merge of one field: when only one side changed it from the common base, that
 * change wins; when both changed, null (the user decides).
 */
export function mergeField(base: string, mine: string, theirs: string): string | null {
  if (mine === theirs) return mine;
  if (mine === base) return theirs;
  if (theirs === base) return mine;
  return null;
}
