// Certification and public verification in a real browser: a reviewer-approved document is
// certified from its certify page, the certified PDF is downloaded, and someone without an
// account drops it on /verify (hashed in the browser): it matches; with one byte changed it
// does not. The public page shows nothing about the document itself.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, reportMissingBrowser, screenshotPath, signIn } from '../helpers/browser';
import { adminApi, seedLines } from '../helpers/seed-research';
import { adminCredentials, startTestServer } from '../helpers/test-server';

reportMissingBrowser();

describe.skipIf(!hasChromium)('in Chromium: certify and verify', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let documentId: number;
  let pdf: Buffer;
  let api: Awaited<ReturnType<typeof adminApi>>;

  const signedIn = (): Promise<Page> => signIn(browser, server.url, adminCredentials, { viewport: { width: 1300, height: 950 } });

  beforeAll(async () => {
    server = await startTestServer();
    await server.runner?.stop(); // the lines are seeded; no OCR may replace them
    browser = await launchChromium();
    api = await adminApi(server);
    const doc = await seedLines(server, api, {
      scan: 'doc-01-005.jpg',
      title: 'Arrest report 4724',
      lines: [
        { ar: 'الجمهورية العربية السورية', en: 'Syrian Arab Republic' },
        { ar: 'الفرع 251', en: 'Branch 251' },
        { ar: 'وائل الحسين في القابون بتاريخ ٢٤/٥', en: 'Wael al-Hussein in Qaboun on 24/5' },
      ],
    });
    documentId = doc.documentId;
    await api.call('POST', `/api/review/documents/${documentId}/submit`);
    await api.call('POST', `/api/review/pages/${doc.pageId}`, { action: 'approve' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('certifies a reviewed document and downloads the certified PDF', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    await page.goto(`${server.url}/documents/${documentId}/certify`);
    await page.getByLabel('Place of signing').fill('The Hague');
    // The preview shows what will be declared, with the original's hash.
    await expect.poll(() => page.locator('.declaration-preview').textContent()).toContain('The Hague');
    await page.getByLabel('I have checked the translation and make this declaration.').check();
    await page.getByRole('button', { name: 'Certify and issue the PDF' }).click();
    await page.getByText('Certified. The PDF is issued').waitFor({ timeout: 60_000 });
    await page.locator('.cert-card').first().waitFor();
    await page.screenshot({ path: screenshotPath('certify-en'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.issued a').click()]);
    pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // The chain of custody shows the certification, every event intact, and exports as CSV.
    await page.getByRole('link', { name: 'Chain of custody' }).click();
    await page.locator('.custody-table code', { hasText: 'certification.issued' }).waitFor();
    await page.getByText(/All \d+ events’ hashes match their content\./).waitFor();
    await page.screenshot({ path: screenshotPath('custody-en'), fullPage: true });
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export as CSV' }).click()]);
    expect(readFileSync((await csv.path())!, 'utf8')).toContain('certification.issued');
    await page.context().close();
  });

  it('accepts the issued PDF on the public page without an account, and rejects it changed by one byte', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${server.url}/verify`);
    await page.getByLabel('Choose or drop a file').setInputFiles({ name: 'certified.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('heading', { name: '✓ This matches a certified translation' }).waitFor();
    await page.getByText('The document has not changed since.').waitFor();
    expect(await page.locator('.verdict').textContent()).toContain('a certified PDF, exactly as issued');
    expect(await page.locator('body').textContent()).not.toContain('Arrest report');
    await page.screenshot({ path: screenshotPath('verify-match-en') });

    const changed = Buffer.from(pdf);
    const at = Math.floor(changed.length / 2);
    changed[at] = changed[at]! ^ 0x01;
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.getByLabel('اختر ملفاً أو أفلته هنا').setInputFiles({ name: 'changed.pdf', mimeType: 'application/pdf', buffer: changed });
    await page.getByRole('heading', { name: '✗ لا يطابق هذا الملف أيّ تصديق' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.screenshot({ path: screenshotPath('verify-changed-ar') });

    // A pasted hash works too (links such as the PDF's QR code land on /verify/:sha256).
    await page.getByRole('button', { name: 'English' }).click();
    const { createHash } = await import('node:crypto');
    await page.getByLabel('Or paste a SHA-256').fill(createHash('sha256').update(pdf).digest('hex'));
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByRole('heading', { name: '✓ This matches a certified translation' }).waitFor();

    // An edit after certification supersedes it: the PDF still matches, marked superseded.
    const { segments } = await api.call<{ segments: Array<{ id: number; version: number }> }>(
      'GET',
      `/api/documents/${documentId}/segments`,
    );
    await api.call('PATCH', `/api/segments/${segments[1]!.id}`, {
      version: segments[1]!.version,
      translation: 'Branch 251 (Military Intelligence)',
    });
    await page.reload();
    await page.getByText(/^Superseded/).waitFor();
    expect(await page.locator('.verdict').textContent()).not.toContain('has not changed');
    await context.close();
  });
});
