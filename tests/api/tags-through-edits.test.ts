import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../api/audit/chain';
import { auditEvents } from '../../db/schema';
import { seedDocument, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

type Segment = { id: number; text: string; translation: string; version: number };
type Mention = {
  id: number;
  segmentId: number;
  field: 'text' | 'translation';
  start: number;
  end: number;
  kind: string;
  entityId: number | null;
  normalized: string | null;
  status: string;
  surface: string;
  recheck: { reason: string; was: { surface: string; normalized: string | null; entityId: number | null; status: string } } | null;
};
type TagChange = { mentionId: number; action: string; otherSegmentId: number | null; tag: { status: string; normalized: string | null }; previous: { normalized?: string | null; status?: string } | null };

/** Fictional lines in the shape of the sample corpus. */
const lines = [
  'الموضوع: توقيف المدعو وائل الحسين في حي المحطة',
  'وتم نقله إلى درعا بتاريخ ٦/٧/٢٠١٧ بموجب الأمر',
  'نعلمكم بوفاة الموقوف محمود درويش رقم 7984',
  'بتاريخ ٤/٧/٢٠١٧ تم توقيف المذكور',
  'شوهد وائل الحسبن في دمشق',
  'وتم الإفراج عنه في ١٢/٣/٢٠١٨',
];

describe(`tags through every edit (${databaseKind} database)`, () => {
  let t: TestApp;
  let documentId: number;
  let segs: Segment[];

  const segments = async () => ((await (await t.request('translator', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] }).segments;
  const line = async (id: number) => (await segments()).find((s) => s.id === id)!;
  const tagsOf = async (segmentId: number) =>
    ((await (await t.request('translator', `/api/mentions?segmentId=${segmentId}`)).json()) as { mentions: Mention[] }).mentions;
  const history = async (segmentId: number) =>
    ((await (await t.request('translator', `/api/segments/${segmentId}/versions`)).json()) as { tagChanges: TagChange[]; versions: Array<{ note: string | null }> });
  const ok = async (res: Response) => {
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const edit = async (id: number, change: { text?: string; translation?: string }) =>
    ((await ok(await t.json('translator', 'PATCH', `/api/segments/${id}`, { version: (await line(id)).version, ...change }))) as { segment: Segment }).segment;
  const accept = async (mentionId: number, body: object = {}) => ((await ok(await t.json('translator', 'POST', `/api/mentions/${mentionId}/accept`, body))) as { mention: Mention }).mention;

  // What the web editor sends (web/src/routes/document.tsx): Alt+Enter, Alt+J, and the undo
  // entries those push, replayed in the same order with the same version arithmetic.
  const web = {
    async split(s: Segment, at: number) {
      const { first, second } = (await ok(await t.json('translator', 'POST', `/api/segments/${s.id}/split`, { version: s.version, textOffset: at }))) as { first: Segment; second: Segment };
      return {
        first,
        second,
        /** Undo of a split: join the halves, then restore the line's text from before the split. */
        undo: async () => {
          const a = await line(first.id);
          const b = await line(second.id);
          const joined = ((await ok(await t.json('translator', 'POST', `/api/segments/${first.id}/merge`, { version: a.version, nextId: b.id, nextVersion: b.version }))) as { segment: Segment }).segment;
          await ok(await t.json('translator', 'POST', `/api/segments/${first.id}/restore`, { version: joined.version, restore: first.version - 1 }));
        },
      };
    },
    async join(a: Segment, b: Segment) {
      const firstBefore = a.version;
      const nextBefore = b.version;
      const joined = ((await ok(await t.json('translator', 'POST', `/api/segments/${a.id}/merge`, { version: a.version, nextId: b.id, nextVersion: b.version }))) as { segment: Segment }).segment;
      return {
        joined,
        /** Undo of a join: bring the joined-away line back, then the first line's text from before. */
        undo: async () => {
          await ok(await t.json('translator', 'POST', `/api/segments/${b.id}/restore`, { version: nextBefore + 1, restore: nextBefore }));
          const now = await line(a.id);
          await ok(await t.json('translator', 'POST', `/api/segments/${a.id}/restore`, { version: now.version, restore: firstBefore }));
        },
      };
    },
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ documentId } = await seedDocument(t, lines));
    await ok(await t.json('translator', 'POST', '/api/mentions/suggest', { documentId }));
    segs = await segments();
  });
  afterAll(() => t?.close());

  it('keeps an accepted person through split → join → undo as the editor does them, and through re-join and undo of the split', async () => {
    const original = segs[0]!;
    const suggestion = (await tagsOf(original.id)).find((m) => m.kind === 'person')!;
    expect(suggestion.surface).toBe('وائل الحسين');
    const person = await accept(suggestion.id, { newEntity: { canonicalEn: 'Wael al-Hussein' } });

    const split = await web.split(original, original.text.indexOf('وائل'));
    expect((await tagsOf(split.second.id)).map((m) => [m.id, m.surface, m.status])).toEqual([[person.id, 'وائل الحسين', 'accepted']]);
    const join = await web.join(await line(split.first.id), await line(split.second.id));
    expect((await tagsOf(original.id)).find((m) => m.id === person.id)).toMatchObject({ status: 'accepted', surface: 'وائل الحسين' });

    await join.undo();
    const back = await line(split.second.id);
    expect(back.text).toBe('وائل الحسين في حي المحطة');
    expect(await tagsOf(split.second.id)).toEqual([expect.objectContaining({ id: person.id, status: 'accepted', entityId: person.entityId, start: 0, end: 11, surface: 'وائل الحسين' })]);
    expect((await tagsOf(split.first.id)).some((m) => m.id === person.id)).toBe(false);

    // Re-join, then undo the split: the line and its tag are as they were at the start.
    const again = await web.join(await line(split.first.id), back);
    expect((await tagsOf(original.id)).find((m) => m.id === person.id)).toMatchObject({ status: 'accepted' });
    await again.undo();
    await split.undo();
    const restored = await line(original.id);
    expect(restored.text).toBe(original.text);
    expect((await tagsOf(original.id)).find((m) => m.id === person.id)).toMatchObject({ status: 'accepted', entityId: person.entityId, start: suggestion.start, end: suggestion.end });

    // Nothing was removed along the way; the moves are in both lines' histories.
    for (const id of [original.id, split.second.id]) {
      const changes = (await history(id)).tagChanges.filter((c) => c.mentionId === person.id);
      expect(changes.map((c) => c.action)).not.toContain('detached');
      expect(changes.map((c) => c.action)).toContain('moved');
    }
  });

  it('keeps an accepted place and date when their line is split between them, joined and the join undone', async () => {
    const original = segs[1]!;
    const tags = await tagsOf(original.id);
    const place = await accept(tags.find((m) => m.kind === 'place')!.id);
    const date = await accept(tags.find((m) => m.kind === 'date')!.id);
    expect([place.surface, date.surface, date.normalized]).toEqual(['درعا', '٦/٧/٢٠١٧', '2017-07-06']);

    const split = await web.split(original, original.text.indexOf('بتاريخ'));
    const join = await web.join(await line(split.first.id), await line(split.second.id));
    await join.undo();
    expect((await tagsOf(split.first.id)).map((m) => [m.id, m.status, m.surface])).toEqual([[place.id, 'accepted', 'درعا']]);
    expect((await tagsOf(split.second.id)).map((m) => [m.id, m.status, m.surface, m.normalized])).toEqual([[date.id, 'accepted', '٦/٧/٢٠١٧', '2017-07-06']]);
  });

  it('detaches a tag whose text was deleted — in the history and the audit chain — and a restore of an old version brings it back', async () => {
    const s = segs[2]!;
    const person = await accept((await tagsOf(s.id)).find((m) => m.kind === 'person')!.id, { newEntity: { canonicalEn: 'Mahmoud Darwish' } });
    const edited = await edit(s.id, { text: 'نعلمكم بوفاة الموقوف رقم 7984' });
    expect(await tagsOf(s.id)).toEqual([]);
    const h = await history(s.id);
    expect(h.tagChanges.at(-1)).toMatchObject({ mentionId: person.id, action: 'detached', tag: { status: 'accepted' } });
    expect(h.versions.at(-1)!.note).toMatch(new RegExp(`removed accepted person tag #${person.id}.*text was deleted`));
    const audited = await t.db.select({ payload: auditEvents.payload, targetId: auditEvents.targetId }).from(auditEvents).where(eq(auditEvents.action, 'mention.followed_edit'));
    expect(audited).toContainEqual({ targetId: String(person.id), payload: expect.objectContaining({ outcome: 'detached', segmentId: s.id, segmentVersion: edited.version }) });

    await ok(await t.json('translator', 'POST', `/api/segments/${s.id}/restore`, { version: edited.version, restore: s.version }));
    expect(await tagsOf(s.id)).toEqual([expect.objectContaining({ id: person.id, status: 'accepted', entityId: person.entityId, surface: 'محمود درويش', start: person.start })]);
    expect((await history(s.id)).tagChanges.at(-1)).toMatchObject({ mentionId: person.id, action: 'reattached' });
  });

  it('re-values a date when its text is corrected, and returns a confirmed date to a suggestion when its words are replaced', async () => {
    const s = segs[3]!;
    const suggested = (await tagsOf(s.id)).find((m) => m.kind === 'date')!;
    expect(suggested).toMatchObject({ normalized: '2017-07-04', status: 'suggested' });

    // The translator corrects the OCR's ٤ to ٦: the suggestion now says what the text says.
    let now = await edit(s.id, { text: s.text.replace('٤/٧', '٦/٧') });
    expect((await tagsOf(s.id)).find((m) => m.id === suggested.id)).toMatchObject({ normalized: '2017-07-06', status: 'suggested', surface: '٦/٧/٢٠١٧' });
    // Accepting records the corrected date.
    expect(await accept(suggested.id)).toMatchObject({ normalized: '2017-07-06', status: 'accepted' });

    // A confirmed date corrected again stays confirmed with the new value, noted in the history.
    now = await edit(s.id, { text: now.text.replace('٦/٧', '٩/٧') });
    expect((await tagsOf(s.id)).find((m) => m.id === suggested.id)).toMatchObject({ normalized: '2017-07-09', status: 'accepted' });
    expect((await history(s.id)).tagChanges.at(-1)).toMatchObject({ action: 'revalued', tag: { normalized: '2017-07-09' }, previous: { normalized: '2017-07-06' } });

    // Its words replaced by others: no date chip on "Subject: arrest report"; a person decides.
    now = await edit(s.id, { text: now.text.replace('بتاريخ ٩/٧/٢٠١٧', 'الموضوع: تقرير توقيف') });
    const dropped = (await tagsOf(s.id)).find((m) => m.id === suggested.id)!;
    expect(dropped).toMatchObject({ status: 'suggested', recheck: { reason: 'text_changed', was: { normalized: '2017-07-09', status: 'accepted', surface: '٩/٧/٢٠١٧' } } });
    expect(now.text.slice(dropped.start, dropped.end)).toBe(dropped.surface);
    expect((await history(s.id)).tagChanges.at(-1)).toMatchObject({ action: 'dropped', previous: { status: 'accepted' } });
    // Undoing the edit (a restore of the version before) brings the words back, and the confirmation with them.
    const restored = ((await ok(await t.json('translator', 'POST', `/api/segments/${s.id}/restore`, { version: now.version, restore: now.version - 1 }))) as { segment: Segment }).segment;
    expect((await tagsOf(s.id)).find((m) => m.id === suggested.id)).toMatchObject({ status: 'accepted', normalized: '2017-07-09', recheck: null });
    expect((await history(s.id)).tagChanges.at(-1)).toMatchObject({ action: 'reconfirmed' });
    await edit(s.id, { text: restored.text.replace('بتاريخ ٩/٧/٢٠١٧', 'الموضوع: تقرير توقيف') });
    // Rejecting it is a person's removal, and clears the re-check.
    const rejected = ((await ok(await t.json('translator', 'POST', `/api/mentions/${dropped.id}/reject`, {}))) as { mention: Mention }).mention;
    expect(rejected).toMatchObject({ status: 'rejected', recheck: null });
  });

  it('withdraws an engine suggestion whose words no longer hold it (it was never a fact)', async () => {
    const s = segs[5]!;
    const suggestion = (await tagsOf(s.id)).find((m) => m.kind === 'date')!;
    expect(suggestion).toMatchObject({ status: 'suggested', normalized: '2018-03-12' });
    await edit(s.id, { text: s.text.replace('١٢/٣/٢٠١٨', 'وقت لاحق') });
    expect((await tagsOf(s.id)).some((m) => m.id === suggestion.id)).toBe(false);
    expect((await history(s.id)).tagChanges.at(-1)).toMatchObject({ mentionId: suggestion.id, action: 'withdrawn' });
  });

  it('keeps an English date tag whole when the date is retyped, and re-values it when the day changes', async () => {
    const s = await line(segs[3]!.id);
    const v = await edit(s.id, { translation: 'He was arrested on 6 July 2017 in Daraa.' });
    const res = await t.json('translator', 'POST', '/api/mentions', { segmentId: s.id, segmentVersion: v.version, field: 'translation', start: 19, end: 30, kind: 'date' });
    expect(res.status).toBe(201);
    const tag = ((await res.json()) as { mention: Mention }).mention;
    expect(tag).toMatchObject({ surface: '6 July 2017', normalized: '2017-07-06', status: 'accepted' });
    let now = await edit(s.id, { translation: 'He was arrested on July 6, 2017 in Daraa.' });
    const kept = (await tagsOf(s.id)).find((m) => m.id === tag.id)!;
    expect(kept).toMatchObject({ surface: 'July 6, 2017', normalized: '2017-07-06', status: 'accepted' });
    expect(now.translation.slice(kept.start, kept.end)).toBe('July 6, 2017');
    now = await edit(s.id, { translation: 'He was arrested on July 9, 2017 in Daraa.' });
    expect((await tagsOf(s.id)).find((m) => m.id === tag.id)).toMatchObject({ surface: 'July 9, 2017', normalized: '2017-07-09', status: 'accepted' });
  });

  it('keeps a linked name through an OCR correction, and asks again when the name is replaced by another', async () => {
    const s = segs[4]!;
    const created = await t.json('translator', 'POST', '/api/entities', { kind: 'person', canonicalAr: 'وائل الحسين', canonicalEn: 'Wael al-Hussein' });
    expect(created.status).toBe(201);
    const { entity } = (await created.json()) as { entity: { id: number } };
    const res = await t.json('translator', 'POST', '/api/mentions', { segmentId: s.id, segmentVersion: s.version, field: 'text', start: 5, end: 16, kind: 'person', entityId: entity.id });
    expect(res.status).toBe(201);
    const tag = ((await res.json()) as { mention: Mention }).mention;
    expect(tag.surface).toBe('وائل الحسبن');
    let now = await edit(s.id, { text: s.text.replace('الحسبن', 'الحسين') });
    expect((await tagsOf(s.id)).find((m) => m.id === tag.id)).toMatchObject({ surface: 'وائل الحسين', entityId: entity.id, status: 'accepted' });
    now = await edit(s.id, { text: now.text.replace('وائل الحسين', 'سامر الحلبي') });
    const dropped = (await tagsOf(s.id)).find((m) => m.id === tag.id)!;
    expect(dropped).toMatchObject({ status: 'suggested', surface: 'سامر الحلبي', recheck: { was: { entityId: entity.id, status: 'accepted', surface: 'وائل الحسين' } } });
    expect(now.text.slice(dropped.start, dropped.end)).toBe('سامر الحلبي');
  });

  it('counts only confirmed tags in facets, research charts and tag filters; suggestions only when asked', async () => {
    // A document that has only the engine's suggestions: a hospital and dates in two months.
    const doc = await seedDocument(t, ['نقل الموقوف إلى المشفى العسكري 601 بتاريخ ٣/٥/٢٠١٤', 'وتوفي بتاريخ ٢٠/٦/٢٠١٤ رقم الإضبارة ٨٨٢٠٧١']);
    await ok(await t.json('translator', 'POST', '/api/mentions/suggest', { documentId: doc.documentId }));
    const hospital = ((await (await t.request('translator', `/api/mentions?documentId=${doc.documentId}`)).json()) as { mentions: Mention[] }).mentions.find((m) => m.kind === 'unit')!;
    expect(hospital).toMatchObject({ status: 'suggested', normalized: 'Military Hospital 601' });
    type Facets = { totals: { lines: number }; facets: Record<string, Array<{ value: string; count: number }>> };
    type Aggregates = { documents: number; overTime: Array<{ period: string; documents: number }>; byUnit: Array<{ value: string; count: number }> };
    const get = async <T,>(path: string) => (await ok(await t.request('researcher', path))) as T;
    const q = `q=${encodeURIComponent('الإضبارة ٨٨٢٠٧١')}&document=${doc.documentId}`;

    let facets = await get<Facets>(`/api/search/facets?${q}`);
    expect(facets.totals.lines).toBe(1);
    expect(facets.facets.unit).toEqual([]);
    expect(facets.facets.year).toEqual([]);
    expect(facets.facets.tagType).toEqual([]);
    let charts = await get<Aggregates>(`/api/search/aggregates?document=${doc.documentId}&interval=month`);
    expect(charts).toMatchObject({ documents: 1, overTime: [], byUnit: [] });
    // A tag filter on a suggestion alone finds nothing.
    expect((await get<Facets>(`/api/search/facets?unit=${hospital.entityId}&document=${doc.documentId}`)).totals.lines).toBe(0);

    // Asked for explicitly, suggestions count.
    facets = await get<Facets>(`/api/search/facets?${q}&suggested=true`);
    expect(facets.facets.unit).toEqual([expect.objectContaining({ value: String(hospital.entityId), count: 1 })]);
    charts = await get<Aggregates>(`/api/search/aggregates?document=${doc.documentId}&interval=month&suggested=true`);
    expect(charts.overTime.map((p) => p.period)).toEqual(['2014-05', '2014-06']);
    expect((await get<Facets>(`/api/search/facets?unit=${hospital.entityId}&document=${doc.documentId}&suggested=true`)).totals.lines).toBe(1);

    // Once a person confirms the hospital, it counts; the dates still do not.
    await accept(hospital.id);
    charts = await get<Aggregates>(`/api/search/aggregates?document=${doc.documentId}&interval=month`);
    expect(charts.byUnit).toEqual([expect.objectContaining({ value: String(hospital.entityId), count: 1 })]);
    expect(charts.overTime).toEqual([]);
  });

  it('offers register matches when tagging, links with one call, creates an entry with both forms, and the register counts the mention', async () => {
    type Match = { entity: { id: number; canonicalEn: string; mentionCount: number }; score: number; how: string; form: string };
    type Matches = { matches: Match[]; newEntry: { kind: string; canonicalAr: string; canonicalEn: string } };
    const doc = await seedDocument(t, ['ونقل إلى درعا حيث أوقف المدعو سامر الحلبي']);
    const [lineRow] = ((await (await t.request('translator', `/api/documents/${doc.documentId}/segments`)).json()) as { segments: Segment[] }).segments;
    const withTranslation = await edit(lineRow!.id, { translation: 'He was taken to Daraa, where Samer al-Halabi was detained.' });

    // A place tagged by hand: the seeded register's Daraa comes first.
    const at = withTranslation.text.indexOf('درعا');
    const res = await t.json('translator', 'POST', '/api/mentions', { segmentId: lineRow!.id, segmentVersion: withTranslation.version, field: 'text', start: at, end: at + 4, kind: 'place' });
    expect(res.status).toBe(201);
    const place = ((await res.json()) as { mention: Mention }).mention;
    expect(place.entityId).toBeNull();
    const offered = (await ok(await t.request('translator', `/api/mentions/${place.id}/matches`))) as unknown as Matches;
    expect(offered.matches[0]).toMatchObject({ how: 'exact', score: 1, entity: { canonicalEn: 'Daraa', mentionCount: 0 } });
    const daraa = offered.matches[0]!.entity.id;
    expect(await accept(place.id, { entityId: daraa })).toMatchObject({ entityId: daraa, normalized: 'Daraa', status: 'accepted' });
    // The register and the entity page count and list it.
    const listed = ((await (await t.request('researcher', '/api/entities?kind=place&q=Daraa')).json()) as { entities: Array<{ id: number; mentionCount: number }> }).entities;
    expect(listed.find((e) => e.id === daraa)?.mentionCount).toBe(1);
    const page = (await ok(await t.request('researcher', `/api/entities/${daraa}`))) as { counts: { total: number } };
    expect(page.counts.total).toBe(1);
    const inContext = (await ok(await t.request('researcher', `/api/entities/${daraa}/mentions`))) as { mentions: Array<{ id: number }> };
    expect(inContext.mentions.map((m) => m.id)).toEqual([place.id]);

    // The English side finds the same entry by an English alias and by its romanized form.
    const deraa = await edit(lineRow!.id, { translation: 'He was taken to Deraa, where Samer al-Halabi was detained.' });
    const enAt = deraa.translation.indexOf('Deraa');
    const en = ((await (await t.json('translator', 'POST', '/api/mentions', { segmentId: lineRow!.id, segmentVersion: deraa.version, field: 'translation', start: enAt, end: enAt + 5, kind: 'place' })).json()) as { mention: Mention }).mention;
    expect(((await ok(await t.request('translator', `/api/mentions/${en.id}/matches`))) as unknown as Matches).matches[0]).toMatchObject({ how: 'alias', entity: { id: daraa } });

    // A first-seen person: no entry yet; the draft takes the English form the translator wrote.
    const nameAt = deraa.text.indexOf('سامر');
    const person = ((await (await t.json('translator', 'POST', '/api/mentions', { segmentId: lineRow!.id, segmentVersion: deraa.version, field: 'text', start: nameAt, end: nameAt + 11, kind: 'person' })).json()) as { mention: Mention }).mention;
    const draft = (await ok(await t.request('translator', `/api/mentions/${person.id}/matches`))) as unknown as Matches;
    expect(draft.newEntry).toEqual({ kind: 'person', canonicalAr: 'سامر الحلبي', canonicalEn: 'Samer al-Halabi' });
    const created = await accept(person.id, { newEntity: { canonicalAr: draft.newEntry.canonicalAr, canonicalEn: draft.newEntry.canonicalEn } });
    const entity = ((await ok(await t.request('translator', `/api/entities/${created.entityId}`))) as { entity: { canonicalAr: string; canonicalEn: string } }).entity;
    expect(entity).toMatchObject({ canonicalAr: 'سامر الحلبي', canonicalEn: 'Samer al-Halabi' });
    // Now known: a spelling variant (OCR lost a dot) is offered the new entry.
    const variant = await seedDocument(t, ['سامر الحلببي']);
    const [v] = ((await (await t.request('translator', `/api/documents/${variant.documentId}/segments`)).json()) as { segments: Segment[] }).segments;
    const vTag = ((await (await t.json('translator', 'POST', '/api/mentions', { segmentId: v!.id, segmentVersion: v!.version, field: 'text', start: 0, end: v!.text.length, kind: 'person' })).json()) as { mention: Mention }).mention;
    expect(((await ok(await t.request('translator', `/api/mentions/${vTag.id}/matches`))) as unknown as Matches).matches[0]).toMatchObject({ how: 'fuzzy', entity: { id: created.entityId } });
    // Dates are values, not entries.
    const dated = await edit(v!.id, { text: `${v!.text} بتاريخ ٣/٥/٢٠١٤` });
    const dateAt = dated.text.indexOf('٣/٥/٢٠١٤');
    const date = await t.json('translator', 'POST', '/api/mentions', { segmentId: v!.id, segmentVersion: dated.version, field: 'text', start: dateAt, end: dateAt + 8, kind: 'date' });
    expect((await t.request('translator', `/api/mentions/${((await date.json()) as { mention: Mention }).mention.id}/matches`)).status).toBe(400);
  });

  it('recorded all of it in an intact audit chain', async () => {
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
