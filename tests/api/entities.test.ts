import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replacePageSegments } from '../../api/segments/replace-page-segments';
import { pages, segmentVersions } from '../../db/schema';
import { suggestForPage } from '../../api/entities/mentions';
import { fixture, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';
import type { OcrEngine } from '../../ocr';

type Mention = { id: number; segmentId: number; field: string; start: number; end: number; kind: string; entityId: number | null; normalized: string | null; status: string; source: string };
type Segment = { id: number; text: string; translation: string; version: number };
type Entity = { id: number; kind: string; canonicalAr: string; canonicalEn: string; aliasesAr: string[]; aliasesEn: string[]; mergedIntoId: number | null; seeded: boolean };

/** Fictional lines in the shape of the sample corpus (doc-01-005 style). */
const lines = [
  'الجمهورية العربية السورية',
  'الفرع 251',
  'الرقم: ٤٩٢٤/ص   التاريخ: 16/08/2020',
  'قامت دورية من الفرع بإلقاء القبض على المدعو',
  'وائل الحسين في القابون بتاريخ ٢٤/٥/٢٠١٦.',
  'وتم تسليمه إلى فرع فلسطين بتاريخ 12 رمضان 1437 هـ',
];

describe(`tagging: entities, mentions, suggestions (${databaseKind} database)`, () => {
  let t: TestApp;
  let documentId: number;
  let segs: Segment[];
  const mentionsOf = async (query: string) => ((await (await t.request('translator', `/api/mentions?${query}`)).json()) as { mentions: Mention[] }).mentions;
  const span = (m: Mention) => segs.find((s) => s.id === m.segmentId)!.text.slice(m.start, m.end);

  beforeAll(async () => {
    t = await startTestApp();
    // A document whose page gets its lines the way the OCR runner writes them, then the runner's suggestion hook.
    const res = await t.upload('admin', fixture('corpus/clean/doc-01-005.jpg'), 'arrest.jpg', { title: 'Arrest report' });
    documentId = ((await res.json()) as { document: { id: number } }).document.id;
    const [page] = await t.db.select().from(pages).where(eq(pages.documentId, documentId));
    await t.db.transaction(async (tx) => {
      await replacePageSegments(tx, { id: page!.id, documentId }, lines.map((text, i) => ({ text, confidence: 90, box: { x: 10, y: 10 + 50 * i, w: 800, h: 40 }, words: [] })));
      await suggestForPage(tx, page!.id);
    });
    segs = ((await (await t.request('translator', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] }).segments;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('suggests dates (all spellings, Hijri converted), seeded units and places, and a first-seen name after المدعو on the next line', async () => {
    const found = (await mentionsOf(`documentId=${documentId}`)).map((m) => ({ text: span(m), kind: m.kind, normalized: m.normalized, status: m.status }));
    expect(found).toEqual(
      expect.arrayContaining([
        { text: 'الفرع 251', kind: 'unit', normalized: 'Branch 251', status: 'suggested' },
        { text: '16/08/2020', kind: 'date', normalized: '2020-08-16', status: 'suggested' },
        { text: 'وائل الحسين', kind: 'person', normalized: null, status: 'suggested' },
        { text: 'القابون', kind: 'place', normalized: 'Qaboun', status: 'suggested' },
        { text: '٢٤/٥/٢٠١٦', kind: 'date', normalized: '2016-05-24', status: 'suggested' },
        { text: 'فرع فلسطين', kind: 'unit', normalized: 'Branch 235', status: 'suggested' },
        { text: '12 رمضان 1437 هـ', kind: 'date', normalized: '2016-06-17', status: 'suggested' },
      ]),
    );
    // "الفرع" alone (line 3) is not a unit.
    expect(found.filter((f) => f.kind === 'unit')).toHaveLength(2);
  });

  it('accepts a suggestion with one call, rejects another, and does not suggest a rejected span again', async () => {
    const all = await mentionsOf(`documentId=${documentId}`);
    const unit = all.find((m) => span(m) === 'فرع فلسطين')!;
    expect(unit.entityId).toBeTypeOf('number');
    const accepted = await t.json('translator', 'POST', `/api/mentions/${unit.id}/accept`, {});
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { mention: Mention }).mention).toMatchObject({ status: 'accepted', entityId: unit.entityId });

    const place = all.find((m) => span(m) === 'القابون')!;
    // No body at all is fine for a decision.
    expect((await t.request('translator', `/api/mentions/${place.id}/reject`, { method: 'POST' })).status).toBe(200);
    const again = await t.json('translator', 'POST', '/api/mentions/suggest', { documentId });
    expect(((await again.json()) as { added: number }).added).toBe(0);
    expect((await mentionsOf(`documentId=${documentId}`)).some((m) => m.id === place.id)).toBe(false);
    expect((await mentionsOf(`documentId=${documentId}&status=rejected`)).map((m) => m.id)).toEqual([place.id]);

    // Accepting a first-seen name can register the person at once; from then on the name is known.
    const name = all.find((m) => m.kind === 'person')!;
    const withEntity = await t.json('reviewer', 'POST', `/api/mentions/${name.id}/accept`, { newEntity: { canonicalEn: 'Wael al-Hussein', attributes: { birthYear: 1980 } } });
    expect(withEntity.status).toBe(200);
    const named = ((await withEntity.json()) as { mention: Mention }).mention;
    expect(named).toMatchObject({ status: 'accepted', normalized: 'Wael al-Hussein' });
    const person = ((await (await t.request('researcher', `/api/entities/${named.entityId}`)).json()) as { entity: Entity }).entity;
    expect(person).toMatchObject({ kind: 'person', canonicalAr: 'وائل الحسين', canonicalEn: 'Wael al-Hussein', attributes: { birthYear: 1980 } });
    const annotated = (await (await t.json('researcher', 'POST', '/api/mentions/annotate', { lines: ['شوهد وائل الحسين في دمشق'] })).json()) as { annotations: Array<{ mentions: Array<{ type: string; entityId: number | null }> }> };
    expect(annotated.annotations[0]!.mentions).toContainEqual(expect.objectContaining({ type: 'person', entityId: person.id }));

    // A researcher reads tags but may not decide them.
    const date = all.find((m) => m.kind === 'date')!;
    expect((await t.json('researcher', 'POST', `/api/mentions/${date.id}/accept`, {})).status).toBe(403);
  });

  it('tags a span by hand with a new person entity; a stale line version is refused', async () => {
    const line = segs[4]!;
    const created = await t.json('translator', 'POST', '/api/entities', {
      kind: 'person',
      canonicalAr: 'وائل الحسين',
      canonicalEn: 'Wael al-Hussein',
      attributes: { birthYear: 1980 },
    });
    expect(created.status).toBe(201);
    const person = ((await created.json()) as { entity: Entity }).entity;

    const stale = await t.json('translator', 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version + 1, field: 'text', start: 0, end: 11, kind: 'person', entityId: person.id });
    expect(stale.status).toBe(409);
    const outside = await t.json('translator', 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version, field: 'text', start: 5, end: 500, kind: 'person' });
    expect(outside.status).toBe(400);

    const res = await t.json('translator', 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version, field: 'text', start: 0, end: 11, kind: 'person', entityId: person.id });
    expect(res.status).toBe(201);
    const mention = ((await res.json()) as { mention: Mention }).mention;
    // It decided the engine's suggestion for the same span instead of adding a second tag.
    expect(mention).toMatchObject({ status: 'accepted', entityId: person.id, source: 'pattern' });
    expect((await mentionsOf(`segmentId=${line.id}`)).filter((m) => m.kind === 'person')).toHaveLength(1);

    // An unreadable date needs an explicit ISO value.
    const bad = await t.json('translator', 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version, field: 'text', start: 0, end: 4, kind: 'date' });
    expect(bad.status).toBe(400);
  });

  it('moves tags when text before them changes, and removes a tag whose text was deleted, with a note in history', async () => {
    const line = segs[4]!;
    const before = await mentionsOf(`segmentId=${line.id}`);
    const date = before.find((m) => m.kind === 'date')!;
    const person = before.find((m) => m.kind === 'person')!;
    // Insert a word before the name (tag grows 0 at its start edge), and delete the place word entirely.
    const edited = line.text.replace('في القابون ', '').replace('وائل', 'السيد وائل');
    const res = await t.json('translator', 'PATCH', `/api/segments/${line.id}`, { version: line.version, text: edited });
    expect(res.status).toBe(200);
    const segment = ((await res.json()) as { segment: Segment }).segment;
    const after = await mentionsOf(`segmentId=${line.id}`);
    const p = after.find((m) => m.id === person.id)!;
    const d = after.find((m) => m.id === date.id)!;
    expect(segment.text.slice(p.start, p.end)).toBe('وائل الحسين');
    expect(segment.text.slice(d.start, d.end)).toBe('٢٤/٥/٢٠١٦');
    expect(p.start).toBe(person.start + 'السيد '.length);

    // Now delete the whole name: its tag goes, and the version's history says so.
    const gone = segment.text.replace('وائل الحسين ', '');
    const res2 = await t.json('translator', 'PATCH', `/api/segments/${line.id}`, { version: segment.version, text: gone });
    expect(res2.status).toBe(200);
    const final = ((await res2.json()) as { segment: Segment }).segment;
    const left = await mentionsOf(`segmentId=${line.id}`);
    expect(left.some((m) => m.id === person.id)).toBe(false);
    const kept = left.find((m) => m.id === date.id)!;
    expect(final.text.slice(kept.start, kept.end)).toBe('٢٤/٥/٢٠١٦');
    const [version] = await t.db.select().from(segmentVersions).where(eq(segmentVersions.segmentId, line.id)).orderBy(segmentVersions.version).then((v) => v.slice(-1));
    expect(version!.note).toMatch(new RegExp(`removed accepted person tag #${person.id}.*text was deleted`));
    segs = ((await (await t.request('translator', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] }).segments;
  });

  it('moves a tag in the English translation too', async () => {
    const line = segs[5]!;
    const r1 = await t.json('translator', 'PATCH', `/api/segments/${line.id}`, { version: line.version, translation: 'He was handed to Palestine Branch on 17 June 2016' });
    const v1 = ((await r1.json()) as { segment: Segment }).segment;
    // Saving the translation suggested the English side of the line's Arabic tags: the unit by its English alias, the Hijri date by its Gregorian day.
    const paired = (await mentionsOf(`segmentId=${line.id}&field=translation`)).map((m) => [v1.translation.slice(m.start, m.end), m.kind, m.status, m.source]);
    expect(paired).toEqual([
      ['Palestine Branch', 'unit', 'suggested', 'pair'],
      ['17 June 2016', 'date', 'suggested', 'pair'],
    ]);
    const unitId = (await mentionsOf(`segmentId=${line.id}`)).find((m) => m.kind === 'unit')!.entityId;
    const tag = await t.json('translator', 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: v1.version, field: 'translation', start: 17, end: 33, kind: 'unit', entityId: unitId });
    expect(tag.status).toBe(201);
    const m = ((await tag.json()) as { mention: Mention }).mention;
    expect(v1.translation.slice(m.start, m.end)).toBe('Palestine Branch');
    // A date tagged by hand in the English line gets its ISO value from the English text.
    const pairedDate = (await mentionsOf(`segmentId=${line.id}&field=translation`)).find((x) => x.kind === 'date')!;
    expect((await t.request('translator', `/api/mentions/${pairedDate.id}`, { method: 'DELETE' })).status).toBe(200);
    const byHand = await t.json('translator', 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: v1.version, field: 'translation', start: 37, end: 49, kind: 'date' });
    expect(((await byHand.json()) as { mention: Mention }).mention).toMatchObject({ normalized: '2016-06-17', status: 'accepted', source: 'user' });
    const r2 = await t.json('translator', 'PATCH', `/api/segments/${line.id}`, { version: v1.version, translation: 'Later he was handed over to the Palestine Branch on 17 June 2016' });
    const v2 = ((await r2.json()) as { segment: Segment }).segment;
    // Tagging the suggested span by hand accepted it (no duplicate), and it moved with the edit.
    const moved = (await mentionsOf(`segmentId=${line.id}&field=translation`)).find((x) => x.kind === 'unit')!;
    expect(moved).toMatchObject({ id: m.id, status: 'accepted' });
    expect(v2.translation.slice(moved.start, moved.end)).toBe('Palestine Branch');
  });

  it('carries tags with their text when a line is split in two and when two lines are joined', async () => {
    const { document } = (await (await t.upload('admin', fixture('corpus/clean/doc-01-002.jpg'), 'joined.jpg')).json()) as { document: { id: number } };
    const [page] = await t.db.select().from(pages).where(eq(pages.documentId, document.id));
    const joined = 'قامت دورية من الفرع 215 بتاريخ ٢٤/٥/٢٠١٦ وسلمته إلى فرع فلسطين بتاريخ 3 آب 2016';
    await t.db.transaction(async (tx) => {
      await replacePageSegments(tx, { id: page!.id, documentId: document.id }, [{ text: joined, confidence: 90, box: { x: 10, y: 10, w: 800, h: 80 }, words: [] }]);
      await suggestForPage(tx, page!.id);
    });
    const [line] = ((await (await t.request('translator', `/api/documents/${document.id}/segments`)).json()) as { segments: Segment[] }).segments;
    const tagsOf = async (id: number, text: string) => (await mentionsOf(`segmentId=${id}`)).map((m) => text.slice(m.start, m.end));
    expect(await tagsOf(line!.id, joined)).toEqual(['الفرع 215', '٢٤/٥/٢٠١٦', 'فرع فلسطين', '3 آب 2016']);

    const at = joined.indexOf('وسلمته');
    const res = await t.json('translator', 'POST', `/api/segments/${line!.id}/split`, { version: line!.version, textOffset: at });
    expect(res.status).toBe(200);
    const { first, second } = (await res.json()) as { first: Segment; second: Segment };
    expect(await tagsOf(first.id, first.text)).toEqual(['الفرع 215', '٢٤/٥/٢٠١٦']);
    expect(await tagsOf(second.id, second.text)).toEqual(['فرع فلسطين', '3 آب 2016']);
    // Nothing was removed by the split.
    const [v] = await t.db.select().from(segmentVersions).where(eq(segmentVersions.segmentId, line!.id)).orderBy(segmentVersions.version).then((r) => r.slice(-1));
    expect(v!.note ?? '').not.toMatch(/removed/);

    const merged = await t.json('translator', 'POST', `/api/segments/${first.id}/merge`, { version: first.version, nextId: second.id, nextVersion: second.version });
    expect(merged.status).toBe(200);
    const { segment } = (await merged.json()) as { segment: Segment };
    expect(await tagsOf(segment.id, segment.text)).toEqual(['الفرع 215', '٢٤/٥/٢٠١٦', 'فرع فلسطين', '3 آب 2016']);
    expect(await mentionsOf(`segmentId=${second.id}`)).toEqual([]);
  });

  it('fills a new person’s attributes from what the line says next to the name', async () => {
    const { document } = (await (await t.upload('admin', fixture('corpus/clean/doc-01-001.jpg'), 'list.jpg')).json()) as { document: { id: number } };
    const [page] = await t.db.select().from(pages).where(eq(pages.documentId, document.id));
    await t.db.transaction(async (tx) => {
      await replacePageSegments(tx, { id: page!.id, documentId: document.id }, [{ text: '3- وائل بن أيمن الخطيب مواليد 1985', confidence: 90, box: { x: 10, y: 10, w: 800, h: 40 }, words: [] }]);
      await suggestForPage(tx, page!.id);
    });
    const [suggestion] = (await mentionsOf(`documentId=${document.id}`)).filter((m) => m.kind === 'person');
    const res = await t.json('translator', 'POST', `/api/mentions/${suggestion!.id}/accept`, { newEntity: { canonicalEn: 'Wael bin Ayman al-Khatib' } });
    const entity = ((await (await t.request('translator', `/api/entities/${((await res.json()) as { mention: Mention }).mention.entityId}`)).json()) as { entity: Entity & { attributes: Record<string, unknown> } }).entity;
    expect(entity).toMatchObject({ canonicalAr: 'وائل بن أيمن الخطيب', attributes: { fatherName: 'أيمن', birthYear: 1985 } });
  });

  it('merges two entities: aliases kept, mentions moved, the merged one points at the survivor', async () => {
    const a = ((await (await t.json('translator', 'POST', '/api/entities', { kind: 'person', canonicalAr: 'محمد الحلبي', canonicalEn: 'Mohammad al-Halabi' })).json()) as { entity: Entity }).entity;
    const bRes = await t.json('translator', 'POST', '/api/entities', { kind: 'person', canonicalAr: 'محمّد الحلبى', canonicalEn: 'Muhammad al-Halabi', aliasesEn: ['M. Halabi'] });
    const b = ((await bRes.json()) as { entity: Entity; sameName: number[] });
    expect(b.sameName).toEqual([a.id]); // the normalizer folds shadda and ى: a likely duplicate

    const line = segs[3]!;
    const tagged = await t.json('translator', 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version, field: 'text', start: 0, end: 5, kind: 'person', entityId: b.entity.id });
    const mention = ((await tagged.json()) as { mention: Mention }).mention;

    expect((await t.json('translator', 'POST', `/api/entities/${b.entity.id}/merge`, { intoId: a.id })).status).toBe(403);
    const merged = await t.json('reviewer', 'POST', `/api/entities/${b.entity.id}/merge`, { intoId: a.id });
    expect(merged.status).toBe(200);
    const body = (await merged.json()) as { entity: Entity; mentionsMoved: number };
    expect(body.mentionsMoved).toBe(1);
    expect(body.entity.aliasesAr).toContain('محمّد الحلبى');
    expect(body.entity.aliasesEn).toEqual(expect.arrayContaining(['Muhammad al-Halabi', 'M. Halabi']));
    expect((await mentionsOf(`segmentId=${line.id}`)).find((m) => m.id === mention.id)!.entityId).toBe(a.id);
    const old = ((await (await t.request('translator', `/api/entities/${b.entity.id}`)).json()) as { entity: Entity }).entity;
    expect(old.mergedIntoId).toBe(a.id);
    // A tag naming the merged entity lands on the survivor.
    const later = await t.json('translator', 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version, field: 'text', start: 6, end: 11, kind: 'person', entityId: b.entity.id });
    expect(((await later.json()) as { mention: Mention }).mention.entityId).toBe(a.id);
    // Units cannot be merged into people.
    const units = ((await (await t.request('translator', '/api/entities?kind=unit&q=235')).json()) as { entities: Entity[] }).entities;
    expect((await t.json('reviewer', 'POST', `/api/entities/${units[0]!.id}/merge`, { intoId: a.id })).status).toBe(400);
  });

  it('renames an entity keeping the old name as an alias, and finds it by any spelling', async () => {
    const e = ((await (await t.json('translator', 'POST', '/api/entities', { kind: 'person', canonicalAr: 'يوسف المصري', canonicalEn: 'Yusuf al-Masri' })).json()) as { entity: Entity }).entity;
    const res = await t.json('translator', 'PATCH', `/api/entities/${e.id}`, { canonicalEn: 'Yousef al-Masri' });
    const renamed = ((await res.json()) as { entity: Entity }).entity;
    expect(renamed.canonicalEn).toBe('Yousef al-Masri');
    expect(renamed.aliasesEn).toContain('Yusuf al-Masri');
    for (const q of ['Yusuf', 'يوسف المصرى', 'al-masri']) {
      const found = ((await (await t.request('translator', `/api/entities?q=${encodeURIComponent(q)}`)).json()) as { entities: Entity[] }).entities;
      expect(found.map((f) => f.id)).toContain(e.id);
    }
  });

  it('hides a person tagged only in documents the user cannot read (admins and whoever registered them still see it)', async () => {
    const { collections } = await import('../../db/schema');
    const res = await t.upload('admin', fixture('corpus/clean/doc-01-010.jpg'), 'closed.jpg', { collection: 'Closed file' });
    const closedDoc = ((await res.json()) as { document: { id: number } }).document.id;
    await t.db.update(collections).set({ restricted: true }).where(eq(collections.name, 'Closed file'));
    const [page] = await t.db.select().from(pages).where(eq(pages.documentId, closedDoc));
    await t.db.transaction((tx) => replacePageSegments(tx, { id: page!.id, documentId: closedDoc }, [{ text: 'نعلمكم بوفاة الموقوف علي المصري رقم 2339', confidence: 90, box: { x: 10, y: 10, w: 800, h: 40 }, words: [] }]));
    const [closedLine] = ((await (await t.request('admin', `/api/documents/${closedDoc}/segments`)).json()) as { segments: Segment[] }).segments;
    const created = ((await (await t.json('admin', 'POST', '/api/entities', { kind: 'person', canonicalAr: 'علي المصري', canonicalEn: 'Ali al-Masri' })).json()) as { entity: Entity }).entity;
    expect((await t.json('admin', 'POST', '/api/mentions', { segmentId: closedLine!.id, segmentVersion: closedLine!.version, field: 'text', start: 21, end: 31, kind: 'person', entityId: created.id })).status).toBe(201);

    // The researcher cannot read the closed file: the person is not in their register, page or free-text annotation.
    expect((await t.request('researcher', `/api/entities/${created.id}`)).status).toBe(404);
    const listed = ((await (await t.request('researcher', '/api/entities?kind=person&q=Masri')).json()) as { entities: Entity[] }).entities;
    expect(listed.map((x) => x.id)).not.toContain(created.id);
    const probe = (await (await t.json('researcher', 'POST', '/api/mentions/annotate', { lines: ['شوهد علي المصري'] })).json()) as { annotations: Array<{ mentions: unknown[] }> };
    expect(probe.annotations[0]!.mentions).toEqual([]);
    // An admin sees it; so does the researcher once an open document mentions the person.
    expect((await t.request('admin', `/api/entities/${created.id}`)).status).toBe(200);
    const open = segs[3]!;
    const cur = ((await (await t.request('translator', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] }).segments.find((x) => x.id === open.id)!;
    const edited = await t.json('translator', 'PATCH', `/api/segments/${open.id}`, { version: cur.version, text: `${cur.text} علي المصري` });
    const line = ((await edited.json()) as { segment: Segment }).segment;
    // The translator cannot see the person, so cannot link them (issue 12: 404, as for no such entity); an admin
    // can, saying that the link shows the person to the open document's readers (409 restricted_person otherwise).
    const tagOpen = (role: 'translator' | 'admin', more: { disclose?: boolean } = {}) =>
      t.json(role, 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version, field: 'text', start: line.text.length - 10, end: line.text.length, kind: 'person', entityId: created.id, ...more });
    expect((await tagOpen('translator')).status).toBe(404);
    expect((await tagOpen('admin')).status).toBe(409);
    expect((await t.request('researcher', `/api/entities/${created.id}`)).status).toBe(404);
    expect((await tagOpen('admin', { disclose: true })).status).toBe(201);
    expect((await t.request('researcher', `/api/entities/${created.id}`)).status).toBe(200);
    const page2 = (await (await t.request('researcher', `/api/entities/${created.id}`)).json()) as { counts: { byDocument: Array<{ documentId: number }> } };
    expect(page2.counts.byDocument.map((d) => d.documentId)).toEqual([documentId]);
  });

  it('shows an entity page with every mention in context, counts by document and month (confirmed tags; suggestions only when asked), and differing translations', async () => {
    const unitId = (await mentionsOf(`documentId=${documentId}`)).find((m) => m.kind === 'unit' && m.normalized === 'Branch 235' && m.field === 'text')!.entityId!;
    type Page = {
      entity: Entity;
      counts: { total: number; byDocument: Array<{ documentId: number; mentions: number; documentDate: string | null }>; byMonth: Array<{ month: string | null; documents: number }> };
    };
    const page = (await (await t.request('researcher', `/api/entities/${unitId}`)).json()) as Page;
    expect(page.entity).toMatchObject({ canonicalEn: 'Branch 235', seeded: true });
    // Confirmed: the unit accepted in the Arabic line and tagged in the English line of this
    // document. The split/merge document only has the engine's suggestion, and no date here is
    // confirmed, so the document has no date yet.
    expect(page.counts.byDocument).toEqual([expect.objectContaining({ documentId, mentions: 2, documentDate: null })]);
    expect(page.counts.byMonth).toEqual([{ month: null, documents: 1, mentions: 2 }]);
    expect(page.counts.total).toBe(2);
    // Asked for explicitly, the suggestions count too (and date the documents).
    const withSuggestions = (await (await t.request('researcher', `/api/entities/${unitId}?includeSuggested=true`)).json()) as Page;
    expect(withSuggestions.counts.byDocument).toEqual([
      expect.objectContaining({ documentId, mentions: 2, documentDate: '2020-08-16' }),
      expect.objectContaining({ mentions: 1, documentDate: '2016-05-24' }),
    ]);
    expect(withSuggestions.counts.byMonth).toEqual([
      { month: '2016-05', documents: 1, mentions: 1 },
      { month: '2020-08', documents: 1, mentions: 2 },
    ]);
    // The register counts the same way, and says apart how many suggestions wait.
    const listed = ((await (await t.request('researcher', '/api/entities?kind=unit&q=235')).json()) as { entities: Array<Entity & { mentionCount: number; suggestedCount: number }> }).entities;
    expect(listed.find((e) => e.id === unitId)).toMatchObject({ mentionCount: 2, suggestedCount: 1 });

    type InContext = { mentions: Array<Mention & { line: { text: string; translation: string }; documentTitle: string }> };
    const ctx = (await (await t.request('researcher', `/api/entities/${unitId}/mentions`)).json()) as InContext;
    expect(ctx.mentions).toHaveLength(2);
    expect(ctx.mentions.map((m) => (m.field === 'text' ? m.line.text : m.line.translation).slice(m.start, m.end)).sort()).toEqual(['Palestine Branch', 'فرع فلسطين']);
    const all = (await (await t.request('researcher', `/api/entities/${unitId}/mentions?includeSuggested=true`)).json()) as InContext;
    expect(all.mentions.map((m) => m.status).sort()).toEqual(['accepted', 'accepted', 'suggested']);

    // "Palestine Branch" is an English alias: nothing differs yet. Then a translator writes it otherwise.
    let diff = (await (await t.request('researcher', `/api/entities/${unitId}/translations`)).json()) as { checked: number; differing: Array<{ rendering: string | null }> };
    expect(diff).toMatchObject({ checked: 1, differing: [] });
    const line = segs[5]!;
    const cur = ((await (await t.request('translator', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] }).segments.find((s) => s.id === line.id)!;
    await t.json('translator', 'PATCH', `/api/segments/${line.id}`, { version: cur.version, translation: cur.translation.replace('Palestine Branch', 'Falastin Branch') });
    diff = (await (await t.request('researcher', `/api/entities/${unitId}/translations`)).json()) as { checked: number; differing: Array<{ rendering: string | null }> };
    expect(diff.differing).toEqual([expect.objectContaining({ rendering: 'Falastin Branch' })]);
  });

  it('annotates free text like the CLI, and documents the tagging API in OpenAPI', async () => {
    const res = await t.json('researcher', 'POST', '/api/mentions/annotate', { lines: ['نعلمكم بوفاة الموقوف محمود درويش رقم 7984', 'بتاريخ 5 آذار 2016 في سجن صيدنايا'] });
    const { annotations } = (await res.json()) as { annotations: Array<{ line: number; mentions: Array<{ start: number; end: number; type: string; normalized: string | null }> }> };
    expect(annotations[0]!.mentions).toEqual([expect.objectContaining({ start: 21, end: 32, type: 'person' })]);
    expect(annotations[1]!.mentions.map((m) => [m.type, m.normalized])).toEqual([
      ['date', '2016-03-05'],
      ['unit', 'Saydnaya Military Prison'],
    ]);
    const doc = (await (await t.request(null, '/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    for (const p of ['/api/entities', '/api/entities/{id}', '/api/entities/{id}/merge', '/api/entities/{id}/mentions', '/api/entities/{id}/translations', '/api/mentions', '/api/mentions/{id}', '/api/mentions/{id}/accept', '/api/mentions/{id}/reject', '/api/mentions/suggest', '/api/mentions/annotate']) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(doc.components.schemas).toHaveProperty('Mention');
    expect(doc.components.schemas).toHaveProperty('Entity');
  });

  it('records tagging in the audit chain without the tagged text', async () => {
    const { auditEvents } = await import('../../db/schema');
    const rows = await t.db.select({ action: auditEvents.action, payload: auditEvents.payload }).from(auditEvents);
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['entity.seeded', 'entity.created', 'entity.merged', 'entity.updated', 'mention.created', 'mention.decided', 'mention.deleted', 'mentions.suggested']) expect(actions, a).toContain(a);
    const tagging = JSON.stringify(rows.filter((r) => /^(entity|mention)/.test(r.action)));
    for (const word of ['وائل', 'فلسطين', 'Halabi', 'Masri']) expect(tagging).not.toContain(word);
  });
});

describe(`suggestions for new OCR pages (${databaseKind} database)`, () => {
  let t: TestApp;
  // The runner with a stand-in engine that "reads" the corpus ground truth of this scan, so the
  // test exercises the runner's hook (suggestions stored in the page's transaction) in seconds.
  const truth = fixture('corpus/clean/doc-01-006.txt').toString('utf8').trim().split('\n');
  const engine: OcrEngine = {
    size: 1,
    close: async () => {},
    recognize: async () => ({
      lines: truth.map((text, i) => ({ text, confidence: 90, box: { x: 10, y: 10 + 50 * i, w: 800, h: 40 }, words: [] })),
      meanConfidence: 90,
      engine: 'stand-in',
      model: 'ground truth',
      durationMs: 1,
      source: 'ocr' as const,
    }),
  };
  beforeAll(async () => {
    t = await startTestApp({ ocr: true, engine });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores suggestions when OCR writes a page, with an audit event', async () => {
    const res = await t.upload('translator', fixture('corpus/clean/doc-01-006.jpg'), 'death.jpg');
    const documentId = ((await res.json()) as { document: { id: number } }).document.id;
    await t.waitForOcr(documentId);
    const segs = ((await (await t.request('translator', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] }).segments;
    const { mentions } = (await (await t.request('translator', `/api/mentions?documentId=${documentId}`)).json()) as { mentions: Mention[] };
    const found = mentions.map((m) => [segs.find((s) => s.id === m.segmentId)!.text.slice(m.start, m.end), m.kind, m.normalized]);
    // doc-01-006: the branch in the header, the letter date, the detainee, the date of death, the hospital.
    expect(found).toEqual([
      ['الفرع 215', 'unit', 'Branch 215'],
      ['١٤/١١/٢٠٢٣', 'date', '2023-11-14'],
      ['محمود درويش', 'person', null],
      ['19 تشرين الثاني 2021', 'date', '2021-11-19'],
      ['المشفى العسكري 601', 'unit', 'Military Hospital 601'],
    ]);
    expect(mentions.every((m) => m.status === 'suggested')).toBe(true);
    const { auditEvents } = await import('../../db/schema');
    const events = await t.db.select({ action: auditEvents.action, payload: auditEvents.payload }).from(auditEvents).where(eq(auditEvents.action, 'mentions.suggested'));
    expect(events).toEqual([{ action: 'mentions.suggested', payload: expect.objectContaining({ count: 5, trigger: 'ocr' }) }]);
  });
});
