import { desc, eq } from 'drizzle-orm';
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
    const { suggestion } = (await res.json()) as { suggestion: { translation: string; score: number; origin: string; diff: Array<{ op: string; text: string; spaceBefore: boolean }> } };
    expect(suggestion).toMatchObject({ translation: 'We inform you of the death of detainee Ghassan bin Adel al-Dabbagh, No. 1520,', score: 99, origin: 'substituted' });
    expect(suggestion.diff).toContainEqual({ op: 'placeable', text: 'غسان بن عادل الدباغ', spaceBefore: true });
    const date = (await (await t.request('researcher', `/api/segments/${lines[1]!.id}/translation-suggestion`)).json()) as { suggestion: { translation: string } };
    expect(date.suggestion.translation).toBe('No.: 7730/S   Date: 3 April 2019');
  });

  it('never writes the memory’s own date or number into a line whose date or number it cannot read; pre-translated and suggested alike, and QA flags what is left out', async () => {
    const lines = [
      'الرقم: 7730/ص   التاريخ: 3/4/19',
      'بتاريخ 31/2/2020 نتيجة توقف القلب والتنفس.',
      'الرقم: 7730/ص   التاريخ:',
      'الرقم: 7730/ص/17   التاريخ: 3/4/2019',
    ];
    const doc = (await seedDocument(t, lines, { collection: 'Fictional open', scan: 'corpus/clean/doc-01-009.jpg' })).documentId;
    const expected = ['No.: 7730/S   Date: 3/4/19', 'on 31/2/2020 as a result of cardiac and respiratory arrest.', 'No.: 7730/S   Date:', 'No.: 7730/S   Date: 3 April 2019'];
    const segments = await segmentsOf(doc, 'translator');
    for (const [i, s] of segments.entries()) {
      const { suggestion } = (await (await t.request('translator', `/api/segments/${s.id}/translation-suggestion`)).json()) as { suggestion: { translation: string; origin: string } };
      expect(suggestion, lines[i]).toMatchObject({ translation: expected[i], origin: 'fuzzy' });
    }
    const res = await t.json('translator', 'POST', '/api/translation/pretranslate', { documentId: doc, minScore: 70 });
    expect(res.status).toBe(202);
    expect(await waitForJob(((await res.json()) as { job: Job }).job.id)).toMatchObject({ status: 'done', filled: 4 });
    const filled = await segmentsOf(doc, 'translator');
    expect(filled.map((s) => [s.status, s.translation])).toEqual(expected.map((e) => ['suggested', e]));
    const { issues } = (await (await t.request('reviewer', `/api/documents/${doc}/qa`)).json()) as { issues: Array<{ check: string; segmentId: number; params: Record<string, string> }> };
    const found = issues.filter((i) => i.check !== 'suggested').map((i) => [filled.findIndex((s) => s.id === i.segmentId), i.check, i.params.number ?? i.params.iso]);
    expect(found).toEqual([[3, 'number_missing', '17']]);
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

  it('keeps a suggestion unconfirmed through a split and a join: the halves and the joined line stay suggested, not approvable', async () => {
    const doc = (await seedDocument(t, ['الجمهورية العربية السورية', 'نعلمكم بوفاة الموقوف غسان بن عادل الدباغ رقم 1520', 'الجمهورية العربية السورية'], { collection: 'Fictional open', scan: 'corpus/clean/doc-01-008.jpg' })).documentId;
    const res = await t.json('translator', 'POST', '/api/translation/pretranslate', { documentId: doc, minScore: 70 });
    expect(await waitForJob(((await res.json()) as { job: Job }).job.id)).toMatchObject({ status: 'done', filled: 3 });
    let [republic, formula, again] = await segmentsOf(doc);
    expect(formula).toMatchObject({ status: 'suggested', suggestion: { origin: 'substituted', score: 99 } });
    const split = async (s: Segment, body: Record<string, unknown>) => {
      const r = await t.json('translator', 'POST', `/api/segments/${s.id}/split`, { version: s.version, ...body });
      expect(r.status).toBe(200);
      return (await r.json()) as { first: Segment; second: Segment };
    };
    const approve = async (s: Segment) => {
      const r = await t.json('reviewer', 'POST', `/api/review/segments/${s.id}`, { action: 'approve', version: s.version });
      return { status: r.status, error: ((await r.json()) as { error?: string }).error };
    };

    // As the editor splits (at the Arabic only): the English stays on the first half, still a suggestion.
    const atNumber = await split(formula!, { textOffset: formula!.text.indexOf('رقم') });
    expect(atNumber.first).toMatchObject({ status: 'suggested', translation: formula!.translation, suggestion: { origin: 'substituted', score: 99 } });
    expect(atNumber.second).toMatchObject({ status: 'corrected', translation: '', suggestion: null });
    expect(await approve(atNumber.first)).toEqual({ status: 409, error: 'suggested_line' });
    // With the English divided too: both halves hold part of the suggestion, both stay suggested.
    const halves = await split(republic!, { textOffset: republic!.text.indexOf('السورية'), translationOffset: 'Syrian '.length });
    expect(halves.first).toMatchObject({ status: 'suggested', translation: 'Syrian', suggestion: { origin: 'exact', score: 100 } });
    expect(halves.second).toMatchObject({ status: 'suggested', translation: 'Arab Republic', suggestion: { origin: 'exact', score: 100 } });

    // Joining a line without English to a suggested one does not confirm the suggestion.
    const joined = await t.json('translator', 'POST', `/api/segments/${atNumber.second.id}/merge`, { version: atNumber.second.version, nextId: again!.id, nextVersion: again!.version });
    expect(joined.status).toBe(200);
    expect(((await joined.json()) as { segment: Segment }).segment).toMatchObject({ status: 'suggested', translation: 'Syrian Arab Republic', suggestion: { origin: 'exact', score: 100 } });
    // A confirmed line joined to a suggested one is confirmed again as a whole.
    expect((await patch('translator', halves.first, { status: 'translated' })).status).toBe(200);
    [republic] = await segmentsOf(doc);
    expect(republic).toMatchObject({ status: 'translated', suggestion: null });
    const rejoined = await t.json('translator', 'POST', `/api/segments/${republic!.id}/merge`, { version: republic!.version, nextId: halves.second.id, nextVersion: halves.second.version });
    const whole = ((await rejoined.json()) as { segment: Segment }).segment;
    expect(whole).toMatchObject({ status: 'suggested', translation: 'Syrian Arab Republic', suggestion: { origin: 'exact', score: 100 } });
    expect(await approve(whole)).toEqual({ status: 409, error: 'suggested_line' });
    // Correcting the Arabic of a suggested line keeps it suggested, and says still where it came from.
    [, formula] = await segmentsOf(doc);
    const corrected = await patch('translator', formula!, { text: `${formula!.text} ` + 'المذكور' });
    expect(((await corrected.json()) as { segment: Segment }).segment).toMatchObject({ status: 'suggested', suggestion: { origin: 'substituted', score: 99 } });
    const preview = (await (await t.request('reviewer', `/api/documents/${doc}/certify/preview?place=Geneva`)).json()) as { qa: Array<{ check: string }> };
    expect(preview.qa.filter((i) => i.check === 'suggested')).toHaveLength(3);
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
    // A check and its values, for the client to word in its language; the English for API clients.
    expect(line.issues).toContainEqual(expect.objectContaining({ check: 'number_missing', params: { number: '7730' }, message: 'The number 7730 is missing or different in the translation.' }));
    expect(line.issues).toContainEqual(expect.objectContaining({ check: 'date_missing', params: { date: '3 نيسان 2019', iso: '2019-04-03' } }));
    const terms = (await (await t.request('researcher', `/api/segments/${lines[3]!.id}/translation-suggestion`)).json()) as { terms: Array<{ source: string; targets: string[]; origin: string }> };
    expect(terms.terms).toContainEqual(expect.objectContaining({ source: 'توقف القلب', targets: ['cardiac arrest'], origin: 'team' }));
  });

  it('counts each queued document’s QA errors and warnings in the review queue, as the certification preview lists them', async () => {
    const doc = (await seedDocument(t, ['الرقم: 6120/ص', 'سري للغاية'], { collection: 'Fictional open', scan: 'corpus/clean/doc-01-019.jpg' })).documentId;
    const [ref, secret] = await segmentsOf(doc);
    // The English lost the reference number (an error); the other line is translated as the collection does.
    expect((await patch('translator', ref!, { translation: 'No.: 6210/S' })).status).toBe(200);
    expect((await patch('translator', secret!, { translation: 'Top secret' })).status).toBe(200);
    expect((await t.json('translator', 'POST', `/api/review/documents/${doc}/submit`, {})).status).toBe(200);
    const queued = async () =>
      ((await (await t.request('reviewer', '/api/review/queue')).json()) as { documents: Array<{ id: number; qaErrors: number; qaWarnings: number }> }).documents.find((d) => d.id === doc);
    const { issues } = (await (await t.request('reviewer', `/api/documents/${doc}/qa`)).json()) as { issues: Array<{ check: string; severity: string }> };
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.check)).toEqual(['number_missing']);
    expect(await queued()).toMatchObject({ qaErrors: 1, qaWarnings: issues.length - 1 });
    // Corrected, the error leaves the queue's count.
    const [fixed] = await segmentsOf(doc);
    expect((await patch('translator', fixed!, { translation: 'No.: 6120/S' })).status).toBe(200);
    expect(await queued()).toMatchObject({ qaErrors: 0 });
    // A date typed into the English that the Arabic does not have is an error too, and one finding.
    const [typed] = await segmentsOf(doc);
    expect((await patch('translator', typed!, { translation: 'No.: 6120/S   Date: 4 May 2016' })).status).toBe(200);
    const after = (await (await t.request('reviewer', `/api/documents/${doc}/qa`)).json()) as { issues: Array<{ check: string; severity: string; params: Record<string, string> }> };
    expect(after.issues.filter((i) => i.severity === 'error')).toEqual([expect.objectContaining({ check: 'date_added', params: { date: '4 May 2016', iso: '2016-05-04' }, message: 'The date 4 May 2016 (2016-05-04) in the translation is not in the Arabic.' })]);
    expect(await queued()).toMatchObject({ qaErrors: 1 });
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
  const suggestionFor = async (role: Role, text: string) =>
    (((await (await t.json(role, 'POST', '/api/translation/suggest', { text })).json()) as { suggestion: { translation: string } | null }).suggestion?.translation ?? '');

  it('never uses a register entry the user may not see: its English form stays out of their suggestions, pre-translations and annotations', async () => {
    // A formula confirmed in an open collection.
    const formula = (await seedDocument(t, ['نعلمكم بوفاة الموقوف رامي بن حسن العلي رقم 4410'], { collection: 'Fictional annex', scan: 'corpus/clean/doc-01-010.jpg' })).documentId;
    const [confirmed] = await segmentsOf(formula);
    expect((await patch('translator', confirmed!, { translation: 'We inform you of the death of detainee Rami bin Hassan al-Ali, No. 4410,' })).status).toBe(200);
    // A person in the register, tagged only in the restricted collection: visible to its members alone.
    const created = await t.json('admin', 'POST', '/api/entities', { kind: 'person', canonicalAr: 'سامر بن وليد النوري', canonicalEn: 'Samer W. an-Nuri' });
    const entityId = ((await created.json()) as { entity: { id: number } }).entity.id;
    const sealed = (await seedDocument(t, ['أفاد الموقوف سامر بن وليد النوري بما يلي'], { collection: 'Fictional sealed', scan: 'corpus/clean/doc-01-011.jpg' })).documentId;
    const [line] = await segmentsOf(sealed);
    const start = line!.text.indexOf('سامر');
    const tag = await t.json('admin', 'POST', '/api/mentions', { segmentId: line!.id, segmentVersion: line!.version, start, end: start + 'سامر بن وليد النوري'.length, kind: 'person', entityId });
    expect(tag.status, await tag.clone().text()).toBe(201);
    expect((await t.request('researcher', `/api/entities/${entityId}`)).status).toBe(404);
    expect((await t.request('translator', `/api/entities/${entityId}`)).status).toBe(200);

    const text = 'نعلمكم بوفاة الموقوف سامر بن وليد النوري رقم 5120';
    expect(await suggestionFor('translator', text)).toBe('We inform you of the death of detainee Samer W. an-Nuri, No. 5120,');
    expect(await suggestionFor('translator', 'سامر بن وليد النوري')).toBe('Samer W. an-Nuri');
    for (const role of ['researcher', 'legal'] as const) {
      // The formula still serves them, with the name romanized as one the register does not hold.
      const outsider = await suggestionFor(role, text);
      expect(outsider).toMatch(/^We inform you of the death of detainee .+, No\. 5120,$/);
      expect(outsider).not.toContain('an-Nuri');
      expect(await suggestionFor(role, 'سامر بن وليد النوري')).not.toContain('an-Nuri');
    }
    // Annotating free text finds the name as it would if the register did not hold it.
    const annotated = (await (await t.json('researcher', 'POST', '/api/mentions/annotate', { lines: [text] })).json()) as { annotations: Array<{ mentions: Array<{ type: string; entityId: number | null; normalized: string | null }> }> };
    expect(JSON.stringify(annotated)).not.toContain('an-Nuri');
    expect(annotated.annotations[0]!.mentions).toContainEqual(expect.objectContaining({ type: 'person', entityId: null }));

    // Pre-translation runs as the person who asked: a translator outside the restricted collection, then a member.
    const { createUserAccount, issueApiToken } = await import('../../api/auth/credentials');
    const outsider = await createUserAccount(t.db, { email: 'outside-translator@example.test', password: 'correct horse battery', role: 'translator' }, { actorId: null, via: 'cli' });
    const outsiderToken = (await issueApiToken(t.db, outsider.id, 'test')).token;
    const doc = (await seedDocument(t, [text], { collection: 'Fictional annex', scan: 'corpus/clean/doc-01-012.jpg' })).documentId;
    const pretranslate = async (authorization: string, documentId = doc) => {
      const res = await t.app.request('/api/translation/pretranslate', { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ documentId, minScore: 70 }) });
      expect(res.status).toBe(202);
      expect(await waitForJob(((await res.json()) as { job: Job }).job.id)).toMatchObject({ status: 'done', filled: 1 });
      return (await segmentsOf(documentId))[0]!.translation;
    };
    const byOutsider = await pretranslate(`Bearer ${outsiderToken}`);
    expect(byOutsider).toMatch(/^We inform you of the death of detainee .+, No\. 5120,$/);
    expect(byOutsider).not.toContain('an-Nuri');
    const memberToken = (await issueApiToken(t.db, (await t.db.select().from(users).where(eq(users.email, 'translator@example.test')))[0]!.id, 'test')).token;
    // What a pre-translation writes, every reader of the document reads: a member of the
    // restricted collection pre-translating an open document carries nothing of it there ...
    const openDoc = (await seedDocument(t, [text], { collection: 'Fictional annex', scan: 'corpus/clean/doc-01-015.jpg' })).documentId;
    const byMember = await pretranslate(`Bearer ${memberToken}`, openDoc);
    expect(byMember).toMatch(/^We inform you of the death of detainee .+, No\. 5120,$/);
    expect(byMember).not.toContain('an-Nuri');
    // ... and in a document of the restricted collection itself, the register serves them.
    const sealedDoc = (await seedDocument(t, [text], { collection: 'Fictional sealed', scan: 'corpus/clean/doc-01-014.jpg' })).documentId;
    expect(await pretranslate(`Bearer ${memberToken}`, sealedDoc)).toBe('We inform you of the death of detainee Samer W. an-Nuri, No. 5120,');
  });

  it('refuses to link a tag in an open document to a person known only from a restricted collection: as a member, as an administrator; a non-member cannot name them', async () => {
    const created = await t.json('admin', 'POST', '/api/entities', { kind: 'person', canonicalAr: 'نزار بن فؤاد الحلبي', canonicalEn: 'Nizar F. al-Halabi' });
    const personId = ((await created.json()) as { entity: { id: number } }).entity.id;
    const name = 'نزار بن فؤاد الحلبي';
    const spanIn = (line: Segment) => ({ segmentId: line.id, segmentVersion: line.version, start: line.text.indexOf(name), end: line.text.indexOf(name) + name.length, kind: 'person' });
    type Tag = { id: number; entityId: number | null };
    // A member links them in the restricted collection: the person is known there only.
    const sealed = (await seedDocument(t, [`حضر الموقوف ${name} إلى الفرع`], { collection: 'Fictional sealed', scan: 'corpus/clean/doc-01-016.jpg' })).documentId;
    const [sealedLine] = await segmentsOf(sealed, 'translator');
    expect((await t.json('translator', 'POST', '/api/mentions', { ...spanIn(sealedLine!), entityId: personId })).status).toBe(201);
    expect((await t.request('researcher', `/api/entities/${personId}`)).status).toBe(404);

    const open = (await seedDocument(t, [`أفاد الشاهد أن ${name} نقل إلى دمشق`], { collection: 'Fictional open', scan: 'corpus/clean/doc-01-017.jpg' })).documentId;
    const [openLine] = await segmentsOf(open);
    const tagsOfLine = async () => ((await (await t.request('admin', `/api/mentions?segmentId=${openLine!.id}&status=suggested,accepted,rejected`)).json()) as { mentions: Tag[] }).mentions;
    const before = await tagsOfLine();
    // As a member: refused with a clear error, nothing stored.
    const refused = await t.json('translator', 'POST', '/api/mentions', { ...spanIn(openLine!), entityId: personId });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'restricted_person', entityId: personId });
    expect(await tagsOfLine()).toEqual(before);
    // Saying so does not help a member: only an administrator may decide to disclose the person.
    expect((await t.json('translator', 'POST', '/api/mentions', { ...spanIn(openLine!), entityId: personId, disclose: true })).status).toBe(409);
    // Administrators are asked too: the tag is read by the open collection's readers, not by whoever links it.
    expect((await t.json('admin', 'POST', '/api/mentions', { ...spanIn(openLine!), entityId: personId })).status).toBe(409);
    // The name tagged without the link is fine; linking it afterwards, by a change or an accept, is refused the same way.
    const plain = await t.json('translator', 'POST', '/api/mentions', spanIn(openLine!));
    expect(plain.status).toBe(201);
    const tag = ((await plain.json()) as { mention: Tag }).mention;
    const offer = (await (await t.request('translator', `/api/mentions/${tag.id}/matches`)).json()) as { matches: Array<{ entity: { id: number }; restricted: boolean }> };
    expect(offer.matches.find((m) => m.entity.id === personId)).toMatchObject({ restricted: true });
    expect((await t.json('translator', 'PATCH', `/api/mentions/${tag.id}`, { segmentVersion: openLine!.version, entityId: personId })).status).toBe(409);
    expect((await t.json('translator', 'POST', `/api/mentions/${tag.id}/accept`, { entityId: personId })).status).toBe(409);
    expect((await tagsOfLine()).find((m) => m.id === tag.id)).toMatchObject({ entityId: null });
    expect((await t.request('researcher', `/api/entities/${personId}`)).status).toBe(404);

    // As a translator outside the restricted collection: the person is not theirs to name, nor offered.
    const { createUserAccount, issueApiToken } = await import('../../api/auth/credentials');
    const outsider = await createUserAccount(t.db, { email: 'outside-tagger@example.test', password: 'correct horse battery', role: 'translator' }, { actorId: null, via: 'cli' });
    const authorization = `Bearer ${(await issueApiToken(t.db, outsider.id, 'test')).token}`;
    const asOutsider = (path: string, method = 'GET', body?: unknown) =>
      t.app.request(path, { method, headers: { authorization, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await asOutsider('/api/mentions', 'POST', { ...spanIn(openLine!), start: 0, end: 'أفاد'.length, entityId: personId })).status).toBe(404);
    const theirOffer = (await (await asOutsider(`/api/mentions/${tag.id}/matches`)).json()) as { matches: Array<{ entity: { id: number } }> };
    expect(theirOffer.matches.map((m) => m.entity.id)).not.toContain(personId);
    expect((await asOutsider(`/api/mentions/${tag.id}/accept`, 'POST', { entityId: personId })).status).toBe(404);
    expect((await tagsOfLine()).find((m) => m.id === tag.id)).toMatchObject({ entityId: null });

    // An administrator who decides to link them anyway says so, and the audit chain records it.
    expect((await t.json('admin', 'POST', `/api/mentions/${tag.id}/accept`, { entityId: personId, disclose: true })).status).toBe(200);
    const { auditEvents } = await import('../../db/schema');
    const [decided] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'mention.decided')).orderBy(desc(auditEvents.seq)).limit(1);
    expect(decided!.payload).toMatchObject({ entityId: personId, disclosedRestricted: true });
    expect((await t.request('researcher', `/api/entities/${personId}`)).status).toBe(200);
  });

  it('follows register changes without a restart: an entry created, an English alias added', async () => {
    // The memory exists before the register changes.
    expect(await suggestionFor('researcher', 'الجمهورية العربية السورية')).not.toBe('');
    const place = async (canonicalAr: string, canonicalEn: string) =>
      ((await (await t.json('admin', 'POST', '/api/entities', { kind: 'place', canonicalAr, canonicalEn })).json()) as { entity: { id: number } }).entity.id;
    const zaytouna = await place('قرية الزيتونة', 'Zaytouna Village');
    const doc = (await seedDocument(t, ['نقل الموقوف إلى قرية الزيتونة', 'أعيد الموقوف من قرية الزيتونة'], { collection: 'Fictional annex', scan: 'corpus/clean/doc-01-013.jpg' })).documentId;
    const [moved, returned] = await segmentsOf(doc);
    expect((await patch('translator', moved!, { translation: 'The detainee was transferred to Zaytouna Village' })).status).toBe(200);
    expect((await patch('translator', returned!, { translation: 'The detainee was returned from al-Zaytouna' })).status).toBe(200);
    await place('قرية الصفصاف', 'Safsaf Village');
    // The memory reads its lines with the places registered since it was built: the new place takes the old one's slot.
    expect(await suggestionFor('researcher', 'نقل الموقوف إلى قرية الصفصاف')).toBe('The detainee was transferred to Safsaf Village');
    // Until the register knows "al-Zaytouna", the memory cannot tell where the place is in that English …
    expect(await suggestionFor('researcher', 'أعيد الموقوف من قرية الصفصاف')).toBe('The detainee was returned from al-Zaytouna');
    expect((await t.json('admin', 'PATCH', `/api/entities/${zaytouna}`, { aliasesEn: ['al-Zaytouna'] })).status).toBe(200);
    // … and once it does, the line confirmed before is read again.
    expect(await suggestionFor('researcher', 'أعيد الموقوف من قرية الصفصاف')).toBe('The detainee was returned from Safsaf Village');
  });
  // Every route as each role, member or not, and nobody: tests/api/permission-walk.test.ts (routeAccess).
});
