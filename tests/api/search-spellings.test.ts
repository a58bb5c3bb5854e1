import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCollection, insertDocument } from '../../db/queries/documents';
import { findUserByEmail } from '../../db/queries/users';
import { documents, pages, searchTerms, segments } from '../../db/schema';
import { reindexSearch } from '../../api/search/reindex';
import { replacePageSegments } from '../../api/segments/replace-page-segments';
import { updateSegment } from '../../api/segments/update-segment';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Issue 14's test set (tests/fixtures/search/spellings.json): fictional lines written the ways
 * the archive writes them — attached proclitics, dates and references in both digit sets, a line
 * copied from an old PDF in presentation forms, names left untranslated — and queries with the
 * lines judged relevant by hand. Every line is its own one-page document, written as OCR would
 * (replacePageSegments), one translated as a translator would (updateSegment); no tags.
 */

type Fixture = { lines: Record<string, string>; translations: Record<string, string>; queries: Array<{ kind: string; q: string; relevant: string[] }> };
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'search', 'spellings.json'), 'utf8')) as Fixture;

type Hit = { segmentId: number; text: string; rank: number; highlights: { text: Array<{ start: number; end: number }> } };
type Result = { totals: { lines: number }; hits: Hit[]; didYouMean: { query: string } | null };

let t: TestApp;
const keyOf = new Map<number, string>();
const idOf = new Map<string, number>();

async function search(params: Record<string, string>): Promise<Result> {
  const res = await t.request('researcher', `/api/search?${new URLSearchParams({ limit: '200', ...params })}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Result;
}
const found = (r: Result) => r.hits.map((h) => keyOf.get(h.segmentId)!).sort();

beforeAll(async () => {
  t = await startTestApp();
  const admin = (await findUserByEmail(t.db, 'admin@example.test'))!;
  const collection = await ensureCollection(t.db, 'spellings');
  for (const [key, text] of Object.entries(fixture.lines)) {
    const documentId = await insertDocument(t.db, { title: key, collectionId: collection.id, sha256: key.padEnd(64, '0'), sizeBytes: 1, mime: 'image/jpeg', pageCount: 1, status: 'in_progress' });
    const [page] = await t.db.insert(pages).values({ documentId, pageNo: 1, ocrStatus: 'done' }).returning({ id: pages.id });
    await t.db.transaction((tx) => replacePageSegments(tx, { id: page!.id, documentId }, [{ text, box: { x: 0, y: 0, w: 800, h: 36 }, confidence: 90, words: [] }]));
    const [row] = await t.db.select({ id: segments.id }).from(segments).where(eq(segments.documentId, documentId));
    keyOf.set(row!.id, key);
    idOf.set(key, row!.id);
    if (fixture.translations[key]) await updateSegment(t.db, admin, row!.id, { version: 1, translation: fixture.translations[key]! });
  }
});

afterAll(async () => {
  await t?.close();
});

describe('the test set: recall and precision per kind of query', () => {
  it('finds every relevant line of every query, and few others', async () => {
    const byKind = new Map<string, { relevant: number; retrieved: number; correct: number }>();
    const missing: string[] = [];
    const extra: string[] = [];
    for (const { kind, q, relevant } of fixture.queries) {
      const got = found(await search({ q }));
      const k = byKind.get(kind) ?? { relevant: 0, retrieved: 0, correct: 0 };
      k.relevant += relevant.length;
      k.retrieved += got.length;
      k.correct += got.filter((g) => relevant.includes(g)).length;
      byKind.set(kind, k);
      const lost = relevant.filter((r) => !got.includes(r));
      if (lost.length) missing.push(`${q}: ${lost.join(', ')}`);
      const more = got.filter((g) => !relevant.includes(g));
      if (more.length) extra.push(`${q}: ${more.join(', ')}`);
    }
    const table = [...byKind].map(([kind, k]) => `${kind}: P ${(k.correct / k.retrieved).toFixed(3)} R ${(k.correct / k.relevant).toFixed(3)}`);
    const all = [...byKind.values()].reduce((a, k) => ({ relevant: a.relevant + k.relevant, retrieved: a.retrieved + k.retrieved, correct: a.correct + k.correct }), { relevant: 0, retrieved: 0, correct: 0 });
    console.log(`search spellings test set (${fixture.queries.length} queries): ${table.join('; ')}; all: P ${(all.correct / all.retrieved).toFixed(3)} R ${(all.correct / all.relevant).toFixed(3)}${extra.length ? `; also found: ${extra.join(' | ')}` : ''}`);
    expect(missing).toEqual([]);
    // Short words that begin with a proclitic letter keep to themselves (كمال is not ك + مال).
    const shortWords = byKind.get('short-word')!;
    expect(shortWords.correct / shortWords.retrieved).toBeGreaterThanOrEqual(0.75);
    expect(all.correct / all.retrieved).toBeGreaterThanOrEqual(0.95);
  });
});

describe('what each kind looks like in a result', () => {
  it('highlights the word with its proclitics, and a date as one mark', async () => {
    const r = await search({ q: 'المطلوبين' });
    const hit = r.hits.find((h) => keyOf.get(h.segmentId) === 'L03')!;
    expect(hit.highlights.text.map((s) => hit.text.slice(s.start, s.end))).toEqual(['والمطلوبين']);
    const d = await search({ q: '٨/٤/٢٠١٥' });
    const line = d.hits.find((h) => keyOf.get(h.segmentId) === 'L17')!;
    expect(line.highlights.text.map((s) => line.text.slice(s.start, s.end))).toEqual(['٨/٤/٢٠١٥']);
    // A line stored in presentation forms is marked in its own characters.
    const p = await search({ q: 'بأمر' });
    const pdf = p.hits.find((h) => keyOf.get(h.segmentId) === 'L08')!;
    expect(pdf.highlights.text.map((s) => pdf.text.slice(s.start, s.end))).toEqual(['\ufe91\ufe84\ufee3\ufeae']);
  });

  it('ranks an exact English match above Arabic reached through the romanized key, and marks the Arabic name', async () => {
    const r = await search({ q: 'Sabbagh' });
    expect(keyOf.get(r.hits[0]!.segmentId)).toBe('L28');
    expect(r.hits[0]!.rank).toBeGreaterThan(r.hits[1]!.rank);
    const arabic = r.hits.find((h) => keyOf.get(h.segmentId) === 'L27')!;
    expect(arabic.highlights.text.map((s) => arabic.text.slice(s.start, s.end))).toEqual(['الصباغ']);
  });

  it('does not offer "did you mean" for a word found with a proclitic', async () => {
    const r = await search({ q: 'أسماء' });
    expect(r.totals.lines).toBeGreaterThan(0);
    expect(r.didYouMean).toBeNull();
  });
});

describe('the date filter reads dates written only in the Arabic', () => {
  it('finds untagged lines by the dates they write, Gregorian and Hijri', async () => {
    const byRange = async (from: string, to: string) => found(await search({ q: '', from, to }));
    expect(await byRange('1996-07-01', '1996-12-31')).toEqual(['L15', 'L19']);
    expect(await byRange('2019-04', '2019-04')).toEqual(['L16']);
    expect(await byRange('2015', '2015')).toEqual(['L17', 'L26']);
    // and narrows a text search
    expect(found(await search({ q: 'الموقوف', from: '1996-12-01', to: '1996-12-31' }))).toEqual(['L19']);
  });

  it('keeps a line whose dates lie on both sides of the range out of it (its span of days is only the index key)', async () => {
    const collection = await ensureCollection(t.db, 'spellings');
    const documentId = await insertDocument(t.db, { title: 'two dates', collectionId: collection.id, sha256: 'two-dates'.padEnd(64, '0'), sizeBytes: 1, mime: 'image/jpeg', pageCount: 1, status: 'in_progress' });
    const [page] = await t.db.insert(pages).values({ documentId, pageNo: 1, ocrStatus: 'done' }).returning({ id: pages.id });
    const text = 'أوقف بتاريخ 3/2/2011 وأفرج عنه بتاريخ ٩/١٠/٢٠٢٠';
    await t.db.transaction((tx) => replacePageSegments(tx, { id: page!.id, documentId }, [{ text, box: { x: 0, y: 0, w: 800, h: 36 }, confidence: 90, words: [] }]));
    const [row] = await t.db.select({ id: segments.id }).from(segments).where(eq(segments.documentId, documentId));
    keyOf.set(row!.id, 'two dates');
    try {
      const byRange = async (from: string, to: string) => found(await search({ q: '', from, to }));
      expect(await byRange('2015', '2015')).toEqual(['L17', 'L26']);
      expect(await byRange('2020-10', '2020-10')).toEqual(['two dates']);
      expect(await byRange('2011-02-03', '2011-02-03')).toEqual(['two dates']);
    } finally {
      await t.db.delete(documents).where(eq(documents.id, documentId));
    }
  });
});

describe('search reindex', () => {
  it('recomputes keys made by older rules (the words, dates and Latin keys), and then finds by them again', async () => {
    // As a database migrated from before the word index would hold them.
    await t.db.update(segments).set({ textNorm: 'بأمر', textDates: null });
    await t.db.update(searchTerms).set({ latinKey: null });
    expect(found(await search({ q: 'Sabbagh' }))).toEqual(['L28']);
    const changed = await reindexSearch(t.db);
    expect(changed).toBe(Object.keys(fixture.lines).length);
    expect(found(await search({ q: 'Sabbagh' }))).toEqual(['L09', 'L15', 'L27', 'L28']);
    expect(found(await search({ q: '', from: '2019-04-02', to: '2019-04-02' }))).toEqual(['L16']);
    expect(await reindexSearch(t.db)).toBe(0);
  });
});
