/**
 * The translation memory: confirmed Arabic → English line pairs, matched against a new line on
 * normalized Arabic with placeables (placeables.ts) abstracted, so a formula seen once
 * translates later instances with their own names, numbers, dates and units.
 *
 * Pure and in memory, with no database: the server (service.ts) fills one from the confirmed
 * lines of the collections and keeps it current, `npx sijill pretranslate --tmx` fills one from a
 * TMX file, the benchmark from the sample corpus. The same `suggest` serves all three.
 *
 * Matching works on tokens: normalized words, punctuation (half weight) and placeables (one
 * token each). The match score is the CAT convention, 0–100: 100 for the same normalized line,
 * 99 or less when placeables were substituted (`substituted`), lower as words differ (`fuzzy`):
 * 100 × (1 − weighted word edit distance ÷ the longer line's weight). Candidates come from an
 * exact index of templates (the line with placeables abstracted) and an inverted index of words,
 * rarest words first, so a memory of 100,000 entries answers in milliseconds.
 */
import { latinDigits, normalizeArabic } from '../text/arabic';
import { isMonthNameWord } from '../text/dates';
import type { AnnotateOptions, SuggestionEngine } from '../text/suggest';
import { isKnownGivenName, romanizeArabicName, type NameRole } from '../text/romanize';
import { alignPlaceables, dateStyleOf, findPlaceables, renderDate, type DateStyle, type Placeable, type PlaceableKind, type Span } from './placeables';

export type MemoryOrigin = {
  /** `segment`: a confirmed line of a document; `imported`: a TMX translation unit. */
  kind: 'segment' | 'imported';
  id: number | string;
  /** The collection whose readers may see it; null in a memory with no collections (the CLI). */
  collectionId: number | null;
  documentId?: number | null;
};

export type MemoryEntryInput = {
  source: string;
  target: string;
  /** The Arabic line before this one in its document, when known (names introduced by المدعو). */
  previous?: string;
  origin: MemoryOrigin;
  /** Milliseconds since the epoch; the more recent of two equal candidates wins. */
  updatedAt?: number;
};

export const suggestionOrigins = ['exact', 'substituted', 'fuzzy', 'placeables', 'propagated'] as const;
export type SuggestionOrigin = (typeof suggestionOrigins)[number];

/**
 * One run of the word-by-word difference. `spaceBefore`: the run is written after a space in its
 * own line (the new line's, or the memory's for `delete`), so the difference reads as the lines
 * are written (`601.`, `9130/ص`, `الرقم:`) and not as tokens joined by spaces.
 */
export type DiffPart = { op: 'equal' | 'insert' | 'delete' | 'placeable'; text: string; spaceBefore: boolean };

export type TranslationSuggestion = {
  translation: string;
  /** 0–100 (CAT match score). */
  score: number;
  origin: SuggestionOrigin;
  /** The memory entry used, or null for a line rendered from its placeables alone. */
  match: { source: string; target: string; origin: MemoryOrigin } | null;
  /** The new line against the memory's Arabic, word by word: `insert` is only in the new line, `delete` only in the memory's. */
  diff: DiffPart[];
  /** How each placeable of the new line was rendered. */
  placeables: Array<{ kind: PlaceableKind; start: number; end: number; english: string; substituted: boolean }>;
};

type Token = { key: string; weight: number; text: string; start: number; end: number; p?: Placeable; fixed?: boolean; span?: Span | null };

type Analysis = { line: string; tokens: Token[]; placeables: Placeable[]; templateKey: string; weight: number; normalized: string };

/**
 * `looseDigits`: the English holds digits no aligned placeable accounts for (a code glued to
 * letters such as 12ب → 12B, a number or date written in a form the aligner does not read).
 */
type StoredEntry = MemoryEntryInput & { key: string; analysis: Analysis; spans: Array<Span | null>; targetKey: string; updatedAt: number; group: Group; looseDigits: boolean };

type Group = { key: string; tokens: Token[]; weight: number; entries: StoredEntry[]; index: number };

export type MemoryOptions = {
  /**
   * Finds dates, register entries and names: OCR-tolerant in new lines; in memory entries, whose
   * Arabic a person confirmed, register names only as written (about twice as fast to fill a
   * large memory with).
   */
  engine: SuggestionEngine;
  /** English aliases of a register entry, besides its canonical form. */
  aliasesOf?: (entityId: number | string) => string[];
  /** Below this score nothing is suggested (default 50). */
  minScore?: number;
};

const wordRe = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
const punctuationFold: Record<string, string> = { '،': ',', '؛': ';', '؟': '?', '٫': ',', '–': '-', '—': '-' };
const clitics = ['و', 'ف', 'ب', 'ل', 'ك'];

export class TranslationMemory {
  private engine: SuggestionEngine;
  private aliasesOf?: (entityId: number | string) => string[];
  readonly minScore: number;
  private readonly entries = new Map<string, StoredEntry>();
  private readonly groups = new Map<string, Group>();
  private readonly postings = new Map<string, Group[]>();
  /**
   * What the memory learned from its own translations is kept per collection, like its entries,
   * so that a reader's names and places are never spelled as only a collection they may not read
   * spells them. `role:word` (normalized Arabic name word) → English spellings used.
   */
  private readonly lexicon = new Map<string, Learned>();
  /** Normalized words seen as the first word of a name, and in which collections. */
  private readonly learnedGiven = new Map<string, Set<number | null>>();
  private counts = new Uint8Array(1024);
  /** A unit's or place's Arabic as written (normalized) → the English the memory used for it. */
  private readonly surfaces = new Map<string, Learned>();
  /** Normalized source line → entries with exactly that line. */
  private readonly bySource = new Map<string, StoredEntry[]>();

  constructor(opts: MemoryOptions) {
    this.engine = opts.engine;
    this.aliasesOf = opts.aliasesOf;
    this.minScore = opts.minScore ?? 50;
  }

  /**
   * The register changed: new lines and new entries are read with it from now on, and the
   * entries it touches are read again — those holding a changed, merged or removed entry
   * (`changedIds`), and those whose Arabic holds every word of one of `names` (the Arabic names of
   * entries created or changed), which may now be a register entry where they were plain words.
   * Returns how many entries were read again.
   */
  followRegister(engine: SuggestionEngine, aliasesOf: ((entityId: number | string) => string[]) | undefined, changed: { ids: Iterable<number | string>; names: string[] }): number {
    this.engine = engine;
    this.aliasesOf = aliasesOf;
    const ids = new Set([...changed.ids].map((id) => `entity:${id}`));
    // Names by their first word; an entry word may carry a proclitic (وفرع, بقرية, والدباغ).
    const byFirst = new Map<string, string[][]>();
    for (const name of changed.names) {
      const words = normalizeArabic(name).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      if (words.length) push(byFirst, words[0]!, words);
    }
    const holdsName = (e: StoredEntry) => {
      if (byFirst.size === 0) return false;
      const words = new Set(e.analysis.normalized.split(/[^\p{L}\p{N}]+/u).filter(Boolean));
      const bare = (w: string) => [w, ...(clitics.includes(w[0]!) && w.length > 2 ? [w.slice(1)] : []), ...(w.length > 3 && clitics.includes(w[0]!) && clitics.includes(w[1]!) ? [w.slice(2)] : [])];
      const has = (w: string) => [...words].some((x) => bare(x).includes(w));
      for (const w of words) for (const first of bare(w)) for (const name of byFirst.get(first) ?? []) if (name.every(has)) return true;
      return false;
    };
    const stale = [...this.entries.values()].filter((e) => e.analysis.placeables.some((p) => ids.has(p.value)) || holdsName(e));
    for (const e of stale) this.add({ source: e.source, target: e.target, previous: e.previous, origin: e.origin, updatedAt: e.updatedAt });
    return stale.length;
  }

  /** Ids of the register entries whose names a line holds (see `SuggestionEngine.registerIdsIn`), to ask which a reader may see. */
  registerIdsIn(text: string): Array<number | string> {
    return this.engine.registerIdsIn(text.normalize('NFC').trim());
  }

  get size() {
    return this.entries.size;
  }

  private readonly context = (opts: AnalyseOptions) => ({
    engine: this.engine,
    annotate: { fuzzy: opts.fuzzy, hidden: opts.hidden },
    aliasesOf: this.aliasesOf,
    isGivenName: (w: string) => isKnownGivenName(w) || [...(this.learnedGiven.get(w) ?? [])].some(opts.allowed ?? everything),
  });

  /** Adds or replaces (by origin kind and id) an entry. Empty sides are ignored. */
  add(input: MemoryEntryInput): void {
    const key = `${input.origin.kind}:${input.origin.id}`;
    this.remove(key);
    const source = input.source.normalize('NFC').trim();
    const target = input.target.normalize('NFC').trim();
    if (!source || !target) return;
    const analysis = this.analyse(source, input.previous, { fuzzy: false });
    const spans = alignPlaceables(source, target, analysis.placeables);
    analysis.tokens.forEach((t) => {
      if (t.p) {
        t.span = spans[analysis.placeables.indexOf(t.p)] ?? null;
        t.fixed = !t.span;
      }
    });
    this.learnNames(source, target, analysis.placeables, spans, input.origin.collectionId);
    this.learnSurfaces(source, target, analysis.placeables, spans, input.origin.collectionId);
    let targetKey = target;
    [...spans.entries()]
      .filter(([, s]) => s)
      .sort((a, b) => b[1]!.start - a[1]!.start)
      .forEach(([i, s]) => (targetKey = `${targetKey.slice(0, s!.start)}⟦${analysis.placeables[i]!.kind}⟧${targetKey.slice(s!.end)}`));
    let group = this.groups.get(analysis.templateKey);
    if (!group) {
      group = { key: analysis.templateKey, tokens: analysis.tokens, weight: analysis.weight, entries: [], index: this.groups.size };
      this.groups.set(group.key, group);
      for (const k of new Set(analysis.tokens.map((t) => t.key))) push(this.postings, k, group);
    }
    const looseDigits = /\p{Nd}/u.test(spans.reduce((t, sp) => (sp ? t.slice(0, sp.start) + ' '.repeat(sp.end - sp.start) + t.slice(sp.end) : t), target));
    const entry: StoredEntry = { ...input, source, target, key, analysis, spans, targetKey, updatedAt: input.updatedAt ?? Date.now(), group, looseDigits };
    group.entries.push(entry);
    this.entries.set(key, entry);
    push(this.bySource, analysis.normalized, entry);
  }

  /** Removes an entry by `kind:id` (e.g. `segment:42`); a no-op if absent. */
  remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const list = entry.group.entries;
    list.splice(list.indexOf(entry), 1);
    const same = this.bySource.get(entry.analysis.normalized)!;
    same.splice(same.indexOf(entry), 1);
    if (same.length === 0) this.bySource.delete(entry.analysis.normalized);
  }

  has(key: string) {
    return this.entries.has(key);
  }

  /** Every entry readable under `allowed`, for TMX export. */
  *list(allowed?: (collectionId: number | null) => boolean): Iterable<{ source: string; target: string; origin: MemoryOrigin; updatedAt: number }> {
    for (const e of this.entries.values()) if (!allowed || allowed(e.origin.collectionId)) yield { source: e.source, target: e.target, origin: e.origin, updatedAt: e.updatedAt };
  }

  /**
   * A person name in the project's convention: the memory's own spellings first (those of
   * collections under `allowed`), then the romanizer.
   */
  romanizeName(arabic: string, allowed: (collectionId: number | null) => boolean = everything): string {
    return romanizeArabicName(arabic, (w: string, role: NameRole) =>
      [`${role}:${w}`, `given:${w}`, `family:${w}`].reduce<string | undefined>((found, key) => found ?? mostUsed(this.lexicon.get(key), allowed), undefined),
    );
  }

  /**
   * The best suggestion for one Arabic line, or null when nothing reaches `minScore`.
   * `allowed` limits the entries to collections the reader may see: nothing else is looked at.
   * `hidden` register entries (those the reader may not see) are not recognised in the line: their
   * English forms never reach the suggestion (see `registerIdsIn`).
   */
  suggest(
    text: string,
    opts: { previous?: string; allowed?: (collectionId: number | null) => boolean; exclude?: string; hidden?: (entityId: number | string) => boolean } = {},
  ): TranslationSuggestion | null {
    const line = text.normalize('NFC').trim();
    if (!line) return null;
    const readable = opts.allowed ?? everything;
    const query = this.analyse(line, opts.previous, { hidden: opts.hidden, allowed: readable });
    // A line is never its own suggestion (`exclude`: its entry key, e.g. `segment:42`).
    const allowed = (e: StoredEntry) => readable(e.origin.collectionId) && e.key !== opts.exclude;
    let best: Candidate | null = null;
    const consider = (group: Group) => {
      const c = this.bestInGroup(group, query, allowed);
      if (c && (!best || c.score > best.score || (c.score === best.score && c.entry.updatedAt > best.entry.updatedAt))) best = c;
    };
    const identical = this.identical(query, allowed, readable);
    if (identical) return identical;
    const exact = this.groups.get(query.templateKey);
    if (exact) consider(exact);
    if (!best || (best as Candidate).score < 99) for (const g of this.candidates(query)) if (g !== exact) consider(g);
    const found = best as Candidate | null;
    const fromMemory = found && found.score >= this.minScore ? this.render(query, found, readable) : null;
    const fromPlaceables = this.placeablesOnly(line, query, readable);
    if (fromPlaceables && (!fromMemory || fromMemory.score < fromPlaceables.score)) return fromPlaceables;
    return fromMemory;
  }

  /** The same line (after normalization) in the memory: its most used translation, most recent first. */
  private identical(query: Analysis, allowed: (e: StoredEntry) => boolean, readable: (collectionId: number | null) => boolean): TranslationSuggestion | null {
    const same = recentAllowed(this.bySource.get(query.normalized) ?? [], allowed);
    if (same.length === 0) return null;
    const byTarget = new Map<string, StoredEntry[]>();
    for (const e of same) push(byTarget, e.target, e);
    const [entries] = [...byTarget.values()].sort((a, b) => b.length - a.length || Math.max(...b.map((e) => e.updatedAt)) - Math.max(...a.map((e) => e.updatedAt)));
    const entry = entries!.reduce((x, y) => (y.updatedAt > x.updatedAt ? y : x));
    return this.render(query, { entry, score: 100, steps: align(entry.analysis.tokens, query.tokens).steps, identical: true }, readable);
  }

  // ——— analysis ———

  private analyse(line: string, previous: string | undefined, opts: AnalyseOptions): Analysis {
    const placeables = findPlaceables(line, this.context(opts), previous);
    const tokens: Token[] = [];
    let at = 0;
    const words = (from: number, to: number) => {
      for (const m of line.slice(from, to).matchAll(wordRe)) {
        const raw = m[0];
        const isWord = /[\p{L}\p{N}]/u.test(raw);
        const key = isWord ? normalizeArabic(raw) : (punctuationFold[raw] ?? raw);
        tokens.push({ key, weight: isWord ? 1 : 0.5, text: raw, start: from + m.index, end: from + m.index + raw.length });
      }
    };
    for (const p of placeables) {
      words(at, p.start);
      tokens.push({ key: `⟦${p.kind}⟧`, weight: 1, text: line.slice(p.start, p.end), start: p.start, end: p.end, p });
      at = p.end;
    }
    words(at, line.length);
    return {
      line,
      tokens,
      placeables,
      templateKey: tokens.map((t) => t.key).join(' '),
      weight: tokens.reduce((s, t) => s + t.weight, 0),
      normalized: normalizeArabic(line).replace(/\s+/g, ' '),
    };
  }

  /** Word spellings of names the memory aligned, so new names follow the project's convention. */
  private learnNames(source: string, target: string, placeables: Placeable[], spans: Array<Span | null>, collectionId: number | null) {
    placeables.forEach((p, i) => {
      const span = spans[i];
      if (p.kind !== 'person' || !span || p.value.startsWith('entity:')) return;
      const arabic = normalizeArabic(source.slice(p.start, p.end)).split(/\s+/).filter(Boolean);
      // عبد الله is one English word (Abdullah).
      const merged: string[] = [];
      for (let k = 0; k < arabic.length; k++) {
        if (arabic[k] === 'عبد' && k + 1 < arabic.length) merged.push(`عبد ${arabic[++k]}`);
        else merged.push(arabic[k]!);
      }
      const english = target.slice(span.start, span.end).split(/\s+/).filter(Boolean);
      if (english.length !== merged.length) return;
      merged.forEach((w, k) => {
        const afterLink = k > 0 && ['بن', 'بنت', 'ابن'].includes(merged[k - 1]!);
        const role: NameRole = k === merged.length - 1 && k > 0 && !afterLink ? 'family' : 'given';
        learn(this.lexicon, `${role}:${w}`, english[k]!, collectionId);
      });
      if (!merged[0]!.includes(' ')) {
        const seen = this.learnedGiven.get(merged[0]!) ?? new Set<number | null>();
        this.learnedGiven.set(merged[0]!, seen.add(collectionId));
      }
    });
  }

  /** How the memory writes each unit and place as spelled in the Arabic (فرع فلسطين → Palestine Branch). */
  private learnSurfaces(source: string, target: string, placeables: Placeable[], spans: Array<Span | null>, collectionId: number | null) {
    placeables.forEach((p, i) => {
      const span = spans[i];
      if ((p.kind !== 'unit' && p.kind !== 'place') || !span) return;
      const key = normalizeArabic(source.slice(p.start, p.end));
      learn(this.surfaces, key, target.slice(span.start, span.end), collectionId);
    });
  }

  // ——— retrieval ———

  /** Groups sharing the query's rarer words, most shared first, within the length a passing score allows. */
  private candidates(query: Analysis): Group[] {
    const keys = [...new Set(query.tokens.filter((t) => t.weight === 1).map((t) => t.key))];
    const df = (k: string) => this.postings.get(k)?.length ?? 0;
    const known = keys.filter((k) => df(k) > 0).sort((a, b) => df(a) - df(b));
    // Prefix filtering: a group that shares none of the rarest half+1 words cannot reach the score.
    const probe = known.slice(0, Math.ceil(keys.length * (1 - this.minScore / 100)) + 1);
    // Shared-word counts per group in a reused typed array (a Map of thousands of groups per line is the slow part).
    if (this.counts.length < this.groups.size) this.counts = new Uint8Array(Math.max(1024, this.groups.size * 2));
    const counts = this.counts;
    const touched: Group[] = [];
    for (const k of probe) {
      // A word in tens of thousands of templates says little: its most recent ones are enough.
      const list = this.postings.get(k)!;
      for (let i = list.length - 1, n = 0; i >= 0 && n < 3000; i--, n++) {
        const g = list[i]!;
        if (counts[g.index]! === 0) touched.push(g);
        counts[g.index]!++;
      }
    }
    const ratio = this.minScore / 100;
    // The 60 sharing most words, by buckets of shared-word counts (no sort of thousands of groups).
    const buckets: Group[][] = Array.from({ length: probe.length + 1 }, () => []);
    for (const g of touched) {
      const n = counts[g.index]!;
      counts[g.index] = 0;
      if (g.entries.length > 0 && g.weight >= query.weight * ratio && g.weight * ratio <= query.weight) buckets[Math.min(n, probe.length)]!.push(g);
    }
    const out: Group[] = [];
    for (let n = probe.length; n > 0 && out.length < 60; n--) {
      const bucket = buckets[n]!;
      if (out.length + bucket.length > 60) bucket.sort((a, b) => Math.abs(a.weight - query.weight) - Math.abs(b.weight - query.weight));
      out.push(...bucket.slice(0, 60 - out.length));
    }
    return out;
  }

  private bestInGroup(group: Group, query: Analysis, allowed: (e: StoredEntry) => boolean): Candidate | null {
    // Variants of the group's translation, most used first; the most recent entry stands for each.
    const variants = new Map<string, StoredEntry[]>();
    for (const e of recentAllowed(group.entries, allowed)) push(variants, e.targetKey, e);
    if (variants.size === 0) return null;
    let best: Candidate | null = null;
    const ranked = [...variants.values()].sort((a, b) => b.length - a.length).slice(0, 3);
    for (const list of ranked) {
      const entry = list.reduce((x, y) => (fixedCount(y) < fixedCount(x) || (fixedCount(y) === fixedCount(x) && y.updatedAt > x.updatedAt) ? y : x));
      const aligned = align(entry.analysis.tokens, query.tokens);
      if (entry.looseDigits && carriesUnplacedValue(entry.analysis.tokens, query.tokens, aligned.steps)) continue;
      const total = Math.max(entry.analysis.weight, query.weight);
      let score = Math.max(0, Math.floor(100 * (1 - aligned.cost / total) + 1e-9));
      const identical = entry.analysis.normalized === query.normalized;
      if (identical) score = 100;
      else score = Math.min(score, 99);
      if (!best || score > best.score) best = { entry, score, steps: aligned.steps, identical };
    }
    return best;
  }

  // ——— rendering ———

  /**
   * The memory's English with the new line's placeables in it. Only a placeable aligned with one
   * of the same kind in the new line is substituted (rendered from the new line's value). Where
   * the alignment leaves a stretch of the two lines unmatched (a gap), a memory placeable in it
   * is the memory's own value and never stays in the English:
   * - it is replaced by what the new line has there — its numbers, dates and month names, from
   *   the first to the last, written as the source writes them (Latin digits; a date the parser
   *   read in the memory's date style; words such as `نيسان` left in Arabic for a person);
   * - or removed, when the new line has nothing there.
   * Numbers and dates the new line has in a gap beside a substituted date or number go with it,
   * in the source's order (`3/4/2019 و 5/6/2019` where the memory had one date). Any left with
   * no place in the English are missing from it, and QA's number/date check flags them.
   *
   * Why the source as written rather than a score below the fuzzy threshold: an unreadable or
   * impossible date (`3/4/19`, `/ /2019`, `31/2/2020`) is what the document says, and a court
   * translation renders it as written, never "corrected"; OCR-damaged dates are common in these
   * scans, so dropping the whole formula for each would leave most of such a line to typing.
   * The one case with no place to write it — a memory entry whose English holds digits no
   * placeable accounts for — is never used for a line that changes such a value
   * (`carriesUnplacedValue`).
   */
  private render(query: Analysis, c: Candidate, readable: (collectionId: number | null) => boolean): TranslationSuggestion {
    const { entry } = c;
    const steps = c.steps;
    const mOf = (step: Step) => (step.a === null ? null : entry.analysis.tokens[step.a]!);
    const qOf = (step: Step) => (step.b === null ? null : query.tokens[step.b]!);
    const paired = (step: Step) => {
      const m = mOf(step);
      const q = qOf(step);
      return Boolean(m?.p && q?.p && m.p.kind === q.p.kind);
    };
    const anchored = (step: Step) => {
      const m = mOf(step);
      const q = qOf(step);
      return Boolean(m && q && (paired(step) || (!m.p && !q.p && step.cost === 0)));
    };
    const styleAt = (span: Span | null | undefined, p: Placeable | undefined): DateStyle | undefined =>
      span && p?.kind === 'date' ? dateStyleOf(entry.target.slice(span.start, span.end)) : undefined;
    const replacements: Array<{ span: Span; english: string }> = [];
    const rendered: TranslationSuggestion['placeables'] = [];
    // Query-side text going before / after a substituted placeable (by step index).
    const beside = new Map<number, { before: string; after: string }>();

    for (let i = 0; i < steps.length; ) {
      if (anchored(steps[i]!)) {
        i++;
        continue;
      }
      let j = i;
      while (j < steps.length && !anchored(steps[j]!)) j++;
      const gap = steps.slice(i, j);
      const memory = gap.map(mOf).filter((m): m is Token => Boolean(m?.p && m.span));
      const value = valueStretch(gap.map((s) => s.b).filter((b): b is number => b !== null), query.tokens);
      if (memory.length) {
        const style = styleAt(memory[0]!.span, memory[0]!.p);
        memory.forEach((m, k) => replacements.push({ span: m.span!, english: k === 0 && value ? this.renderStretch(query, value, style, readable, rendered) : '' }));
      } else if (value) {
        const next = steps[j];
        const prev = steps[i - 1];
        const valued = (step: Step | undefined) => step && paired(step) && mOf(step)!.span && (mOf(step)!.p!.kind === 'date' || mOf(step)!.p!.kind === 'number');
        if (valued(next)) {
          const m = mOf(next!)!;
          const text = this.renderStretch(query, value, styleAt(m.span, m.p), readable, rendered);
          const side = beside.get(j) ?? { before: '', after: '' };
          side.before = text + latinDigits(query.line.slice(query.tokens[value[1]]!.end, qOf(next!)!.start));
          beside.set(j, side);
        } else if (valued(prev)) {
          const m = mOf(prev!)!;
          const text = this.renderStretch(query, value, styleAt(m.span, m.p), readable, rendered);
          const side = beside.get(i - 1) ?? { before: '', after: '' };
          side.after = latinDigits(query.line.slice(qOf(prev!)!.end, query.tokens[value[0]]!.start)) + text;
          beside.set(i - 1, side);
        }
      }
      i = j;
    }

    const diff: DiffPart[] = [];
    const part = (op: DiffPart['op'], token: Token, line: string): DiffPart => ({ op, text: token.text, spaceBefore: spaced(line, token) });
    let substituted = false;
    steps.forEach((step, i) => {
      const m = mOf(step);
      const q = qOf(step);
      if (m && q && m.p && q.p && m.p.kind === q.p.kind) {
        const same = m.p.value === q.p.value;
        const side = beside.get(i);
        if (m.span) {
          const memoryEnglish = entry.target.slice(m.span.start, m.span.end);
          const english = same ? memoryEnglish : this.renderPlaceable(q.p, q.text, memoryEnglish, readable);
          if (!same || side) replacements.push({ span: m.span, english: (side?.before ?? '') + english + (side?.after ?? '') });
          rendered.push({ kind: q.p.kind, start: q.p.start, end: q.p.end, english, substituted: !same });
          if (!same) substituted = true;
        }
        diff.push(part(same ? 'equal' : 'placeable', q, query.line));
      } else if (m && q && step.cost === 0) diff.push(part('equal', q, query.line));
      else {
        if (m) diff.push(part('delete', m, entry.analysis.line));
        if (q) diff.push(part('insert', q, query.line));
      }
    });
    let translation = entry.target;
    for (const r of replacements.sort((x, y) => y.span.start - x.span.start)) {
      let start = r.span.start;
      // A value removed takes the space before it along (`No. 12,` → `No.,`), never the memory's spacing elsewhere.
      if (!r.english && translation[start - 1] === ' ' && (r.span.end === translation.length || /[\s,.;:)]/.test(translation[r.span.end]!))) start--;
      translation = translation.slice(0, start) + r.english + translation.slice(r.span.end);
    }
    const origin: SuggestionOrigin = c.identical ? 'exact' : c.score >= 99 && substituted ? 'substituted' : c.score >= 99 ? 'exact' : 'fuzzy';
    return {
      translation: translation.trim(),
      score: c.score,
      origin,
      match: { source: entry.source, target: entry.target, origin: entry.origin },
      diff: mergeDiff(diff),
      placeables: rendered.sort((x, y) => x.start - y.start),
    };
  }

  /**
   * Query tokens `from`..`to` (inclusive) in English: placeables rendered from their own values
   * (a date in `style`), everything else as written with Latin digits.
   */
  private renderStretch(query: Analysis, [from, to]: [number, number], style: DateStyle | undefined, readable: (collectionId: number | null) => boolean, rendered: TranslationSuggestion['placeables']): string {
    let out = '';
    for (let k = from; k <= to; k++) {
      const t = query.tokens[k]!;
      if (k > from) out += latinDigits(query.line.slice(query.tokens[k - 1]!.end, t.start));
      if (t.p) {
        const english = t.p.kind === 'date' ? renderDate(t.p.iso!, style) : this.renderPlaceable(t.p, t.text, undefined, readable);
        rendered.push({ kind: t.p.kind, start: t.p.start, end: t.p.end, english, substituted: true });
        out += english;
      } else out += latinDigits(foldPunctuation(t.text));
    }
    return out;
  }

  /**
   * A new value in English: a date in the style the memory wrote its own, a name in the project's
   * convention, a unit or place as the memory's translations (of collections under `allowed`) wrote it.
   */
  renderPlaceable(p: Placeable, arabic: string, memoryEnglish?: string, allowed: (collectionId: number | null) => boolean = everything): string {
    switch (p.kind) {
      case 'date':
        return renderDate(p.iso!, memoryEnglish ? dateStyleOf(memoryEnglish) : undefined);
      case 'number':
        return p.value;
      case 'person':
        return p.forms[0] ?? this.romanizeName(arabic, allowed);
      default:
        return mostUsed(this.surfaces.get(normalizeArabic(arabic)), allowed) ?? p.forms[0] ?? arabic;
    }
  }

  /**
   * A line made only of placeables and punctuation (a unit, a name, a list number and a name):
   * their English, in the line's order. Score 90 when every part came from the register, a
   * date or a number; 75 when a name was romanized.
   */
  private placeablesOnly(line: string, query: Analysis, readable: (collectionId: number | null) => boolean): TranslationSuggestion | null {
    if (query.placeables.length === 0 || query.tokens.some((t) => !t.p && t.weight === 1)) return null;
    let out = '';
    let at = 0;
    let romanized = false;
    const rendered: TranslationSuggestion['placeables'] = [];
    for (const p of query.placeables) {
      out += foldPunctuation(line.slice(at, p.start));
      const english = this.renderPlaceable(p, line.slice(p.start, p.end), undefined, readable);
      if (p.kind === 'person' && !p.forms.length) romanized = true;
      rendered.push({ kind: p.kind, start: p.start, end: p.end, english, substituted: true });
      out += english;
      at = p.end;
    }
    out += foldPunctuation(line.slice(at));
    return {
      translation: out.trim(),
      score: romanized ? 75 : 90,
      origin: 'placeables',
      match: null,
      diff: query.tokens.map((t) => ({ op: t.p ? 'placeable' : 'insert', text: t.text, spaceBefore: spaced(line, t) })),
      placeables: rendered,
    };
  }
}

/** How a line is read: register entries left out, OCR-tolerant or not, and whose learned given names count. */
type AnalyseOptions = Pick<AnnotateOptions, 'fuzzy' | 'hidden'> & { allowed?: (collectionId: number | null) => boolean };

const everything = () => true;

/** English spellings learned for one key, with how often each collection's translations used them. */
type Learned = Map<string, Map<number | null, number>>;

function learn(map: Map<string, Learned>, key: string, english: string, collectionId: number | null) {
  const spellings = map.get(key) ?? new Map<string, Map<number | null, number>>();
  const uses = spellings.get(english) ?? new Map<number | null, number>();
  uses.set(collectionId, (uses.get(collectionId) ?? 0) + 1);
  spellings.set(english, uses);
  map.set(key, spellings);
}

/** The spelling most used by the collections under `allowed`, or undefined when none of them used one. */
function mostUsed(spellings: Learned | undefined, allowed: (collectionId: number | null) => boolean): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [english, uses] of spellings ?? []) {
    let n = 0;
    for (const [collectionId, count] of uses) if (allowed(collectionId)) n += count;
    if (n > bestCount) [best, bestCount] = [english, n];
  }
  return best;
}

type Step = { a: number | null; b: number | null; cost: number };
type Candidate = { entry: StoredEntry; score: number; steps: Step[]; identical: boolean };

const fixedCount = (e: StoredEntry) => e.spans.filter((s) => !s).length;

/**
 * The most recently added entries of a list that the reader may see, at most `limit`: a formula
 * held thousands of times is judged by its latest uses, so a look-up costs the same at any size.
 */
function recentAllowed(list: StoredEntry[], allowed: (e: StoredEntry) => boolean, limit = 100): StoredEntry[] {
  const out: StoredEntry[] = [];
  for (let i = list.length - 1; i >= 0 && out.length < limit; i--) if (allowed(list[i]!)) out.push(list[i]!);
  return out;
}

/**
 * The new line's values in an unmatched stretch (query token indices, in order): from its first
 * to its last number, date or other placeable, or token with a digit, taking along the month names
 * beside them (`3 نيسان`, `3 كانون الثاني`) and the separators before (`/ /2019`). Null if none.
 */
function valueStretch(indices: number[], tokens: Token[]): [number, number] | null {
  const core = indices.filter((b) => tokens[b]!.p || /\p{Nd}/u.test(tokens[b]!.text));
  if (core.length === 0) return null;
  let first = indices.indexOf(core[0]!);
  let last = indices.indexOf(core[core.length - 1]!);
  const monthWord = (b: number) => isMonthNameWord(tokens[b]!.key);
  while (first > 0 && (monthWord(indices[first - 1]!) || /^[/.\-]$/.test(tokens[indices[first - 1]!]!.key)) && indices[first - 1] === indices[first]! - 1) first--;
  while (last + 1 < indices.length && monthWord(indices[last + 1]!) && indices[last + 1] === indices[last]! + 1) last++;
  return [indices[first]!, indices[last]!];
}

/**
 * Whether the memory's Arabic has a value (a token with a digit) that the new line does not have
 * and that has no aligned place in the English: its English may still be there, somewhere the
 * renderer cannot find, so the entry is not used for this line.
 */
function carriesUnplacedValue(memory: Token[], query: Token[], steps: Step[]): boolean {
  return steps.some((s) => {
    if (s.a === null) return false;
    const m = memory[s.a]!;
    if (m.span || !/\p{Nd}/u.test(m.text)) return false;
    const q = s.b === null ? null : query[s.b]!;
    return !q || (m.p ? !q.p || q.p.value !== m.p.value : q.key !== m.key);
  });
}

/** Substitution cost of a memory token for a query token. */
function subCost(m: Token, q: Token): number {
  if (m.p || q.p) {
    if (!m.p || !q.p || m.p.kind !== q.p.kind) return Math.max(m.weight, q.weight);
    return m.p.value === q.p.value || !m.fixed ? 0 : 1;
  }
  if (m.key === q.key) return 0;
  // The same word with or without an attached و ف ب ل ك: half a word.
  const w = Math.max(m.weight, q.weight);
  if (m.weight === 1 && q.weight === 1 && clitics.some((c) => m.key === c + q.key || q.key === c + m.key)) return w / 2;
  return w;
}

/** Weighted token edit distance with its alignment (memory tokens a, query tokens b). */
function align(a: Token[], b: Token[]): { cost: number; steps: Step[] } {
  const n = a.length;
  const m = b.length;
  const d = new Float64Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = 1; i <= n; i++) d[at(i, 0)] = d[at(i - 1, 0)]! + a[i - 1]!.weight;
  for (let j = 1; j <= m; j++) d[at(0, j)] = d[at(0, j - 1)]! + b[j - 1]!.weight;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      d[at(i, j)] = Math.min(d[at(i - 1, j - 1)]! + subCost(a[i - 1]!, b[j - 1]!), d[at(i - 1, j)]! + a[i - 1]!.weight, d[at(i, j - 1)]! + b[j - 1]!.weight);
    }
  }
  const steps: Step[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0) {
      const c = subCost(a[i - 1]!, b[j - 1]!);
      if (Math.abs(d[at(i, j)]! - (d[at(i - 1, j - 1)]! + c)) < 1e-9) {
        steps.push({ a: i - 1, b: j - 1, cost: c });
        i--;
        j--;
        continue;
      }
    }
    if (i > 0 && Math.abs(d[at(i, j)]! - (d[at(i - 1, j)]! + a[i - 1]!.weight)) < 1e-9) {
      steps.push({ a: i - 1, b: null, cost: a[i - 1]!.weight });
      i--;
    } else {
      steps.push({ a: null, b: j - 1, cost: b[j - 1]!.weight });
      j--;
    }
  }
  return { cost: d[at(n, m)]!, steps: steps.reverse() };
}

/** Neighbouring parts with the same operation joined by a space. */
/** Whether a token is written after white space in its line (not at its start). */
const spaced = (line: string, token: Token) => token.start > 0 && /\s/.test(line[token.start - 1]!);

function mergeDiff(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.op === p.op && p.op !== 'placeable') last.text += `${p.spaceBefore ? ' ' : ''}${p.text}`;
    else out.push({ ...p });
  }
  return out;
}

const foldPunctuation = (s: string) => s.replace(/[،؛؟٫–—]/g, (c) => punctuationFold[c] ?? c);

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
