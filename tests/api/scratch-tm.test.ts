import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentions, segments } from '../../db/schema';
import { eq } from 'drizzle-orm';
import { seedDocument, startTestApp, type TestApp } from '../helpers/test-app';

type Segment = { id: number; text: string; translation: string; version: number; status: string };
const memoryLines = [
  ['الرقم: 4512/ص   التاريخ: ٤/٥/٢٠١٦', 'No.: 4512/S   Date: 4 May 2016'],
  ['بتاريخ ٩/٩/٢٠٢١ نتيجة توقف القلب والتنفس.', 'on 9 September 2021 as a result of cardiac and respiratory arrest.'],
  ['دمشق في 12/3/2015', 'Damascus, 12 March 2015'],
  ['تاريخ الاعتقال 2013', 'Date of arrest 2013'],
  ['في شهر آذار 2014', 'in March 2014'],
] as const;
const newLines = [
  'الرقم: 7730/ص   التاريخ: 3 نيسان 2019',
  'بتاريخ 12/11/2020 نتيجة توقف القلب والتنفس.',
  'دمشق في 1/2/2016',
  'دمشق في ١٤٣٧/٥/٣ هـ',
  'تاريخ الاعتقال 2017',
  'في شهر أيار 2018',
  'بتاريخ 2020/11/12 نتيجة توقف القلب والتنفس.',
  'الرقم: 7730/ص   التاريخ: 3/4/2019',
  'الرقم: 7730/ص   التاريخ: 3 نيسان',
  'الرقم: 7730/ص   التاريخ: نيسان 2019',
  'الرقم: 7730/ص   التاريخ: 2019',
  'الرقم: 7730/ص   التاريخ: 1440/8/27 هـ',
  'الرقم: 7730/ص   التاريخ:   /  /2019',
  'الرقم: 7730/ص   التاريخ: ٣-٤-٢٠١٩',
  'الرقم: 7730/ص   التاريخ: 2019/4/3',
  'الرقم: 7730/ص   التاريخ: 3/4/2019 م',
  'الرقم: 7730/ص   التاريخ: 3/4/19',
  'الرقم: 7730/ص   التاريخ: ٣ نيسان ٢٠١٩ الموافق ٢٧ شعبان ١٤٤٠',
  'بتاريخ 12/11/2020 و 13/11/2020 نتيجة توقف القلب والتنفس.',
  'بتاريخ 31/2/2020 نتيجة توقف القلب والتنفس.',
  'دمشق في 1/2/2016 و 2/2/2016',
];
describe('scratch', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t?.close(); });
  it('dumps', async () => {
    const segs = async (d: number) => ((await (await t.request('admin', `/api/documents/${d}/segments`)).json()) as { segments: Segment[] }).segments;
    const memoryDoc = (await seedDocument(t, memoryLines.map(([ar]) => ar), { collection: 'Fictional open' })).documentId;
    for (const [i, s] of (await segs(memoryDoc)).entries()) expect((await t.json('translator', 'PATCH', `/api/segments/${s.id}`, { version: s.version, translation: memoryLines[i]![1] })).status).toBe(200);
    const newDoc = (await seedDocument(t, newLines, { collection: 'Fictional open', scan: 'corpus/clean/doc-01-006.jpg' })).documentId;
    console.log(JSON.stringify(await segs(memoryDoc)));
    console.log(JSON.stringify(await (await t.json('admin', 'POST', '/api/translation/suggest', { text: memoryLines[1]![0] })).json()));
    console.log(JSON.stringify(await (await t.json('translator', 'POST', '/api/translation/suggest', { text: newLines[1] })).json()));
    console.log((await t.json('translator', 'POST', '/api/mentions/suggest', { documentId: newDoc })).status);
    const res = await t.json('translator', 'POST', '/api/translation/pretranslate', { documentId: newDoc, minScore: 50 });
    const { job } = (await res.json()) as { job: { id: number } };
    for (let i = 0; i < 100; i++) { const j = (await (await t.request('translator', `/api/translation/jobs/${job.id}`)).json()) as any; if (j.job.status === 'done' || j.job.status==='failed') { console.log(j.job); break; } await new Promise((r) => setTimeout(r, 100)); }
    for (const s of await segs(newDoc)) console.log(JSON.stringify([s.id, s.text, s.translation, s.status]));
    const rows = await t.db.select().from(mentions).where(eq(mentions.documentId, newDoc));
    for (const m of rows) console.log(JSON.stringify({ seg: m.segmentId, f: m.field, s: m.startOffset, e: m.endOffset, k: m.kind, n: m.normalized, st: m.status, src: m.source, surf: m.surface }));
  });
});
