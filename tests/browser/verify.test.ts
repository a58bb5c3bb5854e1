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
  let confirmed: Array<{ id: number; surface: string; kind: string }>;
  let adminName: string;

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
    // A history for the chain of custody to tell: tags confirmed on line 3, line 2 corrected,
    // line 1 returned with a comment and fixed, then the page approved.
    const suggested = await api.call<{ mentions: Array<{ id: number; segmentId: number; surface: string; kind: string }> }>(
      'GET',
      `/api/mentions?documentId=${documentId}&status=suggested`,
    );
    confirmed = suggested.mentions.filter((m) => m.segmentId === doc.segmentIds[2]);
    expect(confirmed.length).toBeGreaterThan(0);
    for (const m of confirmed) await api.call('POST', `/api/mentions/${m.id}/accept`);
    const lines = async () => (await api.call<{ segments: Array<{ id: number; version: number }> }>('GET', `/api/documents/${documentId}/segments`)).segments;
    await api.call('PATCH', `/api/segments/${doc.segmentIds[1]}`, { version: (await lines())[1]!.version, text: 'الفرع ٢٥١' });
    await api.call('POST', `/api/review/documents/${documentId}/submit`);
    await api.call('POST', `/api/review/segments/${doc.segmentIds[0]}`, { action: 'return', version: (await lines())[0]!.version, comment: 'Name the republic in full' });
    await api.call('PATCH', `/api/segments/${doc.segmentIds[0]}`, { version: (await lines())[0]!.version, translation: 'The Syrian Arab Republic' });
    await api.call('POST', `/api/review/documents/${documentId}/submit`);
    await api.call('POST', `/api/review/pages/${doc.pageId}`, { action: 'approve' });
    adminName = (await api.call<{ user: { name: string } }>('GET', '/api/auth/me')).user.name;
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

    // The chain of custody reads as sentences (page and line, what, by whom), every event
    // intact, the record as stored one click away, and exports as CSV.
    await page.getByRole('link', { name: 'Chain of custody' }).click();
    await page.getByText(/All \d+ events’ hashes match their content\./).waitFor();
    const sentences = async () => (await page.locator('.custody-sentence').allTextContents()).map((s) => s.replace(/[\u2068\u2069]/g, ''));
    const by = `${adminName} (administrator)`;
    const read = await sentences();
    for (const m of confirmed) {
      expect(read.some((s) => s.startsWith(`page 1, line 3: tag «${m.surface}» (${m.kind})`) && s.endsWith(`confirmed by ${by}`)), m.surface).toBe(true);
    }
    expect(read).toContain(`page 1, line 3: tag «القابون» (place), register entry Qaboun, confirmed by ${by}`);
    expect(read).toContain(`page 1, line 2: transcription corrected by ${by}`);
    expect(read).toContain(`page 1, line 1: returned for changes by ${by}, with the comment «Name the republic in full»`);
    expect(read).toContain(`page 1: every line of the page approved by ${by}`);
    expect(read).toContain(`page 1, line 3: line approved by ${by}`);
    expect(read.find((s) => s.startsWith(`document certified by ${by} (certificate `))).toBeTruthy();
    expect(read.find((s) => s.startsWith(`document uploaded by ${by}: 1 page,`))).toBeTruthy();
    expect(read.join('\n')).not.toMatch(/mention\.|segment \d|\{"v"/);
    // The record as stored: the event's name, payload and hash, folded until asked for.
    const certified = page.locator('.custody-table tr', { hasText: 'document certified by' });
    const record = certified.locator('details.custody-record');
    expect(await record.locator('pre').isVisible()).toBe(false);
    await record.locator('summary').click();
    await record.locator('code', { hasText: 'certification.issued' }).waitFor();
    expect(await record.locator('pre').textContent()).toContain('"pdfSha256"');
    await page.screenshot({ path: screenshotPath('custody-en'), fullPage: true });
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export as CSV' }).click()]);
    expect(readFileSync((await csv.path())!, 'utf8')).toContain('certification.issued');

    // In Arabic: the same events, right to left, in Arabic words and digits.
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.getByRole('heading', { name: /سلسلة الحفظ/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const arabic = await sentences();
    expect(arabic).toContain(`الصفحة ١، السطر ١: أعاده ${adminName} (مدير النظام) للتعديل مع التعليق «Name the republic in full»`);
    expect(arabic).toContain(`الصفحة ١، السطر ٢: صحّح ${adminName} (مدير النظام) نص السطر`);
    expect(arabic.find((s) => s.startsWith(`صدّق ${adminName} (مدير النظام) الوثيقة (الشهادة رقم `))).toBeTruthy();
    await page.screenshot({ path: screenshotPath('custody-ar'), fullPage: true });
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
