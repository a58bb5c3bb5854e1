// The path issue 2 promises, in a real browser: sign in, upload a scan, see its Arabic lines,
// switch the UI to Arabic and see the layout mirror; plus the editor's two guarantees that
// later work builds on: an edit survives a reload, and a concurrent edit is never lost.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, startStack } from './harness';

const scan = join(import.meta.dirname, '..', 'fixtures', 'corpus', 'clean', 'doc-01-000.jpg');

let stack: Awaited<ReturnType<typeof startStack>>;
let documentPath = '';

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

const box = async (page: Page, selector: string) => {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
};

describe('foundation, in Chromium', () => {
  it('signs in, uploads a page, shows its Arabic lines, and mirrors the layout in Arabic', async () => {
    const page = await stack.signedInPage();

    await page.getByLabel('Scan or PDF').setInputFiles(scan);
    await page.getByLabel('Title (optional)').fill('Detainee list');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const open = page.getByRole('link', { name: 'Open “Detainee list”' });
    await open.waitFor();
    await screenshot(page, 'foundation-01-uploaded');
    await open.click();
    documentPath = new URL(page.url()).pathname;

    // OCR runs in the background; the page brings the lines in when it is done.
    const subject = page.locator('textarea[lang="ar"]').filter({ hasText: 'الموضوع' });
    await expect.poll(() => subject.count(), { timeout: 90_000 }).toBeGreaterThan(0);
    expect(await subject.first().getAttribute('dir')).toBe('rtl');
    expect(await page.locator('textarea[lang="en"]').first().getAttribute('dir')).toBe('ltr');
    // every line has its box over the scan
    expect(await page.locator('.scan-overlay .line-box').count()).toBe(
      await page.locator('.seg-row').count(),
    );
    await screenshot(page, 'foundation-02-document-en');

    const html = page.locator('html');
    expect(await html.getAttribute('dir')).toBe('ltr');
    const scanEn = await box(page, '.pane-scan');
    const linesEn = await box(page, '.pane-lines');
    expect(scanEn.x).toBeLessThan(linesEn.x);

    await page.getByRole('button', { name: 'العربية' }).click();
    expect(await html.getAttribute('dir')).toBe('rtl');
    expect(await html.getAttribute('lang')).toBe('ar');
    await page.getByRole('heading', { name: 'النص العربي' }).or(page.getByText('النص العربي')).first().waitFor();
    const scanAr = await box(page, '.pane-scan');
    const linesAr = await box(page, '.pane-lines');
    expect(scanAr.x).toBeGreaterThan(linesAr.x); // the scan moved to the right
    const arCol = await box(page, '.seg-row >> nth=0 >> .seg-ar');
    const enCol = await box(page, '.seg-row >> nth=0 >> .seg-en');
    expect(arCol.x).toBeGreaterThan(enCol.x); // Arabic before English, reading right to left
    await screenshot(page, 'foundation-03-document-ar');

    // the choice is remembered
    await page.reload();
    await page.locator('.seg-row').first().waitFor();
    expect(await html.getAttribute('dir')).toBe('rtl');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await html.getAttribute('dir')).toBe('ltr');
    await page.context().close();
  });

  it('keeps a corrected and translated line across a reload', async () => {
    const page = await stack.signedInPage();
    await page.goto(stack.url + documentPath);
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
    const first = await stack.signedInPage();
    const second = await stack.signedInPage();
    for (const p of [first, second]) await p.goto(stack.url + documentPath);
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
    await screenshot(first, 'foundation-04-conflict');

    await conflict.getByRole('button', { name: 'Keep mine' }).click();
    await first.getByText('All changes saved').waitFor({ timeout: 15_000 });

    const segmentId = await first
      .locator('.seg-row')
      .nth(1)
      .getAttribute('data-segment-id');
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
