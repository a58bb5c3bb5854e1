import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCollection, insertDocument } from '../../db/queries/documents';
import { replacePageSegments } from '../../api/segments/replace-page-segments';
import { findUserByEmail, type SessionUser } from '../../db/queries/users';
import { collections, documentStatuses, entities, mentions, pages, segments } from '../../db/schema';
import { updateSegment } from '../../api/segments/update-segment';
import { normalizeArabic } from '../../api/text/arabic';
import { eq } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Search over the sample corpus, seeded without OCR: each document's ground-truth lines go in
 * through replacePageSegments (as OCR would) and their translations through updateSegment (as
 * a translator would), so the search keys are maintained by the two real write paths.
 */

type CorpusEntity = { line: number; start: number; end: number; text: string; type: string; normalized: string };
type CorpusDoc = { name: string; lines: string[]; translation: string[]; entities: CorpusEntity[] };

const corpusDir = join(import.meta.dirname, '..', 'fixtures', 'corpus');
const corpus: CorpusDoc[] = ['clean', 'degraded'].flatMap((sub) =>
  readdirSync(join(corpusDir, sub))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace('.json', ''), ...JSON.parse(readFileSync(join(corpusDir, sub, f), 'utf8')) }) as CorpusDoc),
);

/** Every annotated person and unit, with the documents that mention it. */
const named = new Map<string, { type: string; english: string; arabic: Set<string>; docs: Set<string> }>();
for (const d of corpus) {
  for (const e of d.entities) {
    if (e.type !== 'person' && e.type !== 'unit') continue;
    const entry = named.get(e.normalized) ?? { type: e.type, english: e.normalized, arabic: new Set(), docs: new Set() };
    entry.arabic.add(e.text);
    entry.docs.add(d.name);
    named.set(e.normalized, entry);
  }
}

/** The same Arabic as typed by someone else: hamza on a bare initial alef, alef maqsura and ta marbuta swapped in, a harakah, tatweel, Arabic-Indic digits. */
function arabicVariant(text: string): string {
  let v = text
    .replace(/(^|\s)(ال|ا)/g, (_m, sp: string, a: string) => `${sp}${a === 'ال' ? 'ال' : 'أ'}`)
    .replace(/ي(\s|$)/g, 'ى$1')
    .replace(/ه(\s|$)/g, 'ة$1')
    .replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
  // a fatha after the first letter and a tatweel inside the longest word
  v = v[0] + '\u064E' + v.slice(1);
  const words = v.split(' ');
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
  const at = Math.floor(longest.length / 2);
  return words.map((w) => (w === longest && /[\u0628-\u064A]/.test(w[at - 1] ?? '') ? w.slice(0, at) + '\u0640' + w.slice(at) : w)).join(' ');
}

/** A romanization a family member might type: no article, other vowels, a final y. */
function romanizedVariant(english: string): string {
  return english
    .split(' ')
    .map((w) =>
      w
        .replace(/^(al|el)-/i, '')
        .replace(/ou/g, 'u')
        .replace(/ee/g, 'i')
        .replace(/mm/g, 'm')
        .replace(/a(d)$/, 'e$1')
        .replace(/i$/, 'y'),
    )
    .join(' ');
}

let t: TestApp;
const docIds = new Map<string, number>();
const nameOf = new Map<number, string>();
let admin: SessionUser;
let sealedId: number;

async function seedDocument(collectionId: number, name: string, lines: string[], translation: string[]) {
  const db = t.db;
  const documentId = await insertDocument(db, {
    title: name,
    collectionId,
    sha256: name.padEnd(64, '0').slice(0, 64),
    sizeBytes: 1,
    mime: 'image/jpeg',
    pageCount: 1,
    status: 'in_progress',
  });
  const [page] = await db.insert(pages).values({ documentId, pageNo: 1, ocrStatus: 'done' }).returning({ id: pages.id });
  await db.transaction((tx) =>
    replacePageSegments(
      tx,
      { id: page!.id, documentId },
      lines.map((text, i) => ({ text, box: { x: 0, y: i * 40, w: 800, h: 36 }, confidence: 90, words: [] })),
    ),
  );
  const rows = await db.select({ id: segments.id, lineOrder: segments.lineOrder }).from(segments).where(eq(segments.documentId, documentId)).orderBy(segments.lineOrder);
  for (const [i, row] of rows.entries()) {
    if (translation[i]) await updateSegment(db, admin, row.id, { version: 1, translation: translation[i]! });
  }
  docIds.set(name, documentId);
  nameOf.set(documentId, name);
  return { documentId, segmentIds: rows.map((r) => r.id) };
}

type Hit = { documentId: number; segmentId: number; lineNo: number; pageNo: number; text: string; translation: string; highlights: { text: Array<{ start: number; end: number }>; translation: Array<{ start: number; end: number }> }; editorUrl: string };
type Result = { totals: { lines: number; documents: number }; hits: Hit[]; facets: Record<string, Array<{ value: string; label: string; count: number }>>; didYouMean: { query: string } | null };

async function search(role: 'admin' | 'researcher', params: Record<string, string>): Promise<Result> {
  const res = await t.request(role, `/api/search?${new URLSearchParams({ limit: '200', ...params })}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Result;
}

const docsOf = (r: Result) => new Set(r.hits.map((h) => nameOf.get(h.documentId)!));

beforeAll(async () => {
  t = await startTestApp();
  admin = (await findUserByEmail(t.db, 'admin@example.test'))!;
  const open = await ensureCollection(t.db, 'corpus');
  for (const d of corpus) await seedDocument(open.id, d.name, d.lines, d.translation);
  // A restricted collection nobody but admins may read, holding a name that also occurs in the open corpus.
  const sealed = await ensureCollection(t.db, 'sealed');
  await t.db.update(collections).set({ restricted: true }).where(eq(collections.id, sealed.id));
  const first = [...named.values()].find((n) => n.type === 'person')!;
  const arabic = [...first.arabic][0]!;
  sealedId = (await seedDocument(sealed.id, 'sealed-1', [`الموقوف ${arabic} والمدعو سليم القيسي`], [`The detainee ${first.english} and one Salim al-Qaisi`])).documentId;
});

afterAll(async () => {
  await t?.close();
});

describe('recall over every annotated person and unit (text only, no register)', () => {
  it('has a corpus to test', () => {
    expect(corpus.length).toBe(60);
    expect(named.size).toBeGreaterThan(50);
  });

  it('finds every document by the Arabic form, an Arabic variant, the English form and a romanized variant', async () => {
    const failures: string[] = [];
    let variants = 0;
    for (const n of named.values()) {
      const queries = [...n.arabic].flatMap((a) => [`"${a}"`, arabicVariant(a)]);
      queries.push(n.english);
      const rom = romanizedVariant(n.english);
      if (rom !== n.english) {
        queries.push(rom);
        variants++;
      }
      for (const q of queries) {
        const r = await search('researcher', { q });
        const found = docsOf(r);
        const missing = [...n.docs].filter((d) => !found.has(d));
        if (missing.length) failures.push(`${n.english} via ${JSON.stringify(q)}: missing ${missing.join(', ')}`);
        if (r.hits.some((h) => h.documentId === sealedId)) failures.push(`${q}: returned the sealed document`);
      }
    }
    expect(failures).toEqual([]);
    expect(variants).toBeGreaterThan(40); // most names really were searched under another spelling
  });

  it('variant spellings differ from the stored text', () => {
    for (const n of named.values()) for (const a of n.arabic) expect(normalizeArabic(arabicVariant(a))).not.toBe(arabicVariant(a));
  });
});

describe('permissions', () => {
  it('never returns a document from a restricted collection to a non-member, but does to an admin', async () => {
    const asResearcher = await search('researcher', { q: 'Qaisi' });
    expect(asResearcher.totals.lines).toBe(0);
    const asAdmin = await search('admin', { q: 'القيسي' });
    expect(asAdmin.hits.map((h) => h.documentId)).toEqual([sealedId]);
    // facets and did-you-mean do not leak it either
    const typo = await search('researcher', { q: 'القيصي' });
    expect(typo.didYouMean?.query ?? '').not.toContain('القيسي');
    const facets = await search('researcher', { q: 'الموقوف' });
    expect(facets.facets.collection!.map((f) => f.value)).not.toContain('sealed');
  });

  it('requires sign-in', async () => {
    expect((await t.request(null, '/api/search?q=x')).status).toBe(401);
  });
});

describe('results', () => {
  it('gives document, page and line with highlights in the stored text', async () => {
    const d = corpus.find((c) => c.entities.some((e) => e.type === 'person'))!;
    const e = d.entities.find((x) => x.type === 'person')!;
    const r = await search('researcher', { q: arabicVariant(e.text), document: String(docIds.get(d.name)) });
    const hit = r.hits.find((h) => h.lineNo === e.line + 1)!;
    expect(hit, JSON.stringify(r.hits.map((h) => h.lineNo))).toBeDefined();
    expect(hit.text).toBe(d.lines[e.line]);
    expect(hit.pageNo).toBe(1);
    expect(hit.editorUrl).toBe(`/documents/${hit.documentId}?page=1&segment=${hit.segmentId}`);
    const marked = hit.highlights.text.map((s) => hit.text.slice(s.start, s.end)).join(' ');
    expect(marked).toBe(e.text);
    const en = hit.highlights.translation.map((s) => hit.translation.slice(s.start, s.end)).join(' ');
    expect(en).toBe('');
    const r2 = await search('researcher', { q: e.normalized, document: String(docIds.get(d.name)) });
    const hit2 = r2.hits.find((h) => h.lineNo === e.line + 1)!;
    for (const word of e.normalized.replace(/^al-/, '').split(/[\s-]+/).filter((w) => w.length > 2)) {
      expect(hit2.highlights.translation.some((s) => hit2.translation.slice(s.start, s.end).includes(word))).toBe(true);
    }
  });

  it('searches phrases, prefixes and exclusions', async () => {
    const all = await search('researcher', { q: 'الموقوف' });
    expect(all.totals.documents).toBeGreaterThan(1);
    const prefix = await search('researcher', { q: 'الموقو*' });
    expect(prefix.totals.lines).toBeGreaterThanOrEqual(all.totals.lines);
    const someDoc = all.hits[0]!;
    const excluded = await search('researcher', { q: `الموقوف -"${someDoc.text.split(' ').slice(-2).join(' ')}"` });
    expect(excluded.totals.lines).toBeLessThan(all.totals.lines);
    expect(excluded.hits.some((h) => h.segmentId === someDoc.segmentId)).toBe(false);
  });

  it('offers a known word for a near miss (an OCR-style misreading)', async () => {
    const r = await search('researcher', { q: 'الموقوق' });
    expect(r.totals.lines).toBe(0);
    expect(r.didYouMean?.query).toBe('الموقوف');
    const fuzzy = await search('researcher', { q: 'الموقوق', fuzzy: 'true' });
    expect(fuzzy.totals.lines).toBeGreaterThan(0);
  });

  it('follows edits: the old wording is no longer found, the new one is', async () => {
    const d = corpus[0]!;
    const [seg] = await t.db.select({ id: segments.id, version: segments.version }).from(segments).where(eq(segments.documentId, docIds.get(d.name)!)).orderBy(segments.lineOrder).limit(1);
    const res = await t.json('translator', 'PATCH', `/api/segments/${seg!.id}`, { version: seg!.version, text: 'مذكرة بحث عن المدعو زيدان الفرضي' });
    expect(res.status).toBe(200);
    expect((await search('researcher', { q: 'الفرضى' })).hits.map((h) => h.segmentId)).toEqual([seg!.id]);
  });

  it('splits into a fast lines call and a facets call that agree with the combined one', async () => {
    const q = new URLSearchParams({ q: 'الموقوف', limit: '200' });
    const all = await search('researcher', { q: 'الموقوف' });
    const lines = (await (await t.request('researcher', `/api/search/lines?${q}`)).json()) as Result;
    const facets = (await (await t.request('researcher', `/api/search/facets?${q}`)).json()) as Result;
    expect(lines.hits.map((h) => h.segmentId)).toEqual(all.hits.map((h) => h.segmentId));
    expect(facets.totals).toEqual(all.totals);
    expect(facets.facets).toEqual(all.facets);
    const none = (await (await t.request('researcher', `/api/search/lines?q=${encodeURIComponent('الموقوق')}`)).json()) as Result;
    expect(none.hits).toEqual([]);
    expect(none.didYouMean?.query).toBe('الموقوف');
  });

  it('exports CSV', async () => {
    const res = await t.request('researcher', `/api/search/export.csv?q=${encodeURIComponent('الموقوف')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const body = await res.text();
    const rows = body.replace(/^\uFEFF/, '').trim().split('\r\n');
    const all = await search('researcher', { q: 'الموقوف' });
    expect(rows[0]).toBe('document_id,title,archive_ref,collection,status,page,line,segment_id,arabic,english,link');
    expect(rows.length - 1).toBe(all.totals.lines);
    expect(body).not.toContain('sealed');
  });

  it('rejects an empty query without tag filters, and bad filter values', async () => {
    expect((await t.request('researcher', '/api/search?q=')).status).toBe(400);
    expect((await t.request('researcher', '/api/search?q=x&status=nope')).status).toBe(400);
    expect((await t.request('researcher', '/api/search?q=x&from=05/03/2016')).status).toBe(400);
  });
});

describe('with the register: entities, tags, facets, research aggregates', () => {
  const entityIds = new Map<string, number>();

  beforeAll(async () => {
    // Entities for the annotated persons and units, and tags (mentions) from the annotations.
    for (const n of named.values()) {
      const ar = [...n.arabic][0]!;
      const [row] = await t.db
        .insert(entities)
        .values({ kind: n.type as 'person' | 'unit', canonicalAr: ar, canonicalEn: n.english, normKey: normalizeArabic(ar) })
        .returning({ id: entities.id });
      entityIds.set(n.english, row!.id);
    }
    for (const d of corpus) {
      const documentId = docIds.get(d.name)!;
      const segs = await t.db.select({ id: segments.id, version: segments.version }).from(segments).where(eq(segments.documentId, documentId)).orderBy(segments.lineOrder);
      const values = d.entities
        .filter((e) => segs[e.line])
        .map((e) => ({
          segmentId: segs[e.line]!.id,
          documentId,
          startOffset: e.start,
          endOffset: e.end,
          kind: e.type as 'person' | 'unit' | 'place' | 'date',
          entityId: e.type === 'person' || e.type === 'unit' ? entityIds.get(e.normalized)! : null,
          normalized: e.type === 'date' ? e.normalized : null,
          status: 'accepted' as const,
          source: 'user',
          segmentVersion: segs[e.line]!.version,
        }));
      if (values.length) await t.db.insert(mentions).values(values);
    }
  });

  it('finds an untranslated, tagged line by a romanized spelling of the entity’s English form', async () => {
    const person = [...named.values()].find((n) => n.type === 'person' && romanizedVariant(n.english) !== n.english)!;
    const { documentId, segmentIds } = await seedDocument((await ensureCollection(t.db, 'corpus')).id, 'untranslated-1', ['ورد اسم الموقوف في القائمة المرفقة'], []);
    await t.db.insert(mentions).values({ segmentId: segmentIds[0]!, documentId, startOffset: 8, endOffset: 15, kind: 'person', entityId: entityIds.get(person.english)!, status: 'accepted', source: 'user', segmentVersion: 1 });
    const r = await search('researcher', { q: romanizedVariant(person.english) });
    expect(r.hits.map((h) => h.segmentId)).toContain(segmentIds[0]);
  });

  it('finds the tagged lines of each register name a query quotes (their tag lists are fetched together)', async () => {
    // Person A is tagged on a line that writes person B's name but not A's: the query quoting
    // both finds it only through A's tags and B's words, so each quoted name must get its own
    // person's tagged lines. A line tagged with B alone, writing neither, is found by B only.
    const [a, b] = [...named.values()].filter((n) => n.type === 'person').slice(0, 2);
    const corpusId = (await ensureCollection(t.db, 'corpus')).id;
    const tagged = async (name: string, text: string, person: typeof a) => {
      const { documentId, segmentIds } = await seedDocument(corpusId, name, [text], []);
      await t.db.insert(mentions).values({ segmentId: segmentIds[0]!, documentId, startOffset: 0, endOffset: 3, kind: 'person', entityId: entityIds.get(person!.english)!, status: 'accepted', source: 'user', segmentVersion: 1 });
      return segmentIds[0]!;
    };
    const lineA = await tagged('tagged-a-writes-b', `ورد مع ${[...b!.arabic][0]} في الكشف`, a);
    const lineB = await tagged('tagged-b-only', 'ورد اسمه في الكشف المرفق', b);
    const ids = async (q: string) => (await search('researcher', { q })).hits.map((h) => h.segmentId);
    expect(await ids(`"${a!.english}" "${b!.english}"`)).toContain(lineA);
    expect(await ids(`"${a!.english}" OR "${b!.english}"`)).toEqual(expect.arrayContaining([lineA, lineB]));
    expect(await ids(`"${a!.english}"`)).not.toContain(lineB);
  });

  it('counts documents per unit and person, and filters by them and by tagged date range', async () => {
    const unit = [...named.values()].filter((n) => n.type === 'unit').sort((a, b) => b.docs.size - a.docs.size)[0]!;
    const r = await search('researcher', { q: 'الجمهورية' });
    const facet = r.facets.unit!.find((f) => f.label === unit.english);
    const expectedWithWord = [...unit.docs].filter((d) => corpus.find((c) => c.name === d)!.lines.some((l) => l.includes('الجمهورية'))).length;
    expect(facet?.count ?? 0).toBe(expectedWithWord);

    const filtered = await search('researcher', { q: '', unit: String(entityIds.get(unit.english)) });
    expect(docsOf(filtered)).toEqual(unit.docs);

    const dates = corpus.flatMap((d) => d.entities.filter((e) => e.type === 'date').map((e) => ({ doc: d.name, iso: e.normalized })));
    const expected2014 = new Set(dates.filter((x) => x.iso.startsWith('2014')).map((x) => x.doc));
    const in2014 = await search('researcher', { q: '', from: '2014', to: '2014' });
    expect(new Set(in2014.hits.map((h) => nameOf.get(h.documentId)))).toEqual(expected2014);
    expect(in2014.totals.documents).toBe(expected2014.size);
  });

  it('counts the same totals and facets whether lines are found from the text index or document by document', async () => {
    // A status filter naming every status selects the same documents but makes the search walk
    // documents (a filter on the document row); without it, lines come straight from the indexes.
    const everyStatus = documentStatuses.join(',');
    for (const q of ['الجمهورية', 'الموقوف']) {
      const direct = await search('researcher', { q });
      const walked = await search('researcher', { q, status: everyStatus });
      expect(direct.totals.lines).toBeGreaterThan(0);
      expect(walked.totals).toEqual(direct.totals);
      expect(walked.facets).toEqual(direct.facets);
      expect(direct.facets.collection!.map((f) => f.value)).not.toContain('sealed');
      expect(direct.hits.length).toBe(direct.totals.lines); // every matching line is on this page
      const matched = corpus.filter((d) => docsOf(direct).has(d.name));
      const docsPerYear = new Map<string, number>();
      for (const d of matched) for (const y of new Set(d.entities.filter((e) => e.type === 'date').map((e) => e.normalized.slice(0, 4)))) docsPerYear.set(y, (docsPerYear.get(y) ?? 0) + 1);
      expect(new Map(direct.facets.year!.map((f) => [f.value, f.count]))).toEqual(docsPerYear);
    }
  });

  it('aggregates documents over time, by unit and by person', async () => {
    const res = await t.request('researcher', '/api/search/aggregates?interval=year');
    expect(res.status).toBe(200);
    const agg = (await res.json()) as { documents: number; overTime: Array<{ period: string; documents: number }>; byUnit: Array<{ label: string; count: number }>; byPerson: Array<{ label: string; count: number }> };
    const byYear = new Map<string, Set<string>>();
    for (const d of corpus) for (const e of d.entities) if (e.type === 'date') (byYear.get(e.normalized.slice(0, 4)) ?? byYear.set(e.normalized.slice(0, 4), new Set()).get(e.normalized.slice(0, 4))!).add(d.name);
    expect(Object.fromEntries(agg.overTime.map((p) => [p.period, p.documents]))).toEqual(Object.fromEntries([...byYear].map(([y, s]) => [y, s.size])));
    const topUnit = [...named.values()].filter((n) => n.type === 'unit').sort((a, b) => b.docs.size - a.docs.size)[0]!;
    expect(agg.byUnit.find((u) => u.label === topUnit.english)?.count).toBe(topUnit.docs.size);
    expect(agg.byPerson.length).toBeGreaterThan(0);
  });
});
