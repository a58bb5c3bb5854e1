// Tags that stay true (issue 13), in Chromium as a translator works: an accepted person tag
// survives split → join → undo (and a reload); a place tagged by hand is linked to the register
// from the editor's offer with one key, a new person entry is created from the offer with the
// mouse, and the entity page and the research view count what was linked. Fictional lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, reportMissingBrowser, screenshotPath, signIn } from '../helpers/browser';
import { adminApi, seedLines, type AdminApi } from '../helpers/seed-research';
import { adminCredentials, startTestServer } from '../helpers/test-server';
import { pages } from '../../db/schema';

reportMissingBrowser();

type Mention = { id: number; segmentId: number; kind: string; status: string; surface: string; entityId: number | null; normalized: string | null };
type Segment = { id: number; text: string; translation: string; version: number; status: string };

describe.skipIf(!hasChromium)('in Chromium: tags through edits and into the register', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let api: AdminApi;
  let arrest: Awaited<ReturnType<typeof seedLines>>;
  let transfer: Awaited<ReturnType<typeof seedLines>>;

  const signedIn = (): Promise<Page> => signIn(browser, server.url, adminCredentials, { viewport: { width: 1400, height: 900 } });
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  const tagsOf = async (documentId: number) => (await api.call<{ mentions: Mention[] }>('GET', `/api/mentions?documentId=${documentId}`)).mentions;
  const segments = async (documentId: number) => (await api.call<{ segments: Segment[] }>('GET', `/api/documents/${documentId}/segments`)).segments;
  /** The scan as the page's working image (OCR, which would make it, is stopped), so the editor shows it. */
  async function showScan(pageId: number, scan: string) {
    const bytes = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'corpus', 'clean', scan));
    const { width, height } = await sharp(bytes).metadata();
    const blob = await server.deps.blobs.put('page', new Uint8Array(bytes));
    await server.deps.database.db.update(pages).set({ imageKey: blob.key, imageMime: 'image/jpeg', width, height }).where(eq(pages.id, pageId));
  }

  beforeAll(async () => {
    server = await startTestServer();
    await server.runner?.stop(); // the lines are seeded; no OCR may replace them
    browser = await launchChromium();
    api = await adminApi(server);
    // The engine suggests the person after المدعو (no register entry: a first-seen name).
    arrest = await seedLines(server, api, {
      scan: 'doc-01-005.jpg',
      title: 'Arrest report',
      lines: [
        { ar: 'الفرع 251', en: 'Branch 251' },
        { ar: 'قامت دورية من الفرع بتوقيف المدعو سامر الحلبي في حي المحطة' },
        { ar: 'وأحيل إلى قسم التحقيق لإجراء اللازم.' },
      ],
    });
    // OCR misread the place (ز for ر), so nothing was suggested there; the translator corrects and tags it.
    transfer = await seedLines(server, api, {
      scan: 'doc-01-000.jpg',
      title: 'Transfer order',
      lines: [
        { ar: 'الفرع 235', en: 'Branch 235' },
        { ar: 'ونقل الموقوف إلى دزعا بتاريخ ٦/٧/٢٠١٧' },
        { ar: 'المرافق: نادر الخياط' },
      ],
    });
    await showScan(arrest.pageId, 'doc-01-005.jpg');
    await showScan(transfer.pageId, 'doc-01-000.jpg');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps an accepted person tag through split, join and undo of the join, and after a reload', async () => {
    const line = arrest.segmentIds[1]!;
    const name = 'سامر الحلبي';
    const suggested = (await tagsOf(arrest.documentId)).find((m) => m.segmentId === line && m.kind === 'person');
    expect(suggested).toMatchObject({ status: 'suggested', surface: name });

    const page = await signedIn();
    await page.goto(`${server.url}/documents/${arrest.documentId}?segment=${line}`);
    await expect.poll(() => focusedId(page)).toBe(`seg-${line}-text`);
    const rows = page.locator('.seg-row');
    const count = await rows.count();

    // Accept the person suggestion with its key.
    await page.keyboard.press('Alt+Shift+KeyA');
    await expect.poll(async () => (await tagsOf(arrest.documentId)).find((m) => m.id === suggested!.id)?.status).toBe('accepted');
    await page.locator(`[data-segment-id="${line}"] .tag-chip-person:not(.suggested)`).waitFor();

    // Split the line just before the name (Alt+Enter): the name and its tag go to the new line.
    const field = page.locator(`#seg-${line}-text`);
    const text = await field.inputValue();
    const at = text.indexOf(name);
    await field.evaluate((el, i) => (el as HTMLTextAreaElement).setSelectionRange(i, i), at);
    await page.keyboard.press('Alt+Enter');
    await expect.poll(() => rows.count()).toBe(count + 1);
    const second = Number((await focusedId(page)).split('-')[1]);
    expect(second).not.toBe(line);
    expect(await page.locator(`#seg-${second}-text`).inputValue()).toMatch(new RegExp(`^${name}`));
    await expect.poll(async () => (await tagsOf(arrest.documentId)).filter((m) => m.kind === 'person' && m.status === 'accepted').map((m) => [m.segmentId, m.surface])).toEqual([[second, name]]);

    // Join it back from the first half (Alt+↑, Alt+J): one line again, the tag in it.
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => focusedId(page)).toBe(`seg-${line}-text`);
    await page.keyboard.press('Alt+KeyJ');
    await expect.poll(() => rows.count()).toBe(count);
    await expect.poll(async () => (await tagsOf(arrest.documentId)).filter((m) => m.kind === 'person' && m.status === 'accepted').map((m) => [m.segmentId, m.surface])).toEqual([[line, name]]);

    // Undo the join (Ctrl+Alt+Z): two lines again, and the person tag is still there, on the name.
    await page.keyboard.press('Control+Alt+KeyZ');
    await expect.poll(() => rows.count()).toBe(count + 1);
    const personTags = async () => (await tagsOf(arrest.documentId)).filter((m) => m.kind === 'person' && m.status === 'accepted');
    await expect.poll(async () => (await personTags()).map((m) => m.surface)).toEqual([name]);
    const [kept] = await personTags();
    const holder = page.locator(`[data-segment-id="${kept!.segmentId}"]`);
    await holder.locator('.tag-chip-person:not(.suggested)').waitFor();
    await expect.poll(() => holder.locator('.line-backdrop[lang=ar] .tag-person').textContent()).toBe(name);
    const lines = await segments(arrest.documentId);
    expect(lines.find((s) => s.id === kept!.segmentId)!.text.slice(0, name.length)).toBe(name);

    // After a reload it is still there.
    await page.reload();
    await page.locator(`#seg-${kept!.segmentId}-text`).waitFor();
    await page.locator(`[data-segment-id="${kept!.segmentId}"] .tag-chip-person:not(.suggested)`).waitFor();
    expect(await page.locator(`[data-segment-id="${kept!.segmentId}"] .line-backdrop[lang=ar] .tag-person`).textContent()).toBe(name);
    expect((await personTags()).map((m) => [m.id, m.segmentId, m.surface])).toEqual([[kept!.id, kept!.segmentId, name]]);
    await page.context().close();
  });

  it('links a place tagged by hand to the register with one key, creates a person entry with the mouse, and counts both', async () => {
    const page = await signedIn();
    // Before: the research view has no place to count.
    await page.goto(`${server.url}/research`);
    const byPlace = page.locator('section.chart-card', { has: page.getByRole('heading', { name: 'Documents by place' }) });
    await byPlace.getByText('Nothing tagged yet.').waitFor();

    const line = transfer.segmentIds[1]!;
    await page.goto(`${server.url}/documents/${transfer.documentId}?segment=${line}`);
    await expect.poll(() => focusedId(page)).toBe(`seg-${line}-text`);
    const field = page.locator(`#seg-${line}-text`);
    const misread = await field.inputValue();
    const at = misread.indexOf('دزعا');
    const select = () => field.evaluate((el, i) => (el as HTMLTextAreaElement).setSelectionRange(i, i + 4), at);
    // Correct the place and tag it as a place (Alt+Shift+L).
    await select();
    await page.keyboard.type('درعا');
    await select();
    await page.keyboard.press('Alt+Shift+KeyL');
    const row = page.locator(`[data-segment-id="${line}"]`);
    await row.locator('.tag-chip-place').waitFor();

    // The register's entries are offered beside the tag, the best highlighted, the cursor still in the line.
    const offer = row.locator('.register-offer');
    await offer.waitFor();
    const best = offer.locator('.register-match.highlighted');
    await best.waitFor();
    expect(await best.locator('.register-match-ar').textContent()).toBe('درعا');
    expect(await best.locator('.register-match-en').textContent()).toBe('Daraa');
    expect(await best.locator('.register-match-count').textContent()).toBe('0 mentions');
    expect(await best.getAttribute('aria-current')).toBe('true');
    expect(await focusedId(page)).toBe(`seg-${line}-text`);
    // Read out with names and keys isolated (FSI/LRI…PDI), so the Arabic does not reorder the English around it.
    await page.getByRole('status').getByText(/“\u2068درعا\u2069”: \d+ register entr(y|ies) may be it\. \u2066Alt\+Shift\+K\u2069 links \u2068Daraa\u2069 — \u2068درعا\u2069, 0 mentions/).waitFor();
    await page.screenshot({ path: screenshotPath('tags-link-editor') });

    // One key links it: the offer goes, the chip leads to the entry, the cursor stays.
    await page.keyboard.press('Alt+Shift+KeyK');
    await offer.waitFor({ state: 'detached' });
    const place = () => tagsOf(transfer.documentId).then((all) => all.find((m) => m.segmentId === line && m.kind === 'place'));
    await expect.poll(async () => (await place())?.entityId).toEqual(expect.any(Number));
    const daraa = (await place())!;
    expect(daraa).toMatchObject({ status: 'accepted', surface: 'درعا', normalized: 'Daraa' });
    expect(await row.locator('.tag-chip-place a.tag-chip-entry').getAttribute('href')).toBe(`/entities/${daraa.entityId}`);
    expect(await focusedId(page)).toBe(`seg-${line}-text`);

    // A first-seen person, tagged by hand: no entry matches; the mouse creates one with both forms.
    const personLine = transfer.segmentIds[2]!;
    const personField = page.locator(`#seg-${personLine}-text`);
    const personText = await personField.inputValue();
    const nameAt = personText.indexOf('نادر الخياط');
    await personField.focus();
    await personField.evaluate((el, i) => (el as HTMLTextAreaElement).setSelectionRange(i, i + 'نادر الخياط'.length), nameAt);
    await page.keyboard.press('Alt+Shift+KeyP');
    const personRow = page.locator(`[data-segment-id="${personLine}"]`);
    const personOffer = personRow.locator('.register-offer');
    await personOffer.getByText('No register entry matches yet.').waitFor();
    await personOffer.getByRole('button', { name: /New entry/ }).click();
    const arabicForm = personOffer.getByLabel('Arabic form');
    const englishForm = personOffer.getByLabel('English form');
    expect(await arabicForm.inputValue()).toBe('نادر الخياط');
    expect(await englishForm.inputValue()).toBe(''); // no translation yet: the person types it
    await expect.poll(() => focusedId(page)).toBe(await englishForm.getAttribute('id'));
    await englishForm.click();
    await page.keyboard.type('Nader al-Khayyat');
    await page.screenshot({ path: screenshotPath('tags-new-entry') });
    await personOffer.getByRole('button', { name: 'Create and link' }).click();
    await personOffer.waitFor({ state: 'detached' });
    await expect.poll(() => focusedId(page)).toBe(`seg-${personLine}-text`); // back in the line
    const person = (await tagsOf(transfer.documentId)).find((m) => m.segmentId === personLine && m.kind === 'person')!;
    expect(person).toMatchObject({ status: 'accepted', surface: 'نادر الخياط', normalized: 'Nader al-Khayyat', entityId: expect.any(Number) });
    const created = await api.call<{ entity: { canonicalAr: string; canonicalEn: string; kind: string } }>('GET', `/api/entities/${person.entityId}`);
    expect(created.entity).toMatchObject({ kind: 'person', canonicalAr: 'نادر الخياط', canonicalEn: 'Nader al-Khayyat' });
    await page.getByText('All changes saved').waitFor();

    // The entity page lists the mention, from the chip's link.
    await row.locator('a.tag-chip-entry').click();
    await page.waitForURL(new RegExp(`/entities/${daraa.entityId}$`));
    const mention = page.locator(`.mention[data-mention-id="${daraa.id}"]`);
    await mention.waitFor();
    expect(await mention.locator('.hit-ar mark').textContent()).toBe('درعا');
    expect(await mention.locator('.hit-link').textContent()).toContain('Transfer order');
    expect(await page.locator('#by-doc .count').textContent()).toBe('(1 mention)');
    await page.screenshot({ path: screenshotPath('tags-entity-page'), fullPage: true });

    // The research view counts the document under Daraa, and the person under the new entry.
    await page.goto(`${server.url}/research`);
    await byPlace.locator('canvas').waitFor();
    await byPlace.locator('summary').click();
    const placeRow = byPlace.locator('tbody tr');
    await expect.poll(() => placeRow.allTextContents()).toEqual(['Daraa1']);
    const byPerson = page.locator('section.chart-card', { has: page.getByRole('heading', { name: 'Documents by person' }) });
    await byPerson.locator('summary').click();
    await expect.poll(() => byPerson.locator('tbody tr').allTextContents()).toEqual(['Nader al-Khayyat1']);
    await page.screenshot({ path: screenshotPath('tags-research-chart'), fullPage: true });
    await page.context().close();
  });

  it('in Arabic: offers the entries again from the key at the cursor, links with the mouse, undoes a link, creates an entry from the keyboard', async () => {
    const page = await signIn(browser, server.url, adminCredentials, { uiLanguage: 'ar', viewport: { width: 1400, height: 900 } });
    const line = transfer.segmentIds[1]!;
    await page.goto(`${server.url}/documents/${transfer.documentId}?segment=${line}`);
    await expect.poll(() => focusedId(page)).toBe(`seg-${line}-text`);
    const field = page.locator(`#seg-${line}-text`);
    const at = (await field.inputValue()).indexOf('درعا');
    await field.evaluate((el, i) => (el as HTMLTextAreaElement).setSelectionRange(i + 1, i + 1), at);
    const place = () => tagsOf(transfer.documentId).then((all) => all.find((m) => m.segmentId === line && m.kind === 'place')!);
    const linkedTo = (await place()).entityId;

    // The tag at the cursor is linked already: the link key offers its entries again (Arabic UI).
    await page.keyboard.press('Alt+Shift+KeyK');
    const offer = page.locator(`[data-segment-id="${line}"] .register-offer`);
    await offer.locator('.register-match.highlighted').waitFor();
    expect(await offer.getAttribute('aria-label')).toBe('إدخالات السجل المحتملة لـ«درعا»');
    expect(await offer.locator('.register-match.highlighted .register-match-count').textContent()).toBe('الإشارات: ١'); // Arabic-Indic digits in the Arabic UI
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.screenshot({ path: screenshotPath('tags-link-editor-ar') });
    // Esc closes the offer without a change; the cursor stays in the line.
    await page.keyboard.press('Escape');
    await offer.waitFor({ state: 'detached' });
    expect(await focusedId(page)).toBe(`seg-${line}-text`);

    // Taken off its entry, the tag is linked again with the mouse (the offer's entry is a button),
    // the cursor goes back to the line, and Ctrl+Alt+Z undoes the link: back to no entry.
    const current = (await segments(transfer.documentId)).find((s) => s.id === line)!;
    await api.call('PATCH', `/api/mentions/${(await place()).id}`, { segmentVersion: current.version, entityId: null, normalized: null });
    await page.reload();
    await expect.poll(() => focusedId(page)).toBe(`seg-${line}-text`);
    await page.locator(`[data-segment-id="${line}"] .tag-chip-place`).getByRole('button', { name: 'ربط «درعا» بالسجل' }).click();
    await offer.locator('.register-match', { hasText: 'Daraa' }).click();
    await offer.waitFor({ state: 'detached' });
    await expect.poll(async () => (await place()).entityId).toBe(linkedTo);
    await expect.poll(() => focusedId(page)).toBe(`seg-${line}-text`);
    await page.keyboard.press('Control+Alt+KeyZ');
    await expect.poll(async () => (await place()).entityId).toBeNull();
    expect(await place()).toMatchObject({ status: 'accepted', surface: 'درعا' });

    // The other key creates an entry from the tag at the cursor: its form takes the cursor where a
    // form is missing (no translation: the English), Enter creates and links, the cursor goes back.
    const person = (await tagsOf(arrest.documentId)).find((m) => m.kind === 'person' && m.status === 'accepted')!;
    expect(person.entityId).toBeNull();
    await page.goto(`${server.url}/documents/${arrest.documentId}?segment=${person.segmentId}`);
    await expect.poll(() => focusedId(page)).toBe(`seg-${person.segmentId}-text`);
    const personField = page.locator(`#seg-${person.segmentId}-text`);
    const nameAt = (await personField.inputValue()).indexOf(person.surface);
    await personField.evaluate((el, i) => (el as HTMLTextAreaElement).setSelectionRange(i + 2, i + 2), nameAt);
    await page.keyboard.press('Alt+Shift+KeyE');
    const form = page.locator(`[data-segment-id="${person.segmentId}"] .new-entry-form`);
    await form.waitFor();
    expect(await form.getByLabel('الصيغة العربية').inputValue()).toBe(person.surface);
    await expect.poll(async () => (await focusedId(page)).endsWith('-en')).toBe(true);
    await page.keyboard.type('Samer al-Halabi');
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => focusedId(page)).toBe(`seg-${person.segmentId}-text`);
    const linked = (await tagsOf(arrest.documentId)).find((m) => m.id === person.id)!;
    expect(linked).toMatchObject({ status: 'accepted', normalized: 'Samer al-Halabi', entityId: expect.any(Number) });
    const entry = await api.call<{ entity: { canonicalAr: string; canonicalEn: string } }>('GET', `/api/entities/${linked.entityId}`);
    expect(entry.entity).toMatchObject({ canonicalAr: person.surface, canonicalEn: 'Samer al-Halabi' });
    await page.context().close();
  });

  it('marks a person known only from a restricted collection in an open document’s offer, and does not link them there', async () => {
    const name = 'نزار بن فؤاد الحلبي';
    await api.call('POST', '/api/collections', { name: 'Sealed file', restricted: true });
    const { entity } = await api.call<{ entity: { id: number } }>('POST', '/api/entities', { kind: 'person', canonicalAr: name, canonicalEn: 'Nizar F. al-Halabi' });
    const tagName = async (documentId: number, entityId?: number) => {
      const line = (await segments(documentId))[0]!;
      const start = line.text.indexOf(name);
      return api.call<{ mention: Mention }>('POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version, start, end: start + name.length, kind: 'person', ...(entityId ? { entityId } : {}) });
    };
    // Linked in the restricted collection: the person is known there only.
    const sealed = await seedLines(server, api, { scan: 'doc-01-008.jpg', title: 'Sealed statement', collection: 'Sealed file', lines: [{ ar: `حضر الموقوف ${name} إلى الفرع` }] });
    await tagName(sealed.documentId, entity.id);
    // An open document naming them, the name tagged without a link.
    const open = await seedLines(server, api, { scan: 'doc-01-009.jpg', title: 'Witness statement', lines: [{ ar: `أفاد الشاهد أن ${name} نقل إلى دمشق` }] });
    const { mention } = await tagName(open.documentId);
    expect(mention.entityId).toBeNull();

    const page = await signedIn();
    const line = open.segmentIds[0]!;
    await page.goto(`${server.url}/documents/${open.documentId}?segment=${line}`);
    const row = page.locator(`[data-segment-id="${line}"]`);
    await row.locator('.tag-chip-person').getByRole('button', { name: `Link “${name}” to the register` }).click();
    const match = row.locator('.register-offer .register-match', { hasText: 'Nizar F. al-Halabi' });
    await match.waitFor();
    expect(await match.getAttribute('class')).toContain('restricted');
    expect(await match.locator('.register-match-restricted').textContent()).toBe('known only from a restricted collection: not linkable in this document');
    // Said at once, instead of offering the link key for it.
    await page.getByRole('status').getByText(/is known only from a restricted collection that not every reader of this document may read/).waitFor();
    await page.screenshot({ path: screenshotPath('tags-link-restricted') });

    // Chosen anyway: the offer stays, the reason said, and no link is even asked for (the server would refuse it too: tests/api/translation.test.ts).
    const asked: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/mentions\/\d+\/accept/.test(r.url())) asked.push(r.url());
    });
    await match.click();
    await page.waitForTimeout(500);
    expect(asked).toEqual([]);
    expect(await match.isVisible()).toBe(true);
    await page.getByRole('status').getByText(/is known only from a restricted collection that not every reader of this document may read/).waitFor();
    expect((await tagsOf(open.documentId)).find((m) => m.id === mention.id)).toMatchObject({ entityId: null, status: 'accepted' });
    await page.context().close();
  });
});
