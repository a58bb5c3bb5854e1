// Interchange and bulk work (issue 16) in a real browser: a collection exported as one ZIP from
// the document list (started, followed to the end, downloaded and opened), and a bulk upload of
// several scans, a ZIP and a bad file (chosen and dropped) with a state per file, in English and
// Arabic.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, reportMissingBrowser, screenshotPath, signIn } from '../helpers/browser';
import { adminApi, seedLines } from '../helpers/seed-research';
import { adminCredentials, startTestServer } from '../helpers/test-server';

reportMissingBrowser();

describe.skipIf(!hasChromium)('in Chromium: collection export', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const seeded: number[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    await server.runner?.stop(); // the lines are seeded; no OCR may replace them
    browser = await launchChromium();
    const api = await adminApi(server);
    const letters = [
      { scan: 'doc-01-005.jpg', title: 'Arrest report', lines: [{ ar: 'الفرع 251', en: 'Branch 251' }, { ar: 'قامت دورية من الفرع بإلقاء القبض على المدعو', en: 'A patrol arrested the man named' }] },
      { scan: 'doc-01-000.jpg', title: 'Transfer order', lines: [{ ar: 'الفرع 235', en: 'Branch 235' }, { ar: 'ينقل الموقوف إلى الفرع 235', en: 'The detainee is transferred to Branch 235' }] },
      { scan: 'doc-01-007.jpg', title: 'Circular', lines: [{ ar: 'تعميم إلى جميع الأقسام', en: 'Circular to all sections' }] },
    ];
    for (const l of letters) seeded.push((await seedLines(server, api, { ...l, collection: 'Branch 251 letters' })).documentId);
    // Another collection, which must stay out of the archive.
    await seedLines(server, api, { scan: 'doc-01-009.jpg', title: 'Unrelated', collection: 'Other', lines: [{ ar: 'سطر آخر' }] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('exports a collection from the document list: progress, then a ZIP with each document and a manifest', async () => {
    const page = await signIn(browser, server.url, adminCredentials);
    const panel = page.locator('section.collection-export');
    await panel.getByLabel('Collection').selectOption({ label: 'Branch 251 letters' });
    await panel.getByLabel('Format').selectOption('tei');
    await panel.getByRole('button', { name: 'Export as ZIP' }).click();
    const link = panel.getByRole('link', { name: 'Download ZIP' });
    await link.waitFor({ timeout: 60_000 });
    await expect.poll(() => panel.locator('.export-ready').textContent()).toMatch(/3 documents/);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('collection-export'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^sijill-Branch_251_letters-tei-\d+\.zip$/);
    const entries = unzipSync(new Uint8Array(readFileSync(await download.path())));
    const names = Object.keys(entries).sort();
    expect(names).toEqual([...seeded.map((id) => `doc-01-${['005', '000', '007'][seeded.indexOf(id)]}-${id}.tei.xml`), 'manifest.csv'].sort());
    const tei = new TextDecoder().decode(entries[`doc-01-000-${seeded[1]}.tei.xml`]);
    expect(tei).toContain('ينقل الموقوف إلى الفرع 235');
    expect(tei).toContain('The detainee is transferred to Branch 235');
    const manifest = new TextDecoder().decode(entries['manifest.csv']);
    expect(manifest).toContain('Transfer order');
    expect(manifest).not.toContain('Unrelated');

    // From the search page: every document the search finds, not only the page of lines shown.
    await page.goto(`${server.url}/search?q=${encodeURIComponent('الفرع')}`);
    const searchExport = page.locator('details.search-export');
    await searchExport.waitFor(); // shown once the search has found lines
    await searchExport.locator('summary').click();
    await searchExport.getByLabel('Format').selectOption('txt');
    await searchExport.getByRole('button', { name: 'Export as ZIP' }).click();
    const searchLink = searchExport.getByRole('link', { name: 'Download ZIP' });
    await searchLink.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: screenshotPath('collection-export-search') });
    const [searchDownload] = await Promise.all([page.waitForEvent('download'), searchLink.click()]);
    expect(searchDownload.suggestedFilename()).toMatch(/^sijill-search-txt-\d+\.zip$/);
    const found = Object.keys(unzipSync(new Uint8Array(readFileSync(await searchDownload.path())))).sort();
    expect(found).toEqual([`doc-01-005-${seeded[0]}.txt`, `doc-01-000-${seeded[1]}.txt`, 'manifest.csv'].sort());

    // In Arabic: the same panel, right to left, with the finished job among "my exports".
    const ar = await signIn(browser, server.url, adminCredentials, { uiLanguage: 'ar' });
    const arPanel = ar.locator('section.collection-export');
    await arPanel.getByRole('heading', { name: 'تصدير مجموعة' }).waitFor();
    await arPanel.locator('details.export-history summary').click();
    await arPanel.getByRole('link', { name: 'تنزيل ملف ZIP' }).first().waitFor();
    expect(await ar.locator('html').getAttribute('dir')).toBe('rtl');
    await arPanel.scrollIntoViewIfNeeded();
    await ar.screenshot({ path: screenshotPath('collection-export-ar'), fullPage: true });
  });
});

/** How long to wait for the server's work (storing, reading) on a loaded machine: a bound, not a measure. */
const wait = { timeout: 90_000, interval: 250 };
const corpus = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'corpus', 'clean', name);

describe.skipIf(!hasChromium)('in Chromium: bulk upload', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer({ ocrWorkers: 1 });
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'sijill-bulk-'));
    // Not a scan, whatever its name says.
    writeFileSync(join(dir, 'minutes.jpg'), 'Minutes of the meeting, typed, not scanned.\n'.repeat(50));
    // A ZIP of one scan and a file that climbs out of the archive (refused by name).
    writeFileSync(join(dir, 'batch.zip'), zipSync({ 'letters/doc-01-012.jpg': new Uint8Array(readFileSync(corpus('doc-01-012.jpg'))), '../escape.jpg': new Uint8Array([1, 2, 3]) }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('uploads many files at once, chosen and dropped, each with its own state; a bad file fails alone with the server’s reason', async () => {
    const page = await signIn(browser, server.url, adminCredentials);
    const upload = page.locator('section.upload');
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    // Chosen in the dialog: two scans and the bad file.
    await page.locator('#upload-file').setInputFiles([corpus('doc-01-010.jpg'), corpus('doc-01-011.jpg'), join(dir, 'minutes.jpg')]);
    // Dropped on the drop zone: the ZIP.
    const zip = readFileSync(join(dir, 'batch.zip')).toString('base64');
    const dataTransfer = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'batch.zip', { type: 'application/zip' }));
      return dt;
    }, zip);
    await upload.locator('.drop-zone').dispatchEvent('dragenter', { dataTransfer });
    await upload.locator('.drop-zone').dispatchEvent('drop', { dataTransfer });
    const row = (name: string) => upload.locator(`li.upload-item[data-name="${name}"]`);
    await expect.poll(() => upload.locator('li.upload-item[data-state=queued]').count(), wait).toBe(4);
    await upload.getByLabel('Collection (optional)').fill('Bulk 1963');
    await upload.getByRole('button', { name: 'Upload 4 files' }).click();

    // The bad file fails with the server's reason; the others go on.
    await expect.poll(() => row('minutes.jpg').getAttribute('data-state'), wait).toBe('error');
    expect(await row('minutes.jpg').locator('.upload-error').textContent()).toMatch(/not a JPEG, PNG, TIFF or PDF/);
    await expect.poll(() => row('batch.zip').getAttribute('data-state'), wait).toBe('done');
    const archive = await row('batch.zip').locator('.upload-archive').textContent();
    expect(archive).toMatch(/1 imported, 0 already stored, 1 failed/);
    expect(archive).toMatch(/escape\.jpg/);
    // Scans are stored, then read: OCR with pages, then done.
    await expect.poll(async () => [await row('doc-01-010.jpg').getAttribute('data-state'), await row('doc-01-011.jpg').getAttribute('data-state')].every((s) => s === 'ocr' || s === 'done'), wait).toBe(true);
    const total = upload.locator('.upload-total');
    await expect.poll(() => total.textContent(), wait).toMatch(/100 %/);
    await upload.screenshot({ path: screenshotPath('bulk-upload') });
    await expect.poll(() => row('doc-01-010.jpg').getAttribute('data-state'), { timeout: 180_000, interval: 1000 }).toBe('done');
    await expect.poll(() => row('doc-01-011.jpg').getAttribute('data-state'), { timeout: 180_000, interval: 1000 }).toBe('done');
    expect(await total.textContent()).toMatch(/3 done, 0 in OCR, 1 failed, 0 waiting/);
    // The same scan again is reported by name as already stored, with the way to it.
    await page.locator('#upload-file').setInputFiles([corpus('doc-01-010.jpg')]);
    await upload.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect.poll(() => upload.locator('li.upload-item[data-state=done] a', { hasText: 'Open the existing document' }).count(), wait).toBe(1);
    await upload.screenshot({ path: screenshotPath('bulk-upload-done') });
    // The queue is the app's: in Arabic, right to left, with the server's refusal in Arabic.
    await page.getByRole('button', { name: 'العربية' }).click();
    await expect.poll(() => page.locator('html').getAttribute('dir'), wait).toBe('rtl');
    expect(await row('minutes.jpg').locator('.upload-error').textContent()).toMatch(/ليس JPEG/);
    expect(await row('minutes.jpg').locator('.upload-state').textContent()).toBe('فشل');
    await upload.screenshot({ path: screenshotPath('bulk-upload-ar') });
    // Documents stored by the bulk upload are in the list, in their collection.
    const list = await (await page.request.get(`${server.url}/api/documents?limit=50`)).json() as { documents: Array<{ collection: string; originalName: string }> };
    expect(list.documents.filter((d) => d.collection === 'Bulk 1963').map((d) => d.originalName).sort()).toEqual(['doc-01-010.jpg', 'doc-01-011.jpg', 'doc-01-012.jpg']);
  });
});
