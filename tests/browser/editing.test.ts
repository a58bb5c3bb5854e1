// The editor's guarantees in a real browser, on one uploaded page: the panes mirror in the
// Arabic UI, a correction and a translation survive a reload, and when two people save the
// same line the second sees both versions and neither is lost.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, reportMissingBrowser, screenshotPath } from '../helpers/browser';
import { adminCredentials, startTestServer } from '../helpers/test-server';

const scanPath = join(import.meta.dirname, '..', 'fixtures', 'corpus', 'clean', 'doc-01-000.jpg');

async function bounds(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
}

reportMissingBrowser();

describe.skipIf(!hasChromium)('in Chromium: the line editor', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let documentUrl = '';

  /** A fresh browser profile (own cookies and localStorage), signed in as the admin. */
  async function signedIn(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(adminCredentials.email);
    await page.getByLabel('Password').fill(adminCredentials.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor();
    return page;
  }

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const page = await signedIn();
    await page.getByLabel('Scan or PDF').setInputFiles(scanPath);
    await page.getByLabel('Title (optional)').fill('Detainee list');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('link', { name: 'Open “Detainee list”' }).click();
    // OCR runs in the background; the page brings the lines in when it is done.
    await page.waitForFunction(
      () => [...document.querySelectorAll('textarea[lang="ar"]')].some((e) => (e as HTMLTextAreaElement).value.includes('الموضوع')),
      null,
      { timeout: 90_000 },
    );
    documentUrl = page.url();
    await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws a box per line over the scan and mirrors the panes in Arabic', async () => {
    const page = await signedIn();
    await page.goto(documentUrl);
    await page.locator('.seg-row').first().waitFor();
    expect(await page.locator('.scan-overlay .line-box').count()).toBe(await page.locator('.seg-row').count());

    // Clicking a box on the scan puts the cursor in its line.
    await page.locator('.scan-overlay .line-box').nth(2).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/-text$/);
    expect(await page.locator('.seg-row.active').getAttribute('data-segment-id')).toBe(
      await page.locator('.seg-row').nth(2).getAttribute('data-segment-id'),
    );

    const scanEn = await bounds(page, '.pane-scan');
    const linesEn = await bounds(page, '.pane-lines');
    const arEn = await bounds(page, '.seg-row .seg-ar');
    const enEn = await bounds(page, '.seg-row .seg-en');
    expect(scanEn.x).toBeLessThan(linesEn.x);
    expect(arEn.x).toBeLessThan(enEn.x);

    await page.getByRole('button', { name: 'العربية' }).click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    const scanAr = await bounds(page, '.pane-scan');
    const linesAr = await bounds(page, '.pane-lines');
    const arAr = await bounds(page, '.seg-row .seg-ar');
    const enAr = await bounds(page, '.seg-row .seg-en');
    expect(scanAr.x).toBeGreaterThan(linesAr.x); // scan on the right, where reading starts
    expect(arAr.x).toBeGreaterThan(enAr.x); // Arabic before English, right to left
    await page.screenshot({ path: screenshotPath('editor-panes-ar') });

    // The choice is remembered across a reload.
    await page.reload();
    await page.locator('.seg-row').first().waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.context().close();
  });

  it('keeps a corrected and translated line across a reload', async () => {
    const page = await signedIn();
    await page.goto(documentUrl);
    const arabic = page.getByLabel('Arabic, line 1', { exact: true });
    const english = page.getByLabel('English, line 1', { exact: true });
    await arabic.waitFor();
    const corrected = `${await arabic.inputValue()} (مصحَّح)`;
    await arabic.fill(corrected);
    await english.fill('Syrian Arab Republic');
    await english.blur();
    await page.getByText('All changes saved').waitFor({ timeout: 15_000 });

    await page.reload();
    await arabic.waitFor();
    expect(await arabic.inputValue()).toBe(corrected);
    expect(await english.inputValue()).toBe('Syrian Arab Republic');
    await page.context().close();
  });

  it('shows both versions when someone else saved the line first, and loses neither', async () => {
    const first = await signedIn();
    const second = await signedIn();
    for (const p of [first, second]) await p.goto(documentUrl);
    const field = (p: Page) => p.getByLabel('English, line 2', { exact: true });
    await field(first).waitFor();
    await field(second).waitFor();

    await field(second).fill('Theirs: top secret');
    await field(second).blur();
    await second.getByText('All changes saved').waitFor({ timeout: 15_000 });

    await field(first).fill('Mine: strictly confidential');
    await field(first).blur();
    const conflict = first.locator('.conflict');
    await conflict.waitFor({ timeout: 15_000 });
    expect(await conflict.textContent()).toContain('Theirs: top secret');
    expect(await conflict.textContent()).toContain('Mine: strictly confidential');
    await first.screenshot({ path: screenshotPath('editor-conflict-en') });

    await conflict.getByRole('button', { name: 'Keep mine' }).click();
    await first.getByText('All changes saved').waitFor({ timeout: 15_000 });

    const segmentId = await first.locator('.seg-row').nth(1).getAttribute('data-segment-id');
    const history = await first.evaluate(
      async (id) => (await (await fetch(`/api/segments/${id}/versions`)).json()) as { versions: { translation: string }[] },
      segmentId,
    );
    const translations = history.versions.map((v) => v.translation);
    expect(translations).toContain('Theirs: top secret');
    expect(translations.at(-1)).toBe('Mine: strictly confidential');
    await first.context().close();
    await second.context().close();
  });
});
