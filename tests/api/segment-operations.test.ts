import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../api/audit/chain';
import { seedDocument, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

type Segment = { id: number; text: string; translation: string; version: number; status: string; lineOrder: number; box: { x: number; y: number; w: number; h: number } };

describe(`split, merge, add, delete, restore (${databaseKind} database)`, () => {
  let t: TestApp;
  let documentId: number;
  let pageId: number;
  const lines = async () =>
    ((await (await t.request('translator', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] }).segments;

  beforeAll(async () => {
    t = await startTestApp();
    ({ documentId, pageId } = await seedDocument(t, ['الفرع 235', 'الموضوع: نقل موقوف المدعو سامر الحلبي', 'رئيس الفرع']));
  });
  afterAll(() => t?.close());

  it('splits a line at an offset into two lines in reading order', async () => {
    const [, line] = await lines();
    const at = line!.text.indexOf('المدعو');
    const res = await t.json('translator', 'POST', `/api/segments/${line!.id}/split`, { version: 1, textOffset: at });
    expect(res.status).toBe(200);
    const { first, second } = (await res.json()) as { first: Segment; second: Segment };
    expect(first.text).toBe('الموضوع: نقل موقوف');
    expect(second.text).toBe('المدعو سامر الحلبي');
    expect(first.version).toBe(2);
    const after = await lines();
    expect(after.map((s) => s.text)).toEqual(['الفرع 235', 'الموضوع: نقل موقوف', 'المدعو سامر الحلبي', 'رئيس الفرع']);
    expect(second.box.y).toBeGreaterThan(first.box.y);

    const stale = await t.json('translator', 'POST', `/api/segments/${line!.id}/split`, { version: 1, textOffset: 3 });
    expect(stale.status).toBe(409);
    const outside = await t.json('translator', 'POST', `/api/segments/${line!.id}/split`, { version: 2, textOffset: 500 });
    expect(outside.status).toBe(400);
  });

  it('merges a line with the next; the next is deleted but kept in history', async () => {
    const [, a, b] = await lines();
    const res = await t.json('translator', 'POST', `/api/segments/${a!.id}/merge`, { version: a!.version, nextId: b!.id, nextVersion: b!.version });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { segment: Segment }).segment.text).toBe('الموضوع: نقل موقوف المدعو سامر الحلبي');
    expect((await lines()).length).toBe(3);
    const history = (await (await t.request('translator', `/api/segments/${b!.id}/versions`)).json()) as { versions: Array<{ status: string; note: string | null }> };
    expect(history.versions.at(-1)).toMatchObject({ status: 'deleted' });
    expect(history.versions.at(-1)!.note).toMatch(/merged into/);
  });

  it('adds a line drawn on the scan, in reading order by its box', async () => {
    const res = await t.json('translator', 'POST', `/api/pages/${pageId}/segments`, { box: { x: 100, y: 130, w: 500, h: 40 }, text: 'سري للغاية' });
    expect(res.status).toBe(201);
    const texts = (await lines()).map((s) => s.text);
    expect(texts.indexOf('سري للغاية')).toBe(1);
    expect((await t.json('researcher', 'POST', `/api/pages/${pageId}/segments`, { box: { x: 1, y: 1, w: 1, h: 1 } })).status).toBe(403);
  });

  it('deletes a line and restores it from history as a new version', async () => {
    const last = (await lines()).at(-1)!;
    const del = await t.request('translator', `/api/segments/${last.id}?version=${last.version}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await lines()).some((s) => s.id === last.id)).toBe(false);
    const editDeleted = await t.json('translator', 'PATCH', `/api/segments/${last.id}`, { version: last.version + 1, text: 'x' });
    expect(editDeleted.status).toBe(409);

    const restored = await t.json('translator', 'POST', `/api/segments/${last.id}/restore`, { version: last.version + 1, restore: 1 });
    expect(restored.status).toBe(200);
    const seg = ((await restored.json()) as { segment: Segment }).segment;
    expect(seg.text).toBe('رئيس الفرع');
    expect(seg.version).toBe(last.version + 2);
    expect((await lines()).some((s) => s.id === last.id)).toBe(true);
  });

  it('takes an uncertainty mark away once the word is corrected, and divides the OCR words and box at a split', async () => {
    const ocrText = 'تم توقيف المدعو وائل الحسبن';
    const ocrWords = ocrText.split(' ').map((text, i) => ({ text, confidence: text === 'الحسبن' ? 41 : 93, box: { x: 800 - (i + 1) * 150, y: 600, w: 140, h: 40 } }));
    const added = ((await (await t.json('translator', 'POST', `/api/pages/${pageId}/segments`, { box: { x: 50, y: 600, w: 740, h: 40 } })).json()) as { segment: Segment }).segment;
    // As the OCR would have written the line.
    const { segments: segmentsTable } = await import('../../db/schema');
    const { eq } = await import('drizzle-orm');
    await t.db.update(segmentsTable).set({ ocrText, ocrWords, text: ocrText }).where(eq(segmentsTable.id, added.id));
    type Words = Array<{ text: string; confidence: number; at: { start: number; end: number } | null }>;
    const read = async () => (await lines()).find((l) => l.id === added.id) as unknown as Segment & { words: Words };
    expect((await read()).words.map((w) => w.at !== null)).toEqual([true, true, true, true, true]);

    const res = await t.json('translator', 'PATCH', `/api/segments/${added.id}`, { version: added.version, text: 'تم توقيف المدعو وائل الحسين' });
    const corrected = ((await res.json()) as { segment: Segment & { words: Words } }).segment;
    expect(corrected.words.map((w) => w.at && corrected.text.slice(w.at.start, w.at.end))).toEqual(['تم', 'توقيف', 'المدعو', 'وائل', null]);

    const split = await t.json('translator', 'POST', `/api/segments/${added.id}/split`, { version: corrected.version, textOffset: corrected.text.indexOf('وائل') });
    const { first, second } = (await split.json()) as { first: Segment & { words: Words }; second: Segment & { words: Words } };
    expect(first.words.map((w) => w.text)).toEqual(['تم', 'توقيف', 'المدعو']);
    expect(second.words.map((w) => [w.text, w.at && second.text.slice(w.at.start, w.at.end)])).toEqual([['وائل', 'وائل'], ['الحسبن', null]]);
    // Side by side on the scan, each the union of its words' boxes — not both the old box.
    expect(first.box).toEqual({ x: 350, y: 600, w: 440, h: 40 });
    expect(second.box).toEqual({ x: 50, y: 600, w: 290, h: 40 });
  });

  it('keeps a line one line: a line break sent in its text or translation is stored as a space, or dropped at an end', async () => {
    const added = ((await (await t.json('translator', 'POST', `/api/pages/${pageId}/segments`, { box: { x: 50, y: 700, w: 740, h: 40 }, text: 'سطر\nمضاف\n' })).json()) as { segment: Segment }).segment;
    expect(added.text).toBe('سطر مضاف');
    const res = await t.json('translator', 'PATCH', `/api/segments/${added.id}`, { version: added.version, text: 'المدعو=+\n', translation: 'the said \r\n person\u2028here' });
    expect(res.status).toBe(200);
    const saved = ((await res.json()) as { segment: Segment }).segment;
    expect(saved.text).toBe('المدعو=+');
    expect(saved.translation).toBe('the said person here');
    expect((await lines()).find((l) => l.id === added.id)).toMatchObject({ text: 'المدعو=+', translation: 'the said person here' });
  });

  it('marks a page as a photograph of a person', async () => {
    const res = await t.json('translator', 'PATCH', `/api/pages/${pageId}`, { sensitive: true });
    expect(res.status).toBe(200);
    const detail = (await (await t.request('researcher', `/api/documents/${documentId}`)).json()) as { pages: Array<{ sensitive: boolean }> };
    expect(detail.pages[0]!.sensitive).toBe(true);
  });

  it('counts the lines of the document by status for the list', async () => {
    const list = (await (await t.request('researcher', '/api/documents')).json()) as { documents: Array<{ id: number; lines: { total: number; corrected: number } }> };
    const doc = list.documents.find((d) => d.id === documentId)!;
    expect(doc.lines.total).toBe((await lines()).length);
    expect(doc.lines.corrected).toBeGreaterThan(0);
  });

  it('recorded every operation in an intact audit chain', async () => {
    const check = await verifyAuditChain(t.db);
    expect(check.ok).toBe(true);
  });
});
