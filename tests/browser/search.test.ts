// Search in a real browser: Arabic and English queries find and highlight the words, a facet
// narrows the results, a bar of the research view (its table row) filters the search, and
// one click on a result opens the editor at that line.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, reportMissingBrowser, screenshotPath, signIn } from '../helpers/browser';
import { adminApi, seedLines } from '../helpers/seed-research';
import { adminCredentials, startTestServer } from '../helpers/test-server';

reportMissingBrowser();

describe.skipIf(!hasChromium)('in Chromium: search and research', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let arrest: Awaited<ReturnType<typeof seedLines>>;
  let transfer: Awaited<ReturnType<typeof seedLines>>;

  const signedIn = (uiLanguage: 'en' | 'ar' = 'en'): Promise<Page> => signIn(browser, server.url, adminCredentials, { uiLanguage });

  beforeAll(async () => {
    server = await startTestServer();
    await server.runner?.stop(); // the lines are seeded; no OCR may replace them
    browser = await launchChromium();
    const api = await adminApi(server);
    arrest = await seedLines(server, api, {
      scan: 'doc-01-005.jpg',
      title: 'Arrest report',
      collection: 'branch-251',
      confirmTags: true, // facets and research charts count confirmed tags (5577c3e)
      lines: [
        { ar: 'الجمهورية العربية السورية', en: 'Syrian Arab Republic' },
        { ar: 'الفرع 251', en: 'Branch 251' },
        { ar: 'الرقم: ٤٧٢٤/ص التاريخ: 6/08/2020', en: 'No. 4724/S, date: 6/08/2020' },
        { ar: 'قامت دورية من الفرع بإلقاء القبض على المدعو', en: 'A patrol from the branch arrested the man named' },
        { ar: 'وائل الحسين في القابون بتاريخ ٢٤/٥', en: 'Wael al-Hussein in Qaboun on 24/5' },
        { ar: 'وأحيل إلى قسم التحقيق لإجراء اللازم.', en: 'He was referred to the investigation section.' },
        { ar: 'المرافق: أحمد العلي', en: 'Accompanied by: Ahmad al-Ali' },
      ],
    });
    transfer = await seedLines(server, api, {
      scan: 'doc-01-000.jpg',
      title: 'Transfer order',
      collection: 'branch-235',
      confirmTags: true,
      lines: [
        { ar: 'الفرع 235', en: 'Branch 235' },
        { ar: 'التاريخ: 12/03/2014', en: 'Date: 12/03/2014' },
        { ar: 'ينقل الموقوف محمد الخطيب إلى الفرع 235', en: 'The detainee Mohammad al-Khatib is transferred to Branch 235' },
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds Arabic and English words as you type, highlights them, and opens the editor at the line', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: 'Search', exact: true }).click();
    const box = page.getByLabel('Search Arabic or English');
    await box.pressSequentially('الحسين', { delay: 40 });
    const hit = page.locator('.hit', { hasText: 'وائل' });
    await hit.waitFor();
    expect(await hit.locator('.hit-ar mark').first().textContent()).toBe('الحسين');
    expect(await hit.locator('.hit-ar').getAttribute('dir')).toBe('rtl');
    expect(await hit.locator('.hit-link').textContent()).toContain('page 1, line 5');
    const renderMs = Number(await page.locator('.render-time').getAttribute('data-render-ms'));
    console.log(`search: results rendered ${renderMs} ms after the last keystroke`);
    expect(renderMs).toBeGreaterThan(0);

    // An OCR-like misspelling offers the word that occurs.
    await box.fill('الحسبن');
    await page.getByText('Did you mean:').waitFor();
    await page.locator('.did-you-mean button').click();
    await page.locator('.hit', { hasText: 'وائل' }).waitFor();
    expect(await box.inputValue()).toBe('الحسين');

    // A hamza-less spelling finds the line written with hamza; English is highlighted too.
    await box.fill('احمد');
    await page.locator('.hit', { hasText: 'أحمد العلي' }).waitFor();
    await box.fill('Hussein');
    const en = page.locator('.hit', { hasText: 'Wael' });
    await en.waitFor();
    expect(await en.locator('.hit-en mark').first().textContent()).toMatch(/Hussein/i);
    await page.screenshot({ path: screenshotPath('search-results-en') });

    // The results as CSV, with the session's cookie.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toContain('document_id');
    expect(csv).toContain('وائل الحسين في القابون');

    // One click on the result opens the editor at that line.
    await en.locator('.hit-ar').click();
    const segmentId = arrest.segmentIds[4]!;
    await page.waitForURL(new RegExp(`/documents/${arrest.documentId}\\?page=1&segment=${segmentId}$`));
    await page.locator(`.seg-row.active[data-segment-id="${segmentId}"]`).waitFor();
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.value ?? ''))
      .toContain('وائل الحسين');
    await page.context().close();
  });

  it('narrows by a unit facet and by a bar of the research view, in Arabic', async () => {
    const page = await signedIn('ar');
    await page.goto(`${server.url}/search?q=${encodeURIComponent('الفرع')}`);
    await page.locator('.hit').first().waitFor();
    const titles = () => page.locator('.hit .hit-link bdi').allTextContents();
    expect(new Set(await titles())).toEqual(new Set(['Arrest report', 'Transfer order']));
    await page
      .locator('#facet-unit + ul')
      .getByRole('button', { name: /الفرع 251/ })
      .click();
    await expect.poll(async () => new Set(await titles())).toEqual(new Set(['Arrest report']));
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.screenshot({ path: screenshotPath('search-facet-ar') });

    await page.goto(`${server.url}/research`);
    await page.locator('.chart-card canvas').first().waitFor();
    await page.waitForTimeout(300); // Chart.js draws after its chunk loads
    await page.screenshot({ path: screenshotPath('research-ar') });
    const unitCard = page.locator('.chart-card', { hasText: 'الوثائق حسب الوحدة' });
    // Clicking the first bar (الفرع 235, in the upper half of the horizontal chart) filters the search.
    const canvas = await unitCard.locator('canvas').boundingBox();
    await page.mouse.click(canvas!.x + canvas!.width * 0.5, canvas!.y + canvas!.height * 0.3);
    await page.waitForURL(/\/search\?unit=\d+/);
    await expect.poll(async () => new Set(await titles())).toEqual(new Set(['Transfer order']));

    // The same through the table beside the chart (keyboard and screen readers).
    await page.goBack();
    await unitCard.locator('summary').click();
    await unitCard.getByRole('link', { name: 'الفرع 251' }).click();
    await page.waitForURL(/\/search\?unit=\d+/);
    await expect.poll(async () => new Set(await titles())).toEqual(new Set(['Arrest report']));
    await page.context().close();
  });
});
