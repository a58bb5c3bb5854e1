// The document list at archive scale (issue 16), in Chromium: the search box, the collection
// filter and a sortable header narrow and order the rows on the server; all of it lives in the
// URL, so a reload shows the same list, and a changed filter starts again from the first page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, reportMissingBrowser, screenshotPath, signIn } from '../helpers/browser';
import { adminApi } from '../helpers/seed-research';
import { adminCredentials, startTestServer } from '../helpers/test-server';

reportMissingBrowser();

const scan = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'corpus', 'clean', name));

describe.skipIf(!hasChromium)('in Chromium: the document list’s search, filters and sort', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ ocrWorkers: 0 });
    browser = await launchChromium();
    const api = await adminApi(server);
    // Fictional titles: three name an arrest, two of those in the Homs collection.
    const seeds = [
      { file: 'doc-01-000.jpg', title: 'Arrest report, Bab Amr', collection: 'Homs branch' },
      { file: 'doc-01-001.jpg', title: 'Transfer memo', collection: 'Homs branch' },
      { file: 'doc-01-002.jpg', title: 'Arrest order, al-Hamidiya', collection: 'Hama branch' },
      { file: 'doc-01-003.jpg', title: 'Appeal against arrest', collection: 'Homs branch' },
    ];
    for (const s of seeds) {
      const form = new FormData();
      form.set('file', new File([new Uint8Array(scan(s.file))], s.file));
      form.set('title', s.title);
      form.set('collection', s.collection);
      await api.call('POST', '/api/documents', form);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const rowTitles = async (page: Page) =>
    (
      await page.locator('.documents-table tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('td, th')?.textContent ?? ''))
    ).map((t) => t.trim());

  it('searches, filters by collection and sorts by title; a reload keeps them', async () => {
    const page = await signIn(browser, server.url, adminCredentials);
    await page.goto(`${server.url}/?offset=2`);
    await page.locator('.documents-table').waitFor();
    expect(await rowTitles(page)).toHaveLength(2); // the list's second part: the paging holds

    await page.getByLabel('Search', { exact: true }).fill('arrest');
    await page.waitForURL((u) => u.searchParams.get('q') === 'arrest');
    expect(new URL(page.url()).searchParams.has('offset')).toBe(false);
    await expect.poll(() => rowTitles(page).then((r) => r.length)).toBe(3);
    expect((await rowTitles(page)).every((t) => t.toLowerCase().includes('arrest'))).toBe(true);

    await page.locator('select[name=collectionId]').selectOption({ label: 'Homs branch' });
    await expect.poll(() => rowTitles(page).then((r) => r.length)).toBe(2);
    expect((await rowTitles(page)).sort()).toEqual(['Appeal against arrest', 'Arrest report, Bab Amr']);

    const titleHeader = page.locator('.documents-table thead th').first();
    expect(await titleHeader.getAttribute('aria-sort')).toBe('none');
    await titleHeader.getByRole('button').click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'title');
    await expect.poll(() => titleHeader.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => rowTitles(page)).toEqual(['Appeal against arrest', 'Arrest report, Bab Amr']);
    await titleHeader.getByRole('button').click();
    await expect.poll(() => titleHeader.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => rowTitles(page)).toEqual(['Arrest report, Bab Amr', 'Appeal against arrest']);

    await page.reload();
    await page.locator('.documents-table').waitFor();
    await expect.poll(() => rowTitles(page)).toEqual(['Arrest report, Bab Amr', 'Appeal against arrest']);
    expect(await page.getByLabel('Search', { exact: true }).inputValue()).toBe('arrest');
    expect(await page.locator('select[name=collectionId] option:checked').textContent()).toBe('Homs branch');
    expect(await titleHeader.getAttribute('aria-sort')).toBe('descending');
    await page.screenshot({ path: screenshotPath('document-list-filters'), fullPage: true });

    // Back undoes the last sort, not the whole search.
    await page.goBack();
    await expect.poll(() => titleHeader.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => rowTitles(page)).toEqual(['Appeal against arrest', 'Arrest report, Bab Amr']);
    await page.context().close();
  });

  it('in Arabic, right to left: the same filters, labelled in Arabic', async () => {
    const page = await signIn(browser, server.url, adminCredentials, { uiLanguage: 'ar' });
    await page.goto(`${server.url}/?q=arrest`);
    await page.locator('.documents-table').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByLabel('بحث', { exact: true }).waitFor();
    await expect.poll(() => rowTitles(page).then((r) => r.length)).toBe(3);
    await page.screenshot({ path: screenshotPath('document-list-filters-ar'), fullPage: true });
    await page.context().close();
  });
});
