import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, screenshotPath } from '../helpers/browser';
import { adminCredentials, startTestServer } from '../helpers/test-server';

const scanPath = join(import.meta.dirname, '..', 'fixtures', 'corpus', 'clean', 'doc-01-000.jpg');

describe.skipIf(!hasChromium)('in Chromium: sign in, upload a scan, read its Arabic lines, switch to Arabic', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the OCR lines of an uploaded page and mirrors the UI in Arabic', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.getByLabel('Email').fill(adminCredentials.email);
    await page.getByLabel('Password').fill(adminCredentials.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.locator('#upload-file').setInputFiles(scanPath);
    await page.locator('#upload-doc-title').fill('Detainee list, Branch 235');
    await page.locator('section.upload button[type=submit]').click();
    await page
      .getByRole('link', { name: /Detainee list, Branch 235/ })
      .first()
      .click();

    // Lines arrive when OCR finishes; the subject line is among them, right to left.
    const arabicLines = () =>
      page.locator('textarea[dir=rtl]').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value).filter(Boolean));
    await expect.poll(async () => (await arabicLines()).join('\n'), { timeout: 90_000 }).toMatch(/الموضوع/);
    expect((await arabicLines()).length).toBeGreaterThan(3);
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await page.screenshot({ path: screenshotPath('document-en'), fullPage: false });

    await page.getByRole('button', { name: 'العربية' }).click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    await page.screenshot({ path: screenshotPath('document-ar'), fullPage: false });
  });
});
