import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema';
import { collectionMembers, collections, users } from '../../db/schema';
import { seedDocument, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

type Segment = { id: number; text: string; translation: string; version: number; status: string; suggestion: { origin: string; score: number } | null };
type Job = { id: number; status: string; total: number; processed: number; filled: number };

/** Fictional lines in the shape of the sample corpus. */
const memoryLines = [
  ['الجمهورية العربية السورية', 'Syrian Arab Republic'],
  ['الرقم: 4512/ص   التاريخ: ٤/٥/٢٠١٦', 'No.: 4512/S   Date: 4 May 2016'],
  ['نعلمكم بوفاة الموقوف محمود درويش رقم 7984', 'We inform you of the death of detainee Mahmoud Darwish, No. 7984,'],
  ['بتاريخ ٩/٩/٢٠٢١ نتيجة توقف القلب والتنفس.', 'on 9 September 2021 as a result of cardiac and respiratory arrest.'],
] as const;
const newLines = [
  'الجمهورية العربية السورية',
  'الرقم: 7730/ص   التاريخ: 3 نيسان 2019',
  'نعلمكم بوفاة الموقوف غسان بن عادل الدباغ رقم 1520',
  'بتاريخ 12/11/2020 نتيجة توقف القلب والتنفس.',
  'عبارة لم تترجم من قبل',
  'عبارة لم تترجم من قبل',
];

describe(`translation assistance: memory, pre-translation, termbase, QA, TMX, XLIFF (${databaseKind} database)`, () => {
  let t: TestApp;
  let memoryDoc: number;
  let newDoc: number;
  let sealedDoc: number;
  let openCollection: number;
  let sealedCollection: number;
  const segmentsOf = async (documentId: number, role: Role = 'admin') =>
    ((await (await t.request(role, `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] }).segments;
  const patch = (role: Role, s: Segment, body: Record<string, unknown>) => t.json(role, 'PATCH', `/api/segments/${s.id}`, { version: s.version, ...body });
  const waitForJob = async (id: number) => {
    for (let i = 0; i < 200; i++) {
      const { job } = (await (await t.request('translator', `/api/translation/jobs/${id}`)).json()) as { job: Job };
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('pre-translation did not finish');
  };

  beforeAll(async () => {
    t = await startTestApp();
    memoryDoc = (await seedDocument(t, memoryLines.map(([ar]) => ar), { collection: 'Fictional open' })).documentId;
    for (const [i, s] of (await segmentsOf(memoryDoc)).entries()) expect((await patch('translator', s, { translation: memoryLines[i]![1] })).status).toBe(200);
    newDoc = (await seedDocument(t, newLines, { collection: 'Fictional open', scan: 'corpus/clean/doc-01-006.jpg' })).documentId;
    // A restricted collection whose only members are the translator and the reviewer, with a line no one else may see.
    sealedDoc = (await seedDocument(t, ['سري للغاية'], { collection: 'Fictional sealed', scan: 'corpus/clean/doc-01-007.jpg' })).documentId;
    const [open] = await t.db.select().from(collections).where(eq(collections.name, 'Fictional open'));
    const [sealed] = await t.db.select().from(collections).where(eq(collections.name, 'Fictional sealed'));
    openCollection = open!.id;
    sealedCollection = sealed!.id;
    await t.db.update(collections).set({ restricted: true }).where(eq(collections.id, sealedCollection));
    for (const email of ['translator@example.test', 'reviewer@example.test']) {
      const [u] = await t.db.select().from(users).where(eq(users.email, email));
      await t.db.insert(collectionMembers).values({ collectionId: sealedCollection, userId: u!.id });
    }
    const [secret] = await segmentsOf(sealedDoc, 'translator');
    expect((await patch('translator', secret!, { translation: 'Strictly confidential (sealed wording)' })).status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('suggests a formula seen once with the new line’s name, number and date, with score, origin and word diff', async () => {
    const lines = await segmentsOf(newDoc, 'researcher');
    const res = await t.request('researcher', `/api/segments/${lines[2]!.id}/translation-suggestion`);
    expect(res.status).toBe(200);
    const { suggestion } = (await res.json()) as { suggestion: { translation: string; score: number; origin: string; diff: Array<{ op: string; text: string }> } };
    expect(suggestion).toMatchObject({ translation: 'We inform you of the death of detainee Ghassan bin Adel al-Dabbagh, No. 1520,', score: 99, origin: 'substituted' });
    expect(suggestion.diff).toContainEqual({ op: 'placeable', text: 'غسان بن عادل الدباغ' });
    const date = (await (await t.request('researcher', `/api/segments/${lines[1]!.id}/translation-suggestion`)).json()) as { suggestion: { translation: string } };
    expect(date.suggestion.translation).toBe('No.: 7730/S   Date: 3 April 2019');
  });

  it('never reveals a line of a restricted collection to a non-member', async () => {
    const body = { text: 'سري للغاية' };
    const member = (await (await t.json('translator', 'POST', '/api/translation/suggest', body)).json()) as { suggestion: { translation: string } | null };
    expect(member.suggestion?.translation).toBe('Strictly confidential (sealed wording)');
    for (const role of ['researcher', 'legal'] as const) {
      const outsider = (await (await t.json(role, 'POST', '/api/translation/suggest', body)).json()) as { suggestion: { translation: string } | null };
      expect(outsider.suggestion?.translation ?? '').not.toContain('sealed');
    }
    const tmx = await (await t.request('researcher', '/api/translation/memory.tmx')).text();
    expect(tmx).toContain('Syrian Arab Republic');
    expect(tmx).not.toContain('sealed wording');
    expect((await t.request('researcher', `/api/translation/memory.tmx?collectionId=${sealedCollection}`)).status).toBe(404);
  });

  it('pre-translates a document in the background: lines suggested with origin and score, not certifiable, confirmed by a person; identical lines propagate', async () => {
    expect((await t.json('researcher', 'POST', '/api/translation/pretranslate', { documentId: newDoc })).status).toBe(403);
    expect((await t.json('researcher', 'POST', '/api/translation/pretranslate', { documentId: sealedDoc })).status).toBe(403);
    expect((await t.json('translator', 'POST', '/api/translation/pretranslate', { documentId: 999_999 })).status).toBe(404);
    const res = await t.json('translator', 'POST', '/api/translation/pretranslate', { documentId: newDoc, minScore: 70 });
    expect(res.status).toBe(202);
    const job = await waitForJob(((await res.json()) as { job: Job }).job.id);
    expect(job).toMatchObject({ status: 'done', total: 6, processed: 6, filled: 4 });
    let lines = await segmentsOf(newDoc);
    expect(lines.slice(0, 4).map((l) => [l.status, l.suggestion?.origin])).toEqual([
      ['suggested', 'exact'],
      ['suggested', 'substituted'],
      ['suggested', 'substituted'],
      ['suggested', 'substituted'],
    ]);
    expect(lines[3]!.translation).toBe('on 12 November 2020 as a result of cardiac and respiratory arrest.');

    // A suggested line is not approved before a person confirms it.
    const approve = await t.json('reviewer', 'POST', `/api/review/segments/${lines[0]!.id}`, { action: 'approve', version: lines[0]!.version });
    expect(approve.status).toBe(409);
    expect(((await approve.json()) as { error: string }).error).toBe('suggested_line');
    // Editing the Arabic does not confirm it; confirming does.
    expect((await patch('translator', lines[0]!, { status: 'translated' })).status).toBe(200);

    // Confirming one of two identical lines fills the other as a suggestion (propagated, 100).
    expect((await patch('translator', lines[4]!, { translation: 'A phrase never translated before' })).status).toBe(200);
    lines = await segmentsOf(newDoc);
    expect(lines[0]).toMatchObject({ status: 'translated', suggestion: null });
    expect(lines[5]).toMatchObject({ status: 'suggested', translation: 'A phrase never translated before', suggestion: { origin: 'propagated', score: 100 } });

    // The declaration names who confirmed suggestions.
    const preview = (await (await t.request('reviewer', `/api/documents/${newDoc}/certify/preview?place=Geneva`)).json()) as { declaration: string; qa: Array<{ check: string }> };
    expect(preview.declaration).toContain('with translation-memory suggestions confirmed by translator');
    expect(preview.qa.filter((i) => i.check === 'suggested')).toHaveLength(4);
  });

  it('finds QA issues: a number or date missing, an empty translation, a term rendered otherwise, two translations of one line', async () => {
    const lines = await segmentsOf(newDoc);
    await patch('translator', lines[1]!, { translation: 'No.: 7731/S   Date: 4 April 2019' });
    expect((await t.json('translator', 'POST', '/api/translation/terms', { collectionId: openCollection, sourceTerm: 'الجمهورية العربية السورية', targetTerm: 'Syrian Arab Republic', note: 'letterhead' })).status).toBe(201);
    expect((await t.json('translator', 'POST', '/api/translation/terms', { collectionId: openCollection, sourceTerm: 'توقف القلب', targetTerm: 'cardiac arrest', note: '' })).status).toBe(201);
    const segs = await segmentsOf(memoryDoc);
    await patch('translator', segs[0]!, { translation: 'Syrian Arab Rep.' });
    const { issues, errors } = (await (await t.request('reviewer', `/api/documents/${newDoc}/qa`)).json()) as { issues: Array<{ check: string; segmentId: number; severity: string }>; errors: number };
    const of = (i: number) => issues.filter((x) => x.segmentId === lines[i]!.id).map((x) => x.check).sort();
    expect(of(1)).toEqual(['date_missing', 'number_missing']);
    expect(of(2)).toEqual(['suggested']);
    expect(of(3)).toEqual(['suggested', 'term_mismatch']);
    expect(of(0)).toEqual(['inconsistent']);
    expect(errors).toBeGreaterThanOrEqual(4);
    const line = (await (await t.request('translator', `/api/segments/${lines[1]!.id}/qa`)).json()) as { issues: Array<{ check: string }> };
    expect(line.issues.map((i) => i.check).sort()).toEqual(['date_missing', 'number_missing']);
    const terms = (await (await t.request('researcher', `/api/segments/${lines[3]!.id}/translation-suggestion`)).json()) as { terms: Array<{ source: string; targets: string[]; origin: string }> };
    expect(terms.terms).toContainEqual(expect.objectContaining({ source: 'توقف القلب', targets: ['cardiac arrest'], origin: 'team' }));
  });

  it('imports and exports the termbase as CSV, and only team roles change it', async () => {
    const csv = await (await t.request('researcher', `/api/translation/terms.csv?collectionId=${openCollection}`)).text();
    expect(csv).toContain('arabic,english,note');
    expect(csv).toContain('توقف القلب,cardiac arrest,');
    const upload = (role: Role, body: string) => t.request(role, `/api/translation/terms.csv?collectionId=${openCollection}`, { method: 'POST', body, headers: { 'content-type': 'text/csv' } });
    expect((await upload('researcher', 'arabic,english\nمشفى,hospital\n')).status).toBe(403);
    const res = await upload('reviewer', '\uFEFFarabic,english,note\nمشفى,hospital,"a note, with a comma"\nتوقف القلب,cardiac arrest,\n');
    expect(await res.json()).toEqual({ rows: 2, added: 1, skipped: 1 });
    expect((await upload('reviewer', 'arabic,english\n,missing\n')).status).toBe(400);
    const { terms } = (await (await t.request('translator', `/api/translation/terms?collectionId=${openCollection}`)).json()) as { terms: Array<{ id: number; sourceTerm: string; note: string }> };
    const hospital = terms.find((x) => x.sourceTerm === 'مشفى')!;
    expect(hospital.note).toBe('a note, with a comma');
    expect((await t.json('researcher', 'PATCH', `/api/translation/terms/${hospital.id}`, { note: 'x' })).status).toBe(403);
    expect((await t.json('translator', 'PATCH', `/api/translation/terms/${hospital.id}`, { note: 'x' })).status).toBe(200);
    expect((await t.request('translator', `/api/translation/terms/${hospital.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await t.request('researcher', `/api/translation/terms?collectionId=${sealedCollection}`)).status).toBe(404);
  });

  it('imports TMX 1.4b into a collection (ar-SY / en-GB), and suggests from it', async () => {
    const tmx = `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="ar-SY" datatype="plaintext"/><body>
      <tu><tuv xml:lang="ar-SY"><seg>وأحيل إلى قسم التحقيق لإجراء اللازم.</seg></tuv><tuv xml:lang="en-GB"><seg>He was referred to the Investigation Section for the necessary action.</seg></tuv></tu></body></tmx>`;
    const post = (role: Role, collectionId: number) => t.request(role, `/api/translation/memory.tmx?collectionId=${collectionId}`, { method: 'POST', body: tmx, headers: { 'content-type': 'application/x-tmx+xml' } });
    expect((await post('researcher', openCollection)).status).toBe(403);
    expect((await post('legal', sealedCollection)).status).toBe(403);
    expect(await (await post('translator', openCollection)).json()).toEqual({ units: 1, added: 1, skipped: 0 });
    expect(await (await post('translator', openCollection)).json()).toEqual({ units: 1, added: 0, skipped: 0 });
    expect((await t.request('translator', `/api/translation/memory.tmx?collectionId=${openCollection}`, { method: 'POST', body: '<tmx><body>', headers: { 'content-type': 'application/xml' } })).status).toBe(400);
    const s = (await (await t.json('researcher', 'POST', '/api/translation/suggest', { text: 'وأحيل إلى قسم التحقيق لإجراء اللازم.' })).json()) as { suggestion: { translation: string; score: number } };
    expect(s.suggestion).toMatchObject({ translation: 'He was referred to the Investigation Section for the necessary action.', score: 100 });
  });

  it('round-trips XLIFF 1.2 through a file edited outside Sijill: changed targets saved, a line whose Arabic changed since is a conflict', async () => {
    const exported = await (await t.request('translator', `/api/documents/${memoryDoc}/xliff`)).text();
    expect(exported).toContain('<xliff version="1.2"');
    const lines = await segmentsOf(memoryDoc);
    // Meanwhile, in Sijill, someone corrects the Arabic of line 3.
    await patch('reviewer', lines[2]!, { text: 'نعلمكم بوفاة الموقوف محمود الدرويش رقم 7984' });
    // A CAT tool changes two targets.
    const edited = exported
      .replace('We inform you of the death of detainee Mahmoud Darwish, No. 7984,', 'We notify you of the death of detainee Mahmoud Darwish, No. 7984,')
      .replace('on 9 September 2021 as a result of cardiac and respiratory arrest.', 'on 9 September 2021 due to cardiac and respiratory arrest.');
    expect((await t.request('researcher', `/api/documents/${memoryDoc}/xliff`, { method: 'POST', body: edited, headers: { 'content-type': 'application/xliff+xml' } })).status).toBe(403);
    const res = await t.request('translator', `/api/documents/${memoryDoc}/xliff`, { method: 'POST', body: edited, headers: { 'content-type': 'application/xliff+xml' } });
    const report = (await res.json()) as { updated: number; unchanged: number; conflicts: Array<{ segmentId: number; reason: string; translationInFile: string }> };
    expect(report.updated).toBe(1);
    expect(report.conflicts).toEqual([expect.objectContaining({ segmentId: lines[2]!.id, reason: 'source_changed', translationInFile: 'We notify you of the death of detainee Mahmoud Darwish, No. 7984,' })]);
    const after = await segmentsOf(memoryDoc);
    expect(after[2]!.translation).toBe('We inform you of the death of detainee Mahmoud Darwish, No. 7984,');
    expect(after[3]!.translation).toBe('on 9 September 2021 due to cardiac and respiratory arrest.');
    expect((await t.request('translator', `/api/documents/${newDoc}/xliff`, { method: 'POST', body: edited, headers: { 'content-type': 'application/xliff+xml' } })).status).toBe(409);
  });
  // Every route as each role, member or not, and nobody: tests/api/permission-walk.test.ts (routeAccess).
});
