// Interchange and bulk work (issue 16) in a real browser: a collection exported as one ZIP from
// the document list (started, followed to the end, downloaded and opened), in English and Arabic.
import { copyFileSync, readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, reportMissingBrowser, screenshotPath, signIn } from '../helpers/browser';
import { adminApi, seedLines } from '../helpers/seed-research';
import { adminCredentials, startTestServer } from '../helpers/test-server';

reportMissingBrowser();

/** Screenshots the brief asks for, besides the usual artifacts. */
const shot = (name: string) => {
  const path = screenshotPath(name);
  return { path, keep: () => copyFileSync(path, `/work/shots/${name}.png`) };
};

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
    const s = shot('collection-export');
    await page.screenshot({ path: s.path, fullPage: true });
    s.keep();

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

    // In Arabic: the same panel, right to left, with the finished job among "my exports".
    const ar = await signIn(browser, server.url, adminCredentials, { uiLanguage: 'ar' });
    const arPanel = ar.locator('section.collection-export');
    await arPanel.getByRole('heading', { name: 'تصدير مجموعة' }).waitFor();
    await arPanel.locator('details.export-history summary').click();
    await arPanel.getByRole('link', { name: 'تنزيل ملف ZIP' }).first().waitFor();
    expect(await ar.locator('html').getAttribute('dir')).toBe('rtl');
    await arPanel.scrollIntoViewIfNeeded();
    const a = shot('collection-export-ar');
    await ar.screenshot({ path: a.path, fullPage: true });
    a.keep();
  });
});
