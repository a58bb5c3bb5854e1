/**
 * Compiling a parsed query (api/search/query.ts) into what the search SQL matches
 * (db/queries/search.ts `QueryMatch`): tsquery text per index for every term, after looking
 * up the register entities a quoted phrase or the whole query names.
 *
 * - Arabic (and numbers): the words as the index holds them (api/search/index-keys.ts
 *   `indexForm`: `٨/٤/٢٠١٥` is the phrase `8 <-> 4 <-> 2015`), each Arabic word expanded into
 *   every written form of its stems (api/text/proclitics.ts: المطلوبين → والمطلوبين, بالمطلوبين…),
 *   built here as tsquery text (the index uses the 'simple' configuration: no stemming).
 *   A plain word that is only a function word (في، من، عن…) constrains nothing.
 * - Latin: the English translation (PostgreSQL's 'english' stemming), the romanized keys of
 *   the translation, and the Arabic words whose romanized key the vocabulary holds
 *   (`arKey`: Sabbagh → الصباغ, والصباغ…), ranked below exact matches.
 */
import {
  entitiesByArabicName,
  existingTerms,
  entitiesByLatinPattern,
  taggedLineIds,
  termsWithLatinKeys,
  tsqueryTexts,
  type EntityMatch,
  type QueryMatch,
  type SearchTarget,
  type TermMatch,
  type TsqueryRequest,
} from '../../db/queries/search';
import type { Executor } from '../../db/client';
import { containsArabic, normalizeArabic } from '../text/arabic';
import { procliticFamily, procliticStems } from '../text/proclitics';
import { romanizedKey, romanizedKeyPattern } from '../text/romanize';
import { indexForm } from './index-keys';
import type { ParsedQuery, SearchTerm } from './query';

export type { EntityMatch };
/** What the Arabic highlights mark: whole index words, and words starting with a prefix. */
export type ArabicHighlight = { words: Set<string>; prefixes: string[] };
/** A term with its tsqueries (empty when the term is only function words). */
export type CompiledTerm = TermMatch & { term: SearchTerm; highlight?: ArabicHighlight };
export type CompiledQuery = QueryMatch<CompiledTerm> & {
  /** Entities the query was recognised as, for the client to show ("searching also for …"). */
  entities: EntityMatch[];
};

/**
 * Words that carry no search on their own (prepositions, conjunctions, pronouns, particles), as
 * the normalizer writes them: a plain query word that is one of them constrains nothing (in a
 * phrase they still must stand where they stand). Not على: normalized it is the name علي.
 */
const functionWords = new Set(
  ['في', 'من', 'إلى', 'عن', 'مع', 'أو', 'ثم', 'أن', 'إن', 'قد', 'لا', 'ما', 'لم', 'لن', 'هذا', 'هذه', 'ذلك', 'تلك', 'الذي', 'التي', 'الذين', 'هو', 'هي', 'هم', 'و', 'ف', 'ب', 'ل', 'ك', 'يا', 'حتى', 'منذ', 'عند', 'لدى', 'بين', 'كل', 'بعد', 'قبل', 'غير', 'كما', 'أي'].map(normalizeArabic),
);

/** Arabic words per romanized key taken from the vocabulary (a key of a common name has a few dozen written forms). */
const maxArabicWordsPerKey = 60;

const quote = (lexeme: string) => `'${lexeme.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
const orGroup = (lexemes: string[], prefix: boolean) => {
  const parts = [...new Set(lexemes)].map((l) => quote(l) + (prefix ? ':*' : ''));
  return parts.length === 1 ? parts[0]! : `(${parts.join(' | ')})`;
};
const isArabicWord = (w: string) => /[\u0621-\u064A]/.test(w);

/**
 * Which of a word's written forms to look for: those the archive's vocabulary holds (an index
 * scan per form costs the same whether or not any line has it, and most forms of most words
 * never occur), the word itself, and forms the vocabulary does not keep (under 3 letters) or
 * prefixes.
 */
type WrittenForms = (word: string, forms: string[], prefix: boolean) => string[];
const allForms: WrittenForms = (_w, forms) => forms;
const writtenIn = (vocabulary: Set<string>): WrittenForms => (word, forms, prefix) =>
  prefix ? forms : forms.filter((f) => f === word || f.length < 3 || vocabulary.has(f));

/**
 * The Arabic index's tsquery for a term, with its words as typed (for ranking) and what the
 * highlighter marks; null when nothing is left to match.
 */
export function arabicTermQuery(term: SearchTerm, written: WrittenForms = allForms): { query: string; exact: string; highlight: ArabicHighlight } | null {
  const words = indexForm(term.text);
  if (words.length === 0) return null;
  if (term.kind === 'word' && words.length === 1 && functionWords.has(words[0]!)) return null;
  const prefixAt = term.kind === 'prefix' ? words.length - 1 : -1;
  const highlight: ArabicHighlight = { words: new Set(), prefixes: [] };
  const groups = words.map((w, i) => {
    const forms = isArabicWord(w) ? written(w, procliticFamily(w, { prefix: i === prefixAt }), i === prefixAt) : [w];
    if (i === prefixAt) highlight.prefixes.push(...forms);
    else forms.forEach((f) => highlight.words.add(f));
    return orGroup(forms, i === prefixAt);
  });
  return {
    query: groups.join(' <-> '),
    exact: words.map((w, i) => quote(w) + (i === prefixAt ? ':*' : '')).join(' <-> '),
    highlight,
  };
}

/** A tsquery over the Arabic index for Latin keys (`abd rhmn`), from the vocabulary's Arabic words per key. */
function arabicKeyQuery(keys: string[], wordsByKey: Map<string, string[]>, highlight: ArabicHighlight, written: WrittenForms): string | null {
  const group = (key: string) => {
    const words = wordsByKey.get(key) ?? [];
    if (words.length === 0) return null;
    const forms = words.flatMap((w) => written(w, procliticFamily(w), false));
    forms.forEach((f) => highlight.words.add(f));
    return orGroup(forms, false);
  };
  // From position i on: the word for key i then the rest, or a joined word for keys i and i+1
  // (عبدالرحمن for `abd rhmn`) then the rest.
  const from = (i: number): string | null => {
    if (i >= keys.length) return '';
    const alternatives: string[] = [];
    const single = group(keys[i]!);
    const restAfterOne = single ? from(i + 1) : null;
    if (single && restAfterOne !== null) alternatives.push(restAfterOne ? `${single} <-> ${restAfterOne}` : single);
    if (i + 1 < keys.length) {
      const joined = group(`${keys[i]} ${keys[i + 1]}`);
      const restAfterTwo = joined ? from(i + 2) : null;
      if (joined && restAfterTwo !== null) alternatives.push(restAfterTwo ? `${joined} <-> ${restAfterTwo}` : joined);
    }
    if (alternatives.length === 0) return null;
    return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.map((a) => `(${a})`).join(' | ')})`;
  };
  return from(0) || null;
}

/** The romanized keys of a Latin term worth looking up in Arabic: one key of 2+ letters, or several. */
function latinKeysOf(term: SearchTerm): string[] {
  if (term.kind === 'prefix' || !/\p{Script=Latin}/u.test(term.text) || containsArabic(term.text)) return [];
  const keys = romanizedKey(term.text).split(' ').filter(Boolean);
  if (keys.length === 1 && keys[0]!.length < 2) return [];
  return keys.slice(0, 6);
}

/**
 * Register entities a name refers to: Arabic through the normalized key (and exact aliases),
 * Latin through the romanized key of the English form and English aliases, so `Mohamed Khatib`
 * finds the entity whose English form is `Mohammad al-Khatib`.
 */
export async function entitiesNamed(db: Executor, name: string): Promise<EntityMatch[]> {
  if (containsArabic(name)) {
    const norm = normalizeArabic(name).trim().replace(/\s+/g, ' ');
    if (norm.length < 2) return [];
    // The name as typed first, then with a proclitic taken off its first word (والخطيب، ومحمد الخطيب).
    const [first, ...rest] = norm.split(' ');
    const readings = [norm, ...procliticStems(first!).filter((stem) => stem !== first).map((stem) => [stem, ...rest].join(' '))];
    return entitiesByArabicName(db, [...new Set(readings)], name.trim());
  }
  const key = romanizedKey(name);
  if (!key || key.replace(/[^a-z]/g, '').length < 3) return [];
  const rows = await entitiesByLatinPattern(db, romanizedKeyPattern(key));
  return rows.filter((r) => [r.canonicalEn, ...r.aliasesEn].some((f) => romanizedKey(f) === key)).map(({ aliasesEn: _, ...r }) => r);
}

/** What PostgreSQL parses for a term: the English translation and its romanized keys. */
function latinRequests(term: SearchTerm): TsqueryRequest[] {
  if (containsArabic(term.text)) return [];
  const out: TsqueryRequest[] = [{ target: 'en', kind: term.kind, text: term.text }];
  const key = romanizedKey(term.text);
  // A romanized key of several words (a name) is a phrase: its words are adjacent in the line.
  if (/\p{Script=Latin}/u.test(term.text) && key) out.push({ target: 'rom', kind: term.kind === 'prefix' ? 'prefix' : key.includes(' ') ? 'phrase' : term.kind, text: key });
  return out;
}

/**
 * Turns every term into tsquery text, after looking up register entities named by quoted
 * phrases or by the whole query (a name typed without quotes), and the Arabic words of Latin
 * keys; PostgreSQL parses the English parts. The look-ups go in two rounds of queries sent
 * together (each a round trip a loaded server makes a search wait for): first the entities,
 * the tsquery texts, the Arabic words of every Latin key and the vocabulary's forms of the typed
 * words; then what those answers name (the forms of the entities' and keys' words, the entities'
 * tagged lines), skipped when they name nothing.
 */
/** `includeSuggested`: a name also finds lines where the engine only suggested that entity (the search filter of the same name). */
export async function compileQuery(db: Executor, parsed: ParsedQuery, opts: { includeSuggested?: boolean } = {}): Promise<CompiledQuery> {
  const terms = parsed.clauses.flatMap((c) => c.any);
  const phraseTerms = parsed.clauses.filter((c) => !c.negate).flatMap((c) => c.any.filter((t) => t.kind === 'phrase'));
  const plainWords = parsed.clauses.every((c) => !c.negate && c.any.length === 1 && c.any[0]!.kind === 'word');
  const wholeNameText = plainWords && parsed.clauses.length >= 1 && parsed.clauses.length <= 6 ? parsed.clauses.map((c) => c.any[0]!.text).join(' ') : null;
  const requests = terms.map(latinRequests);

  // Latin keys are looked up for every Latin term at once; those of English function words (and,
  // of), known only once PostgreSQL has parsed the English, are left out afterwards.
  const keysWanted = (keysOf: Map<SearchTerm, string[]>) => {
    const wanted = new Set<string>();
    for (const keys of keysOf.values()) {
      keys.forEach((key, i) => {
        wanted.add(key);
        if (i + 1 < keys.length) wanted.add(`${key} ${keys[i + 1]}`);
      });
    }
    // A name written as one Arabic word (عبدالرحمن) for two query words (Abd al-Rahman): the joined
    // key of neighbouring plain words, whose Arabic words then count for both.
    const joinedWith = new Map<SearchTerm, string[]>();
    const plain = parsed.clauses.map((c) => (!c.negate && c.any.length === 1 && c.any[0]!.kind === 'word' ? c.any[0]! : null));
    plain.forEach((t, i) => {
      const next = plain[i + 1];
      const a = t && keysOf.get(t);
      const b = next && keysOf.get(next);
      if (!a?.length || !b?.length) return;
      const key = `${a[a.length - 1]} ${b[0]}`;
      wanted.add(key);
      joinedWith.set(t!, [...(joinedWith.get(t!) ?? []), key]);
      joinedWith.set(next!, [...(joinedWith.get(next!) ?? []), key]);
    });
    return { wanted, joinedWith };
  };
  const anyKeys = keysWanted(new Map(terms.map((t) => [t, latinKeysOf(t)])));

  // The written forms the archive has, of every Arabic word the query may look for.
  const gather = (text: string, into: Set<string>) => {
    for (const w of indexForm(text)) if (isArabicWord(w)) procliticFamily(w).forEach((f) => into.add(f));
  };
  const typedForms = new Set<string>();
  for (const t of terms) if (t.kind !== 'prefix' && (containsArabic(t.text) || !/\p{Script=Latin}/u.test(t.text))) gather(t.text, typedForms);

  const [phraseNamed, wholeName, texts, keyWords, typedExisting] = await Promise.all([
    Promise.all(phraseTerms.map((t) => entitiesNamed(db, t.text))),
    wholeNameText ? entitiesNamed(db, wholeNameText) : Promise.resolve([]),
    tsqueryTexts(db, requests.flat()),
    termsWithLatinKeys(db, [...anyKeys.wanted], maxArabicWordsPerKey),
    existingTerms(db, [...typedForms]),
  ]);
  const found = new Map<number, EntityMatch>();
  const termEntities = new Map<SearchTerm, EntityMatch[]>();
  phraseTerms.forEach((t, i) => {
    if (phraseNamed[i]!.length) termEntities.set(t, phraseNamed[i]!);
  });
  for (const e of [...termEntities.values()].flat().concat(wholeName)) found.set(e.id, e);

  // English and romanized-translation parts, as PostgreSQL parsed them.
  const parsedLatin = new Map<SearchTerm, Partial<Record<SearchTarget, string>>>();
  let k = 0;
  terms.forEach((t, i) => {
    const out: Partial<Record<SearchTarget, string>> = {};
    for (const r of requests[i]!) {
      const q = texts[k++];
      if (q) out[r.target] = q;
    }
    parsedLatin.set(t, out);
  });

  // Arabic words for the Latin keys; not for English function words (and, of).
  const keysOf = new Map(terms.map((t) => [t, parsedLatin.get(t)?.en ? latinKeysOf(t) : []]));
  const { wanted, joinedWith } = keysWanted(keysOf);
  const wordsByKey = new Map<string, string[]>();
  for (const r of keyWords) {
    if (wanted.has(r.latinKey)) wordsByKey.set(r.latinKey, [...(wordsByKey.get(r.latinKey) ?? []), r.term]);
  }

  // Second round: the forms of the register's and the keys' Arabic words, and the lines tagged
  // with each named set of entities (one query for all the sets).
  const moreForms = new Set<string>();
  for (const e of found.values()) [e.canonicalAr, ...e.aliasesAr].forEach((f) => gather(f, moreForms));
  for (const words of wordsByKey.values()) words.forEach((w) => gather(w, moreForms));
  for (const f of typedForms) moreForms.delete(f);
  const entitySets = [...termEntities.values(), ...(wholeName.length ? [wholeName] : [])].map((named) => named.map((e) => e.id));
  const setKey = (ids: number[]) => ids.join(',');
  const distinctSets = [...new Map(entitySets.map((ids) => [setKey(ids), ids])).values()];
  const [moreExisting, taggedLists] = await Promise.all([
    existingTerms(db, [...moreForms]),
    taggedLineIds(db, distinctSets, opts),
  ]);
  const taggedBySet = new Map(distinctSets.map((ids, i) => [setKey(ids), taggedLists[i]!]));
  const written = writtenIn(new Set([...typedExisting, ...moreExisting]));

  /** `own`: the term's words match (false for the whole query as a register name: only the register's forms and tags). */
  const compileTerm = (term: SearchTerm, named: EntityMatch[], own = true): CompiledTerm => {
    const queries: Partial<Record<SearchTarget, string>> = own ? { ...parsedLatin.get(term) } : {};
    const highlight: ArabicHighlight = { words: new Set(), prefixes: [] };
    const ar: string[] = [];
    let exact: string | undefined;
    if (own && (containsArabic(term.text) || !/\p{Script=Latin}/u.test(term.text))) {
      const words = arabicTermQuery(term, written);
      if (words) {
        ar.push(words.query);
        exact = words.exact;
        words.highlight.words.forEach((w) => highlight.words.add(w));
        highlight.prefixes.push(...words.highlight.prefixes);
      }
    }
    // The register's Arabic forms of the entities this term names.
    for (const e of named) {
      for (const form of [e.canonicalAr, ...e.aliasesAr]) {
        const q = arabicTermQuery({ kind: 'phrase', text: form }, written);
        if (!q) continue;
        ar.push(q.query);
        q.highlight.words.forEach((w) => highlight.words.add(w));
      }
    }
    const distinct = [...new Set(ar)];
    if (distinct.length) queries.ar = distinct.length === 1 ? distinct[0]! : distinct.map((q) => `(${q})`).join(' | ');
    const keys = own ? (keysOf.get(term) ?? []) : [];
    const arKeys = [keys.length ? arabicKeyQuery(keys, wordsByKey, highlight, written) : null];
    for (const key of own ? (joinedWith.get(term) ?? []) : []) arKeys.push(arabicKeyQuery([key], wordsByKey, highlight, written));
    const arKey = arKeys.filter((q): q is string => !!q);
    if (arKey.length) queries.arKey = arKey.length === 1 ? arKey[0]! : arKey.map((q) => `(${q})`).join(' | ');
    const compiled: CompiledTerm = { term, queries, highlight };
    if (exact) compiled.exact = exact;
    if (named.length) compiled.entityIds = named.map((e) => e.id);
    return compiled;
  };

  const compiled: CompiledQuery = {
    clauses: parsed.clauses.map((c) => ({ negate: c.negate, any: c.any.map((term) => compileTerm(term, termEntities.get(term) ?? [])) })),
    entities: [...found.values()],
  };
  // A term that is only function words constrains nothing; a clause left empty is dropped.
  for (const c of compiled.clauses) c.any = c.any.filter((t) => Object.keys(t.queries).length > 0 || t.entityIds?.length);
  compiled.clauses = compiled.clauses.filter((c) => c.any.length > 0);
  if (wholeName.length) compiled.entityAlternative = compileTerm({ kind: 'phrase', text: wholeNameText! }, wholeName, false);
  const withEntities = [
    ...compiled.clauses.flatMap((c) => c.any),
    ...(compiled.entityAlternative ? [compiled.entityAlternative] : []),
  ].filter((t) => t.entityIds?.length);
  for (const t of withEntities) {
    t.taggedLines = taggedBySet.get(setKey(t.entityIds!)) ?? null;
    if (opts.includeSuggested) t.suggestedTagsToo = true;
  }
  return compiled;
}
