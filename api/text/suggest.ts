/**
 * The suggestion engine: finds dates, register entries (units, places, known people) and
 * first-seen names in one line of Arabic text. Pure and synchronous, with no database, so the
 * same code serves the API (register loaded from the `entities` table), `npx sijill annotate`
 * (seeded register) and the benchmark.
 *
 * Matching runs on the one normalizer's output (`normalizeArabicWithMap`) and maps offsets back
 * to the original text (UTF-16 code units). OCR errors are absorbed by a bounded edit distance
 * per register name; numbers must match exactly (branch 235 with a misread digit is another
 * branch, so it is not suggested as this one).
 */
import { distance } from 'fastest-levenshtein';
import type { EntityKind } from '../../db/schema/entities.table';
import { normalizeArabic, normalizeArabicWithMap } from './arabic';
import { findDates } from './dates';

export type { EntityKind };

export type RegisterEntry = {
  /** The entity's id in the database, or the seed key when there is no database. */
  id: number | string;
  kind: Exclude<EntityKind, 'date'>;
  canonicalEn: string;
  /** Arabic spellings: canonical form and aliases, as written. */
  names: string[];
};

export type Suggestion = {
  start: number;
  end: number;
  type: EntityKind;
  /** ISO date for dates; the entity's English canonical form for register matches; null for a first-seen name. */
  normalized: string | null;
  entityId: number | string | null;
  /** How it was found: `date`, `register` (exact after normalization), `fuzzy` (OCR-tolerant), `pattern` (context such as المدعو). */
  source: 'date' | 'register' | 'fuzzy' | 'pattern';
  score: number;
};

/** `penalty`: characters a fuzzy match pays per edit when compared with other spans (4 each). */
type Candidate = Omit<Suggestion, 'start' | 'end'> & { s: number; e: number; penalty?: number };
type Token = { text: string; s: number; e: number };
type Alias = { tokens: string[]; entry: RegisterEntry; joined: string };

const wordRe = /[\p{L}\p{N}]+/gu;
const hasDigit = /\p{N}/u;

function tokenize(normalized: string): Token[] {
  return [...normalized.matchAll(wordRe)].map((m) => ({ text: m[0], s: m.index, e: m.index + m[0].length }));
}

const n = (words: string[]) => new Set(words.map(normalizeArabic));

/** Proclitics that attach to the next word: و ف (and), ب (with/in), ل (to), ك (as). */
const clitics = ['و', 'ف', 'ب', 'ل', 'ك', 'وب', 'ول', 'فب', 'فل', 'وك'];

/** Words that introduce a person's name in these documents. */
const personTriggers = n([
  'المدعو', 'المدعوة', 'الموقوف', 'الموقوفة', 'المعتقل', 'المعتقلة', 'السجين', 'السجينة', 'المتهم', 'المتهمة',
  'المواطن', 'المواطنة', 'المتوفى', 'المتوفاة', 'الفار', 'المجند', 'العنصر', 'الشهيد',
  'اللواء', 'العميد', 'العقيد', 'المقدم', 'الرائد', 'النقيب', 'الملازم', 'المساعد', 'الرقيب', 'العريف',
]);

/**
 * Words that end a name (prepositions, document vocabulary, the start of a unit name). Not
 * على: normalized it is the name علي.
 */
const nameStops = n([
  'لدى', 'إلى', 'الى', 'في', 'من', 'منذ', 'بتاريخ', 'تاريخ', 'رقم', 'برقم', 'مواليد', 'تولد', 'المولود', 'المولودة', 'والدته', 'والدتها',
  'مع', 'عن', 'و', 'بعد', 'قبل', 'حيث', 'الذي', 'التي', 'وذلك', 'وهو', 'وهي', 'وقد', 'بسبب', 'نتيجة', 'بجرم', 'بتهمة', 'بموجب',
  'ضمن', 'لصالح', 'الساكن', 'المقيم', 'سكان', 'اعتبارا', 'أثناء', 'بحق', 'أيضا', 'كل', 'قد', 'تم', 'هو', 'هي', 'وأحيل', 'أحيل',
  'الفرع', 'فرع', 'إدارة', 'شعبة', 'المشفى', 'مشفى', 'المستشفى', 'مستشفى', 'سجن', 'الشرطة', 'قسم', 'إلى', 'لإجراء', 'الموقوفين',
  'يرجى', 'نعلمكم', 'بوفاة', 'وفاة', 'الموضوع', 'التاريخ', 'الرقم', 'سري', 'للغاية', 'رئيس', 'المذكور', 'المذكورة', 'المدعو', 'الموقوف',
  // the time of an event (not صباح or فجر: given names)
  'الساعة', 'ساعة', 'صباحا', 'مساء', 'مساءا', 'ظهرا', 'ليلا', 'ليلة', 'يوم', 'اليوم', 'أمس', 'فجرا', 'بتاريخه', 'حوالي', 'نحو',
  // what a report says the person did or underwent, right after the name
  'توفي', 'توفيت', 'أوقف', 'أوقفت', 'نقل', 'نقلت', 'فر', 'فرت', 'قتل', 'قتلت', 'استشهد', 'استشهدت', 'اعترف', 'اعترفت', 'أفاد', 'أفادت',
  'حاول', 'حاولت', 'كان', 'كانت', 'أصيب', 'أصيبت', 'اعتقل', 'اعتقلت', 'ألقي', 'أودع', 'أودعت', 'يعمل', 'تعمل', 'يدعى', 'تدعى', 'جرى', 'تبين',
]);
/** Inside a name: `بن`/`بنت` (son/daughter of), and the first halves of compound names. */
const nameLinks = n(['بن', 'بنت', 'ابن']);
/** A normalized word that cannot be part of a person's name here (a preposition, document vocabulary, a unit word). */
export const isNameStop = (normalizedWord: string) => nameStops.has(normalizedWord) || personTriggers.has(normalizedWord);
const compoundFirst = n(['عبد', 'أبو', 'أبي', 'أم']);
/** After a numbered list item, a name is followed by one of these (or ends the line). */
const listFollowers = n(['مواليد', 'تولد', 'المولود', 'والدته', 'رقم', 'الموقوف', 'من']);

export type EngineOptions = {
  /** Edit distance allowed per character of a register name, for OCR errors (0 disables fuzzy matching). */
  fuzzyRate?: number;
  /** Shortest name (normalized, spaces included) that fuzzy matching is tried on. */
  fuzzyMinLength?: number;
};

export type AnnotateOptions = {
  /** The line before, on the same page. */
  previous?: string;
  /** Register entries to leave out, as if the register did not hold them (entries a reader may not see). */
  hidden?: (entityId: number | string) => boolean;
  /** False: register names only as written (after normalization), no OCR-tolerant matching (default true). */
  fuzzy?: boolean;
};

/** Which entity an English rendering or an Arabic spelling belongs to is the register's job; this only finds spans. */
export class SuggestionEngine {
  private readonly byFirst = new Map<string, Alias[]>();
  private readonly byToken = new Map<string, Array<{ alias: Alias; pos: number }>>();
  private readonly fuzzyRate: number;
  private readonly fuzzyMinLength: number;

  constructor(entries: RegisterEntry[], opts: EngineOptions = {}) {
    this.fuzzyRate = opts.fuzzyRate ?? 1 / 7;
    this.fuzzyMinLength = opts.fuzzyMinLength ?? 7;
    const seen = new Set<string>();
    for (const entry of entries) {
      for (const name of entry.names) {
        const tokens = tokenize(normalizeArabic(name)).map((t) => t.text);
        if (tokens.length === 0) continue;
        const joined = tokens.join(' ');
        const key = `${entry.kind}\u0000${entry.id}\u0000${joined}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const alias: Alias = { tokens, entry, joined };
        push(this.byFirst, tokens[0]!, alias);
        // Blocking keys for fuzzy matching: words of 3+ letters, and numbers (which must match exactly anyway).
        tokens.forEach((t, pos) => {
          if (t.length >= 3 || (hasDigit.test(t) && t.length >= 2)) push(this.byToken, t, { alias, pos });
        });
      }
    }
  }

  /**
   * Suggestions for one line. `previous` is the line before it on the page, so that a name
   * introduced at the end of one line (… عن المدعو) is found at the start of the next.
   * `hidden` entries are left out as if the register did not hold them (a name after المدعو is
   * then still found, as a first-seen name); `fuzzy: false` matches register names exactly only.
   */
  annotate(text: string, context: AnnotateOptions = {}): Suggestion[] {
    const { normalized, toOriginal } = normalizeArabicWithMap(text);
    const tokens = tokenize(normalized);
    const found: Candidate[] = [];
    this.registerCandidates(normalized, tokens, found, context);
    this.branchCandidates(tokens, found);
    this.patternCandidates(normalized, tokens, context.previous, found);
    // Back to offsets in the original text; dates come with them already.
    const candidates: Candidate[] = found.map((c) => ({ ...c, s: toOriginal[c.s]!, e: toOriginal[c.e]! }));
    for (const d of findDates(text)) {
      candidates.push({ s: d.start, e: d.end, type: 'date', normalized: d.iso, entityId: null, source: 'date', score: 1 });
    }

    // Dates and register matches before context patterns (a pattern name can run on over a
    // misread stop word; a register match inside it is the better span), then longest first,
    // then the more certain; a span never overlaps a kept one.
    // A fuzzy match pays for its edits, so a window that swallowed a neighbouring word loses to
    // the exact name, while a longer alias with one misread letter still beats a shorter one.
    const tier = (c: Candidate) => (c.source === 'pattern' ? 0 : 1);
    const weight = (c: Candidate) => c.e - c.s - (c.penalty ?? 0);
    candidates.sort((a, b) => tier(b) - tier(a) || weight(b) - weight(a) || b.score - a.score || a.s - b.s);
    const out: Suggestion[] = [];
    for (const c of candidates) {
      if (out.some((o) => c.s < o.end && o.start < c.e)) continue;
      out.push({ start: c.s, end: c.e, type: c.type, normalized: c.normalized, entityId: c.entityId, source: c.source, score: c.score });
    }
    return out.sort((a, b) => a.start - b.start);
  }

  /**
   * Ids of every register entry whose name this line holds, exactly or within the OCR edit
   * budget, including those a longer match would hide: what `annotate` could return, to be asked
   * about before it runs (which of them a reader may see).
   */
  registerIdsIn(text: string): Array<number | string> {
    const { normalized } = normalizeArabicWithMap(text);
    const found: Candidate[] = [];
    this.registerCandidates(normalized, tokenize(normalized), found, {});
    return [...new Set(found.map((c) => c.entityId!))];
  }

  /** Register names, exactly (after normalization, allowing a proclitic) or within the OCR edit budget. */
  private registerCandidates(normalized: string, tokens: Token[], out: Candidate[], opts: AnnotateOptions) {
    const exactSpans = new Set<string>();
    const hidden = opts.hidden ?? (() => false);
    for (let i = 0; i < tokens.length; i++) {
      for (const { stem, strip } of variants(tokens[i]!.text)) {
        for (const alias of this.byFirst.get(stem) ?? []) {
          if (hidden(alias.entry.id)) continue;
          const end = i + alias.tokens.length;
          if (end > tokens.length || !contiguous(normalized, tokens, i, end)) continue;
          let ok = true;
          for (let k = 1; k < alias.tokens.length; k++) if (tokens[i + k]!.text !== alias.tokens[k]) ok = false;
          if (!ok) continue;
          if (alias.entry.kind === 'person' && isPatronymic(tokens, i)) continue;
          const s = tokens[i]!.s + strip;
          const e = tokens[end - 1]!.e;
          exactSpans.add(`${i}:${end}`);
          out.push({ s, e, type: alias.entry.kind, normalized: alias.entry.canonicalEn, entityId: alias.entry.id, source: 'register', score: 1 });
        }
      }
    }
    if (this.fuzzyRate <= 0 || opts.fuzzy === false) return;
    const tried = new Set<string>();
    const digitsOf = (words: string[]) => words.filter((w) => hasDigit.test(w)).join(' ');
    for (let i = 0; i < tokens.length; i++) {
      for (const { alias, pos } of this.byToken.get(tokens[i]!.text) ?? []) {
        if (alias.joined.length < this.fuzzyMinLength || hidden(alias.entry.id)) continue;
        const L = alias.tokens.length;
        // The same number of words, or one more/fewer (OCR splits words at lam-alef and joins
        // others); the window always contains the word that matched exactly.
        const windows: Array<[number, number]> = [[i - pos, i - pos + L], [i - pos, i - pos + L + 1], [i - pos - 1, i - pos + L]];
        if (L >= 2) windows.push([i - pos, i - pos + L - 1], [i - pos + 1, i - pos + L]);
        for (const [first, end] of windows) {
          if (first < 0 || end > tokens.length || first > i || end <= i) continue;
          // Cheap test first: the edit distance is at least the difference in length.
          const budget = Math.floor(alias.joined.length * this.fuzzyRate);
          if (Math.abs(tokens[end - 1]!.e - tokens[first]!.s - alias.joined.length) > budget) continue;
          if (exactSpans.has(`${first}:${end}`)) continue;
          const key = `${first}:${end}:${alias.entry.id}:${alias.joined}`;
          if (tried.has(key) || !contiguous(normalized, tokens, first, end)) continue;
          tried.add(key);
          const window = tokens.slice(first, end).map((t) => t.text);
          // Numbers are identity, not spelling: they must match exactly.
          if (digitsOf(window) !== digitsOf(alias.tokens)) continue;
          const d = distance(window.join(' '), alias.joined);
          if (d === 0 || d > budget) continue;
          if (alias.entry.kind === 'person' && isPatronymic(tokens, first)) continue;
          out.push({
            s: tokens[first]!.s,
            e: tokens[end - 1]!.e,
            type: alias.entry.kind,
            normalized: alias.entry.canonicalEn,
            entityId: alias.entry.id,
            source: 'fuzzy',
            score: 1 - d / Math.max(1, alias.joined.length),
            penalty: 4 * d,
          });
        }
      }
    }
  }

  /** `الفرع 2xx` not in the register is still a unit: suggest it with its number, no entity yet. */
  private branchCandidates(tokens: Token[], out: Candidate[]) {
    for (let i = 0; i + 1 < tokens.length; i++) {
      const t = tokens[i]!.text;
      const num = tokens[i + 1]!.text;
      if ((t === 'الفرع' || t === 'فرع') && /^\d{2,4}$/.test(num)) {
        out.push({ s: tokens[i]!.s, e: tokens[i + 1]!.e, type: 'unit', normalized: `Branch ${num}`, entityId: null, source: 'pattern', score: 0.5 });
      }
    }
  }

  /** First-seen names: after a trigger word (also at the end of the previous line), or as a numbered list item. */
  private patternCandidates(normalized: string, tokens: Token[], previous: string | undefined, out: Candidate[]) {
    const isTrigger = (w: string) => variants(w).some((v) => personTriggers.has(v.stem));
    const starts: number[] = [];
    if (previous !== undefined) {
      const prev = tokenize(normalizeArabic(previous));
      const last = prev[prev.length - 1];
      if (last && isTrigger(last.text) && /^[\s\p{L}\p{N}]*$/u.test(normalizeArabic(previous).slice(last.e))) starts.push(0);
    }
    for (let i = 0; i + 1 < tokens.length; i++) if (isTrigger(tokens[i]!.text) && contiguous(normalized, tokens, i, i + 2)) starts.push(i + 1);
    for (const i of starts) {
      const end = nameExtent(normalized, tokens, i);
      if (end - i >= 2) out.push({ s: tokens[i]!.s, e: tokens[end - 1]!.e, type: 'person', normalized: null, entityId: null, source: 'pattern', score: 0.6 });
    }

    // `1- name مواليد 1977` — a numbered list of people. OCR sometimes drops the dash
    // (`3 name مواليد 1968`); without it, the name must be followed by a list word.
    const list = /^\s*\d{1,3}\s*([-.)]?)\s*/.exec(normalized);
    if (list) {
      const i = tokens.findIndex((t) => t.s >= list[0].length);
      if (i >= 0) {
        const end = nameExtent(normalized, tokens, i);
        const next = tokens[end];
        const followed = list[1]
          ? !next || listFollowers.has(next.text) || hasDigit.test(next.text) || !contiguous(normalized, tokens, end - 1, end + 1)
          : next !== undefined && listFollowers.has(next.text) && next.text !== 'من';
        if (end - i >= 2 && followed) out.push({ s: tokens[i]!.s, e: tokens[end - 1]!.e, type: 'person', normalized: null, entityId: null, source: 'pattern', score: 0.6 });
      }
    }
  }
}

/** Tokens [i, end) of a name starting at i: letters only, no stop word, no punctuation inside, at most 6 words. */
function nameExtent(normalized: string, tokens: Token[], i: number): number {
  let end = i;
  while (end < tokens.length && end - i < 6) {
    const w = tokens[end]!.text;
    if (hasDigit.test(w) || nameStops.has(w)) break;
    if (end > i && !contiguous(normalized, tokens, end - 1, end + 1)) break;
    end++;
  }
  // A name does not end on `بن` or `عبد`.
  while (end > i && (nameLinks.has(tokens[end - 1]!.text) || compoundFirst.has(tokens[end - 1]!.text))) end--;
  return end;
}

/** `… بن محمد الحلبي` names the father: a known person's name there is not that person. */
function isPatronymic(tokens: Token[], i: number) {
  return i > 0 && nameLinks.has(tokens[i - 1]!.text);
}

/** Tokens [a, b) are separated by spaces only (no punctuation, no line break inside a name). */
function contiguous(normalized: string, tokens: Token[], a: number, b: number) {
  for (let k = a + 1; k < b; k++) {
    const gap = normalized.slice(tokens[k - 1]!.e, tokens[k]!.s);
    if (!/^[ \t\u00A0]+$/.test(gap)) return false;
  }
  return true;
}

/** The word itself, and the word without a proclitic (`والفرع` → `الفرع`, `للشرطة` → `الشرطة`). */
function variants(word: string): Array<{ stem: string; strip: number }> {
  const out = [{ stem: word, strip: 0 }];
  for (const c of clitics) {
    if (word.startsWith(c) && word.length - c.length >= 2) out.push({ stem: word.slice(c.length), strip: c.length });
  }
  // ل + ال → لل: the article's alef is dropped, so the span keeps the whole word.
  for (const p of ['لل', 'ولل', 'فلل']) {
    if (word.startsWith(p) && word.length - p.length >= 2) out.push({ stem: `ال${word.slice(p.length)}`, strip: 0 });
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
