/**
 * Re-checking a tag whose text changed (issue 13, "tags that stay true"). When an edit changes
 * the words under a tag, following the edit blindly leaves a date chip on "Subject: Arrest
 * report" or a date value that no longer says what the text says. Instead the new text under
 * the tag is read again:
 *
 * - **kept** when it still holds the same entity or value — a corrected letter in a name, the
 *   same date written again — with the span snapped to the whole date or name when the edit
 *   left it short or long;
 * - **re-valued** when it can be read again as another value of the same kind (a date, a
 *   branch number): the tag follows what the text now says;
 * - otherwise **dropped**: a confirmed tag goes back to a suggestion for a person to decide
 *   (with what the register now proposes for the span, if anything), an engine suggestion is
 *   withdrawn (api/entities/follow-edit.ts applies the outcome by status).
 *
 * Pure: no database. Dates are read by the one date reader (api/text/dates.ts, English side
 * api/text/english.ts), names through the one normalizer and the suggestion engine's register
 * matching (api/text/suggest.ts), English forms through the romanized key (api/text/romanize.ts).
 * Offsets are UTF-16 code units into `text`, the field's new text.
 */
import { distance } from 'fastest-levenshtein';
import type { EntityKind, MentionField } from '../../db/schema';
import { romanizedKey } from '../text/romanize';
import { normalizeArabic } from '../text/arabic';
import { findDates } from '../text/dates';
import { findEnglishDates, findForms } from '../text/english';
import type { SuggestionEngine } from '../text/suggest';

export type TagToRecheck = {
  field: MentionField;
  kind: EntityKind;
  entityId: number | null;
  normalized: string | null;
  /** The text the tag covered before the edit. */
  surface: string;
};

export type RecheckContext = {
  /** The field's text after the edit. */
  text: string;
  engine: SuggestionEngine;
  /** Register entries the editor may not see: never proposed (api/entities/service.ts `hiddenRegisterEntries`). */
  hidden?: (entityId: number | string) => boolean;
  /** The tag's entity's forms (canonical and aliases), when it has one. */
  forms: { ar: string[]; en: string[] } | null;
};

type Span = { start: number; end: number };

export type RecheckResult =
  | ({ outcome: 'kept' } & Span)
  | ({ outcome: 'revalued'; normalized: string; entityId: number | null } & Span)
  | ({ outcome: 'dropped'; proposal: { entityId: number | null; normalized: string | null } | null } & Span);

/**
 * What becomes of a tag whose span (already moved through the edit: `span`) no longer covers
 * its `surface`. Never returns an empty span: a span of spaces only is dropped as it is.
 */
export function recheckTag(tag: TagToRecheck, span: Span, ctx: RecheckContext): RecheckResult {
  const at = trimSpan(ctx.text, span);
  if (tag.kind === 'date') return recheckDate(tag, at, ctx.text);
  if (tag.field === 'translation') return recheckEnglish(tag, at, ctx);
  return recheckArabic(tag, at, ctx);
}

function recheckDate(tag: TagToRecheck, span: Span, text: string): RecheckResult {
  const dates = tag.field === 'text' ? findDates(text) : findEnglishDates(text);
  const best = mostOverlapping(dates, span);
  if (!best) return { outcome: 'dropped', proposal: null, ...span };
  if (best.iso === tag.normalized) return { outcome: 'kept', start: best.start, end: best.end };
  return { outcome: 'revalued', normalized: best.iso, entityId: null, start: best.start, end: best.end };
}

function recheckArabic(tag: TagToRecheck, span: Span, ctx: RecheckContext): RecheckResult {
  const now = ctx.text.slice(span.start, span.end);
  // What the register finds around the span, of the tag's kind.
  const found = ctx.engine.annotate(ctx.text, { hidden: ctx.hidden }).filter((s) => s.type === tag.kind && s.start < span.end && span.start < s.end);
  if (tag.entityId !== null) {
    const same = mostOverlapping(
      found.filter((s) => s.entityId === tag.entityId),
      span,
    );
    if (same) return { outcome: 'kept', start: same.start, end: same.end };
    const names = (ctx.forms?.ar ?? []).map(normalizeArabic);
    if (names.length && (matchesName(now, names) || closerToName(now, tag.surface, names))) return { outcome: 'kept', ...span };
    const other = mostOverlapping(
      found.filter((s) => typeof s.entityId === 'number'),
      span,
    );
    return { outcome: 'dropped', proposal: other ? { entityId: other.entityId as number, normalized: other.normalized } : null, ...span };
  }
  // No entity: the tag holds a name or a pattern value (`Branch 215`).
  if (tag.normalized !== null) {
    const candidate = mostOverlapping(found, span);
    if (candidate && candidate.normalized === tag.normalized && typeof candidate.entityId !== 'number') return { outcome: 'kept', start: candidate.start, end: candidate.end };
    if (candidate && candidate.normalized !== null && typeof candidate.entityId !== 'number' && digitsOf(candidate.normalized) !== digitsOf(tag.normalized)) {
      // A number read again (`الفرع 215` corrected to `الفرع 216`): the value follows the text.
      return { outcome: 'revalued', normalized: candidate.normalized, entityId: null, start: candidate.start, end: candidate.end };
    }
  }
  if (matchesName(now, [normalizeArabic(tag.surface)]) || closerToName(now, tag.surface, [normalizeArabic(tag.surface)], { allowWorse: true })) {
    return { outcome: 'kept', ...span };
  }
  return { outcome: 'dropped', proposal: null, ...span };
}

function recheckEnglish(tag: TagToRecheck, span: Span, ctx: RecheckContext): RecheckResult {
  const now = ctx.text.slice(span.start, span.end);
  const forms = tag.entityId !== null ? (ctx.forms?.en ?? []).filter(Boolean) : [tag.surface];
  if (tag.entityId !== null) {
    const hit = mostOverlapping(findForms(ctx.text, forms), span);
    if (hit) return { outcome: 'kept', ...hit };
  }
  const key = romanizedKey(now);
  if (key && forms.some((f) => romanizedKey(f) === key)) return { outcome: 'kept', ...span };
  const lower = now.toLowerCase();
  if (forms.some((f) => withinOcrBudget(lower, f.toLowerCase()))) return { outcome: 'kept', ...span };
  return { outcome: 'dropped', proposal: null, ...span };
}

// ——— helpers ———

/** The span without the spaces at its edges (an edit next to a tag can leave one inside). */
function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return start < end ? { start, end } : span;
}

function mostOverlapping<T extends Span>(list: T[], span: Span): T | undefined {
  let best: T | undefined;
  let bestOverlap = 0;
  for (const s of list) {
    const overlap = Math.min(s.end, span.end) - Math.max(s.start, span.start);
    if (overlap > bestOverlap) {
      best = s;
      bestOverlap = overlap;
    }
  }
  return best;
}

/** Proclitics a name can carry (و ب ل ك ف and their pairs), as the engine allows them. */
const clitics = ['', 'و', 'ف', 'ب', 'ل', 'ك', 'وب', 'ول', 'فب', 'فل', 'وك'];

/** The text, folded, is one of the names (or one of them with a proclitic attached). */
function matchesName(text: string, normalizedNames: string[]): boolean {
  const n = squash(normalizeArabic(text));
  return normalizedNames.some((name) => {
    const target = squash(name);
    return clitics.some((c) => n === c + target);
  });
}

/**
 * An OCR correction rather than another name: within the engine's edit budget of a name (one
 * edit per seven characters, at least one), numbers unchanged, and — unless `allowWorse` —
 * no further from the names than the text it replaced.
 */
function closerToName(text: string, before: string, normalizedNames: string[], opts: { allowWorse?: boolean } = {}): boolean {
  const now = squash(normalizeArabic(text));
  const was = squash(normalizeArabic(before));
  return normalizedNames.some((raw) => {
    const name = squash(raw);
    if (digitsOf(now) !== digitsOf(name)) return false;
    const d = distance(now, name);
    if (d > budget(name)) return false;
    return opts.allowWorse || d <= distance(was, name);
  });
}

function withinOcrBudget(a: string, b: string): boolean {
  return digitsOf(a) === digitsOf(b) && distance(a, b) <= budget(b);
}

const budget = (name: string) => Math.max(1, Math.floor(name.length / 7));
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const digitsOf = (s: string) => (s.match(/\d+/g) ?? []).join(' ');
