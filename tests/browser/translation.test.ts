// In Chromium: the translation memory's panel under the active line (score, origin, word diff,
// terms, QA) and pre-translating a document from the editor's header. Screenshots in
// tests/artifacts/translation-*.png.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, screenshotPath, signIn } from '../helpers/browser';
import { adminApi, seedLines, type AdminApi } from '../helpers/seed-research';
import { adminCredentials, startTestServer } from '../helpers/test-server';

describe.skipIf(!hasChromium)('in Chromium: translation memory in the editor', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let api: AdminApi;
  let newDoc: number;
  let memoryDoc: number;

  beforeAll(async () => {
    server = await startTestServer({ ocrWorkers: 0 });
    browser = await launchChromium();
    api = await adminApi(server);
    memoryDoc = (await seedLines(server, api, {
      scan: 'doc-01-005.jpg',
      title: 'Death notification 7984',
      lines: [
        { ar: 'الجمهورية العربية السورية', en: 'Syrian Arab Republic' },
        { ar: 'الرقم: 4512/ص   التاريخ: ٤/٥/٢٠١٦', en: 'No.: 4512/S   Date: 4 May 2016' },
        { ar: 'نعلمكم بوفاة الموقوف محمود درويش رقم 7984', en: 'We inform you of the death of detainee Mahmoud Darwish, No. 7984,' },
        { ar: 'بتاريخ ٩/٩/٢٠٢١ نتيجة توقف القلب والتنفس.', en: 'on 9 September 2021 as a result of cardiac and respiratory arrest.' },
      ],
    })).documentId;
    newDoc = (
      await seedLines(server, api, {
        scan: 'doc-01-006.jpg',
        title: 'Death notification 1520',
        showScan: true,
        lines: [
          { ar: 'الجمهورية العربية السورية' },
          { ar: 'الرقم: 7730/ص   التاريخ: 3 نيسان 2019' },
          { ar: 'نعلمكم بوفاة الموقوف غسان بن عادل الدباغ رقم 1520' },
          { ar: 'بتاريخ 12/11/2020 نتيجة توقف القلب.' },
        ],
      })
    ).documentId;
    await api.call('POST', '/api/translation/terms', { collectionId: 1, sourceTerm: 'توقف القلب', targetTerm: 'cardiac arrest', note: 'medical wording' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the suggestion with score, origin and diff beside the line, uses it, and pre-translates the document', async () => {
    const page = await signIn(browser, server.url, adminCredentials, { viewport: { width: 1400, height: 1000 } });
    await page.goto(`${server.url}/documents/${newDoc}`);
    const rows = page.locator('.seg-row');
    await rows.nth(2).locator('.seg-en textarea').click();
    const panel = rows.nth(2).locator('.translation-panel');
    await panel.locator('.tm-score').waitFor();
    expect(await panel.locator('.tm-score').textContent()).toBe('99%');
    expect(await panel.locator('.tm-target').textContent()).toBe('We inform you of the death of detainee Ghassan bin Adel al-Dabbagh, No. 1520,');
    expect(await panel.locator('.diff-placeable').count()).toBeGreaterThan(0);
    // The difference reads as the line is written (its words, not tokens joined by spaces).
    expect(await panel.locator('.tm-diff').textContent()).toBe('نعلمكم بوفاة الموقوف غسان بن عادل الدباغ رقم 1520');
    await page.screenshot({ path: screenshotPath('translation-suggestion-panel'), fullPage: true });

    // A fuzzy line: the memory's line had "والتنفس"; QA and the termbase beside it.
    await rows.nth(3).locator('.seg-en textarea').click();
    const fuzzy = rows.nth(3).locator('.translation-panel');
    await fuzzy.locator('.tm-score').waitFor();
    await fuzzy.getByRole('button', { name: 'Use suggestion' }).click();
    expect(await rows.nth(3).locator('.seg-en textarea').inputValue()).toBe('on 12 November 2020 as a result of cardiac and respiratory arrest.');
    await fuzzy.locator('.tm-terms').waitFor();
    // Saved before the pre-translation starts (else the two race for the line: a conflict, or its suggestion kept).
    await expect.poll(() => rows.nth(3).getAttribute('class'), { timeout: 15_000 }).toContain('save-saved');

    await page.getByRole('button', { name: 'Pre-translate' }).click();
    await page.getByText(/Pre-translated: \d+ lines filled as suggestions/).first().waitFor({ timeout: 30_000 });
    await expect.poll(async () => page.locator('.seg-row .badge.seg-suggested').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    // Each suggested line says its score and origin beside its status, until a person confirms it.
    await expect.poll(() => rows.nth(0).locator('.seg-suggestion').textContent(), { timeout: 15_000 }).toBe('100% exact match');
    expect(await rows.nth(2).locator('.seg-suggestion').textContent()).toBe('99% placeables substituted');
    expect(await rows.nth(3).locator('.seg-suggestion').count()).toBe(0);
    // The page's summary counts the suggestions apart: not translated until a person confirms them
    // (the line whose suggestion was used by hand is translated).
    await expect
      .poll(() => page.locator('.page-progress').textContent(), { timeout: 15_000 })
      .toBe('This page: 4 lines · 4 corrected · 3 suggested · 1 translated · 0 reviewed');
    await page.screenshot({ path: screenshotPath('translation-pretranslated'), fullPage: true });

    // The QA list on a line whose translation lost its number and date.
    const field = rows.nth(1).locator('.seg-en textarea');
    await field.click();
    await field.fill('No.: 7731/S   Date: 4 April 2019');
    await field.press('Control+Enter');
    await expect.poll(async () => rows.nth(1).locator('.badge').first().textContent(), { timeout: 15_000 }).toBe('translated');
    await rows.nth(0).locator('.seg-en textarea').click();
    await field.click();
    await rows.nth(1).locator('.qa-list .qa-error').first().waitFor({ timeout: 15_000 });
    expect(await rows.nth(1).locator('.qa-list [data-check=number_missing]').textContent()).toBe('The number \u20687730\u2069 is missing or different in the translation.');
    await page.screenshot({ path: screenshotPath('translation-qa'), fullPage: true });

    // The same findings worded in Arabic (from the check and its values, not the server's English).
    await page.evaluate(() => localStorage.setItem('sijill.lang', 'ar'));
    await page.reload();
    await rows.nth(1).locator('.seg-en textarea').click();
    const arabic = rows.nth(1).locator('.qa-list [data-check=number_missing]');
    await arabic.waitFor({ timeout: 15_000 });
    expect(await arabic.textContent()).toBe('الرقم \u20687730\u2069 غائب عن الترجمة أو مختلف فيها.');
    expect(await rows.nth(1).locator('.qa-list [data-check=date_missing]').textContent()).toContain('\u20682019-04-03\u2069');
    // Line 2 confirmed by its edit: two suggested, two translated.
    expect(await page.locator('.page-progress').textContent()).toBe('هذه الصفحة: أسطر ٤ · مصحّح ٤ · مقترَح ٢ · مترجم ٢ · مراجَع ٠');
    // The shortcut key inside the Arabic hint is isolated, so it reads 'F1 · Ctrl+/' and not '+F1 · Ctrl/'.
    expect(await page.locator('.shortcuts-hint').textContent()).toBe('اضغط \u2068F1 · Ctrl+/\u2069 لعرض كل اختصارات لوحة المفاتيح.');
    await page.screenshot({ path: screenshotPath('translation-qa-ar'), fullPage: true });
    await page.evaluate(() => localStorage.removeItem('sijill.lang'));
  });

  it('lists QA errors before certification and certifies over them only with an override and a reason, recorded in custody', async () => {
    const seeded = await seedLines(server, api, {
      // Its own scan: the same file uploaded again would be the memory document.
      scan: 'doc-01-007.jpg',
      title: 'Transfer order 3391',
      showScan: true,
      lines: [
        { ar: 'الجمهورية العربية السورية', en: 'Syrian Arab Republic' },
        // The English lost the reference number: number_missing, an error.
        { ar: 'الرقم: 3391/ص', en: 'No.: 3390/S' },
      ],
    });
    const documentId = seeded.documentId;
    await api.call('POST', `/api/review/documents/${documentId}/submit`);
    const page = await signIn(browser, server.url, adminCredentials, { viewport: { width: 1300, height: 1100 } });
    // The review queue counts the document's QA findings before anyone opens it.
    await page.goto(`${server.url}/review`);
    const queued = page.locator('tr', { has: page.getByRole('link', { name: 'Transfer order 3391' }) });
    await queued.locator('.queue-qa').waitFor({ timeout: 15_000 });
    expect(await queued.locator('.queue-qa .qa-error').textContent()).toBe('1 error');
    await page.screenshot({ path: screenshotPath('translation-qa-review-queue'), fullPage: true });
    await api.call('POST', `/api/review/pages/${seeded.pageId}`, { action: 'approve' });

    // In Arabic first: the finding worded from its check, the page right to left.
    await page.evaluate(() => localStorage.setItem('sijill.lang', 'ar'));
    await page.goto(`${server.url}/documents/${documentId}/certify`);
    const arabic = page.locator('.qa-certify-list [data-check=number_missing]');
    await arabic.waitFor({ timeout: 15_000 });
    expect(await arabic.textContent()).toContain('الرقم \u20683391\u2069 غائب عن الترجمة أو مختلف فيها.');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    // A Latin file name sits beside its label at the right, as the other values do (it was at the far left).
    const fileName = page.locator('.legal-facts dd', { hasText: 'doc-01-007.jpg' });
    const gap = await fileName.evaluate((dd) => {
      const text = document.createRange();
      text.selectNodeContents(dd);
      return dd.getBoundingClientRect().right - text.getBoundingClientRect().right;
    });
    expect(gap).toBeLessThan(2);
    await page.getByLabel('التصديق رغم هذه الأخطاء (يُسجَّل في سجل الحيازة)').check();
    await page.screenshot({ path: screenshotPath('translation-qa-certify-override-ar'), fullPage: true });
    await page.evaluate(() => localStorage.removeItem('sijill.lang'));
    await page.reload();
    await page.getByLabel('Place of signing').fill('The Hague');
    await page.getByLabel('I have checked the translation and make this declaration.').check();
    const finding = page.locator('.qa-certify-list [data-check=number_missing]');
    await finding.waitFor({ timeout: 15_000 });
    expect(await finding.textContent()).toBe('page 1, line 2: The number \u20683391\u2069 is missing or different in the translation.');
    expect(await finding.locator('a').getAttribute('href')).toBe(`/documents/${documentId}?page=1&segment=${seeded.segmentIds[1]}`);
    const button = page.getByRole('button', { name: 'Certify and issue the PDF' });
    // Blocked before any click, with the reason said.
    expect(await button.isDisabled()).toBe(true);
    expect(await page.locator('#certify-not-ready').textContent()).toContain('Quality-check errors remain: tick the override and give a reason');
    // The server refuses the same request without an override.
    const refused = await page.evaluate(async (url) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ place: 'The Hague' }) });
      return { status: res.status, body: (await res.json()) as { error: string } };
    }, `/api/documents/${documentId}/certify`);
    expect(refused).toMatchObject({ status: 422, body: { error: 'qa_errors' } });

    // Ticking the override is not enough: a reason is required.
    await page.getByLabel('Certify despite these errors (recorded in the chain of custody)').check();
    expect(await button.isDisabled()).toBe(true);
    await page.getByLabel('Why certify despite them (required, recorded)').fill('The source stamp is illegible; the number was checked against the register.');
    await expect.poll(() => button.isDisabled()).toBe(false);
    await page.screenshot({ path: screenshotPath('translation-qa-certify-override'), fullPage: true });
    await button.click();
    await page.getByText('Certified. The PDF is issued').waitFor({ timeout: 60_000 });

    const { events } = await api.call<{ events: Array<{ action: string; payload: Record<string, unknown> }> }>('GET', `/api/documents/${documentId}/custody`);
    const overridden = events.filter((e) => e.action === 'qa.overridden');
    expect(overridden).toHaveLength(1);
    expect(overridden[0]!.payload).toMatchObject({ errors: 1, checks: ['number_missing'] });
    await page.context().close();
  });

  it('round-trips XLIFF through a file edited outside Sijill: saved lines, and a conflict shown where the Arabic changed since', async () => {
    const page = await signIn(browser, server.url, adminCredentials, { viewport: { width: 1400, height: 1000 } });
    await page.goto(`${server.url}/documents/${memoryDoc}`);
    const exported = (await page.evaluate(async (url) => (await fetch(url)).text(), `/api/documents/${memoryDoc}/xliff`)) as string;
    // A CAT tool's edit, done by script: two targets changed.
    const edited = exported
      .replace('We inform you of the death of detainee Mahmoud Darwish, No. 7984,', 'We notify you of the death of detainee Mahmoud Darwish, No. 7984,')
      .replace('on 9 September 2021 as a result of cardiac and respiratory arrest.', 'on 9 September 2021 due to cardiac and respiratory arrest.');
    // Meanwhile someone corrects the Arabic of line 3 in Sijill.
    const { segments } = await api.call<{ segments: Array<{ id: number; version: number }> }>('GET', `/api/documents/${memoryDoc}/segments`);
    await api.call('PATCH', `/api/segments/${segments[2]!.id}`, { version: segments[2]!.version, text: 'نعلمكم بوفاة الموقوف محمود الدرويش رقم 7984' });
    await page.reload();
    await page.locator('.xliff-exchange input[type=file]').setInputFiles({ name: 'edited.xlf', mimeType: 'application/xliff+xml', buffer: Buffer.from(edited) });
    await page.locator('.xliff-report').waitFor();
    expect(await page.locator('.xliff-report p').first().textContent()).toBe('XLIFF brought back: 1 line saved, 2 unchanged, 1 in conflict (not overwritten).');
    expect(await page.locator('.xliff-conflicts tbody tr').count()).toBe(1);
    await expect.poll(() => page.locator('.seg-row').nth(3).locator('.seg-en textarea').inputValue()).toBe('on 9 September 2021 due to cardiac and respiratory arrest.');
    await page.screenshot({ path: screenshotPath('translation-xliff-round-trip'), fullPage: true });
  });
});
