/**
 * Compiling a parsed query (api/search/query.ts) into what the search SQL matches
 * (db/queries/search.ts `QueryMatch`): tsquery text per index for every term, after looking
 * up the register entities a quoted phrase or the whole query names.
 */
import {
  entitiesByArabicName,
  entitiesByLatinPattern,
  taggedLineIds,
  tsqueryTexts,
  type EntityMatch,
  type QueryMatch,
  type SearchTarget,
  type TermMatch,
  type TsqueryRequest,
} from '../../db/queries/search';
import type { Executor } from '../../db/client';
import { containsArabic, normalizeArabic } from '../text/arabic';
import { romanizedKey, romanizedKeyPattern } from '../text/romanize';
import type { ParsedQuery, SearchTerm } from './query';

export type { EntityMatch };
/** A term with its tsqueries (empty when the term is only stop words). */
export type CompiledTerm = TermMatch & { term: SearchTerm };
export type CompiledQuery = QueryMatch<CompiledTerm> & {
  /** Entities the query was recognised as, for the client to show ("searching also for …"). */
  entities: EntityMatch[];
};

/**
 * Register entities a name refers to: Arabic through the normalized key (and exact aliases),
 * Latin through the romanized key of the English form and English aliases, so `Mohamed Khatib`
 * finds the entity whose English form is `Mohammad al-Khatib`.
 */
export async function entitiesNamed(db: Executor, name: string): Promise<EntityMatch[]> {
  if (containsArabic(name)) {
    const norm = normalizeArabic(name).trim().replace(/\s+/g, ' ');
    if (norm.length < 2) return [];
    return entitiesByArabicName(db, norm, name.trim());
  }
  const key = romanizedKey(name);
  if (!key || key.replace(/[^a-z]/g, '').length < 3) return [];
  const rows = await entitiesByLatinPattern(db, romanizedKeyPattern(key));
  return rows.filter((r) => [r.canonicalEn, ...r.aliasesEn].some((f) => romanizedKey(f) === key)).map(({ aliasesEn: _, ...r }) => r);
}

/** What each index is asked, before PostgreSQL parses it: the text as the index holds it. */
function targetsOf(term: SearchTerm): TsqueryRequest[] {
  const arabic = containsArabic(term.text);
  const latin = /\p{Script=Latin}/u.test(term.text);
  const out: TsqueryRequest[] = [];
  if (arabic || !latin) out.push({ target: 'ar', kind: term.kind, text: normalizeArabic(term.text) });
  if (!arabic) {
    out.push({ target: 'en', kind: term.kind, text: term.text });
    const key = romanizedKey(term.text);
    // A romanized key of several words (a name) is a phrase: its words are adjacent in the line.
    if (latin && key) out.push({ target: 'rom', kind: term.kind === 'prefix' ? 'prefix' : key.includes(' ') ? 'phrase' : term.kind, text: key });
  }
  return out;
}

/**
 * Turns every term into tsquery text, in one round trip, after looking up register entities
 * named by quoted phrases or by the whole query (a name typed without quotes).
 */
export async function compileQuery(db: Executor, parsed: ParsedQuery): Promise<CompiledQuery> {
  const found = new Map<number, EntityMatch>();
  const termEntities = new Map<SearchTerm, EntityMatch[]>();
  for (const c of parsed.clauses) {
    if (c.negate) continue;
    for (const t of c.any) {
      if (t.kind !== 'phrase') continue;
      const named = await entitiesNamed(db, t.text);
      if (named.length) termEntities.set(t, named);
    }
  }
  const plainWords = parsed.clauses.every((c) => !c.negate && c.any.length === 1 && c.any[0]!.kind === 'word');
  let wholeName: EntityMatch[] = [];
  if (plainWords && parsed.clauses.length >= 1 && parsed.clauses.length <= 6) {
    wholeName = await entitiesNamed(db, parsed.clauses.map((c) => c.any[0]!.text).join(' '));
  }
  for (const e of [...termEntities.values()].flat().concat(wholeName)) found.set(e.id, e);

  type Slot = { key: string; request: TsqueryRequest };
  const slots: Slot[] = [];
  parsed.clauses.forEach((c, ci) =>
    c.any.forEach((t, ti) => {
      for (const request of targetsOf(t)) slots.push({ key: `${ci}.${ti}`, request });
    }),
  );
  const formKey = (id: number) => `e${id}`;
  for (const e of found.values()) {
    for (const form of [e.canonicalAr, ...e.aliasesAr]) {
      const norm = normalizeArabic(form).trim();
      if (norm) slots.push({ key: formKey(e.id), request: { target: 'ar', kind: 'phrase', text: norm } });
    }
  }
  if (slots.length === 0) return { clauses: [], entities: [] };
  const texts = await tsqueryTexts(
    db,
    slots.map((s) => s.request),
  );
  const byKey = new Map<string, Partial<Record<SearchTarget, string[]>>>();
  slots.forEach((s, i) => {
    const q = texts[i];
    if (!q) return;
    const entry = byKey.get(s.key) ?? {};
    (entry[s.request.target] ??= []).push(q);
    byKey.set(s.key, entry);
  });
  const orJoin = (qs: string[] | undefined) =>
    qs && qs.length ? (qs.length === 1 ? qs[0]! : qs.map((q) => `(${q})`).join(' | ')) : undefined;
  const entityTerm = (term: SearchTerm, own: Partial<Record<SearchTarget, string[]>>, named: EntityMatch[]): CompiledTerm => {
    const ar = [...(own.ar ?? []), ...named.flatMap((e) => byKey.get(formKey(e.id))?.ar ?? [])];
    const queries: Partial<Record<SearchTarget, string>> = {};
    const arq = orJoin(ar);
    if (arq) queries.ar = arq;
    for (const target of ['en', 'rom'] as const) {
      const q = orJoin(own[target]);
      if (q) queries[target] = q;
    }
    return named.length ? { term, queries, entityIds: named.map((e) => e.id) } : { term, queries };
  };

  const compiled: CompiledQuery = {
    clauses: parsed.clauses.map((c, ci) => ({
      negate: c.negate,
      any: c.any.map((term, ti) => entityTerm(term, byKey.get(`${ci}.${ti}`) ?? {}, termEntities.get(term) ?? [])),
    })),
    entities: [...found.values()],
  };
  // A term that is only stop words constrains nothing; a clause left empty is dropped.
  for (const c of compiled.clauses) c.any = c.any.filter((t) => Object.keys(t.queries).length > 0 || t.entityIds?.length);
  compiled.clauses = compiled.clauses.filter((c) => c.any.length > 0);
  if (wholeName.length) {
    compiled.entityAlternative = entityTerm({ kind: 'phrase', text: parsed.clauses.map((c) => c.any[0]!.text).join(' ') }, {}, wholeName);
  }
  const withEntities = [
    ...compiled.clauses.flatMap((c) => c.any),
    ...(compiled.entityAlternative ? [compiled.entityAlternative] : []),
  ].filter((t) => t.entityIds?.length);
  for (const t of withEntities) t.taggedLines = await taggedLineIds(db, t.entityIds!);
  return compiled;
}
