// The entity register in a real browser: two spellings of one man entered as two people are
// merged from the entity page (aliases kept, mentions moved), and the survivor is renamed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, reportMissingBrowser, screenshotPath, signIn } from '../helpers/browser';
import { adminApi, seedLines } from '../helpers/seed-research';
import { adminCredentials, startTestServer } from '../helpers/test-server';

reportMissingBrowser();

describe.skipIf(!hasChromium)('in Chromium: entity pages', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let keep: number;
  let drop: number;

  const signedIn = (): Promise<Page> => signIn(browser, server.url, adminCredentials);

  beforeAll(async () => {
    server = await startTestServer();
    await server.runner?.stop(); // the lines are seeded; no OCR may replace them
    browser = await launchChromium();
    const api = await adminApi(server);
    const doc = await seedLines(server, api, {
      scan: 'doc-01-000.jpg',
      title: 'Transfer order',
      lines: [
        { ar: 'ينقل الموقوف محمد الخطيب إلى الفرع 235', en: 'The detainee Mohammad al-Khatib is transferred to Branch 235' },
        { ar: 'وورد اسم محمد خطيب في كشف الموقوفين', en: 'The name Mohamed Khateeb appears in the list of detainees' },
      ],
    });
    const person = (canonicalAr: string, canonicalEn: string) =>
      api.call<{ entity: { id: number } }>('POST', '/api/entities', { kind: 'person', canonicalAr, canonicalEn }).then((r) => r.entity.id);
    keep = await person('محمد الخطيب', 'Mohammad al-Khatib');
    drop = await person('محمد خطيب', 'Mohamed Khatib');
    const { segments } = await api.call<{ segments: Array<{ id: number; version: number; text: string }> }>(
      'GET',
      `/api/documents/${doc.documentId}/segments`,
    );
    for (const [segment, name, entityId] of [
      [segments[0]!, 'محمد الخطيب', keep],
      [segments[1]!, 'محمد خطيب', drop],
    ] as const) {
      const start = segment.text.indexOf(name);
      await api.call('POST', '/api/mentions', {
        segmentId: segment.id,
        segmentVersion: segment.version,
        field: 'text',
        start,
        end: start + name.length,
        kind: 'person',
        entityId,
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('merges two spellings of one person: aliases kept, mentions moved', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: 'Register', exact: true }).click();
    await page.getByRole('button', { name: 'Person', exact: true }).click();
    await page.getByRole('link', { name: 'محمد خطيب', exact: true }).click();
    await page.waitForURL(new RegExp(`/entities/${drop}$`));
    await page.locator('.mention mark', { hasText: 'محمد خطيب' }).waitFor();

    await page.getByLabel('Find the entry to keep').fill('الخطيب');
    await page.getByRole('radio', { name: /محمد الخطيب/ }).check();
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.waitForURL(new RegExp(`/entities/${keep}\\?merged=1$`));
    await page.getByText('Merged: 1 mention moved here.').waitFor();
    expect(await page.locator('.aliases-ar').textContent()).toContain('محمد خطيب');
    expect(await page.locator('.aliases-en').textContent()).toContain('Mohamed Khatib');
    // Both Arabic spellings are now mentions of the survivor (English tags may follow them).
    await expect
      .poll(async () => new Set(await page.locator('.mention .hit-ar mark').allTextContents()))
      .toEqual(new Set(['محمد الخطيب', 'محمد خطيب']));
    // The second line renders the name differently from both English forms: listed.
    await page.locator('.renderings li').first().waitFor();
    await page.screenshot({ path: screenshotPath('entity-merged-en'), fullPage: true });

    // The merged entry points to the survivor.
    await page.goto(`${server.url}/entities/${drop}`);
    await page.getByText('This entry was merged into another.').waitFor();
    await page.context().close();
  });

  it('renames an entity, keeping the old English form as an alias, in Arabic', async () => {
    const page = await signedIn();
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.goto(`${server.url}/entities/${keep}`);
    await page.getByLabel('الصيغة الإنجليزية').fill('Muhammad al-Khatib');
    await page.getByRole('button', { name: 'حفظ', exact: true }).click();
    await page.getByText('حُفظ.').waitFor();
    await expect.poll(() => page.locator('.entity-header h1').textContent()).toContain('Muhammad al-Khatib');
    expect(await page.locator('.aliases-en').textContent()).toContain('Mohammad al-Khatib');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.screenshot({ path: screenshotPath('entity-ar'), fullPage: true });
    await page.context().close();
  });
});
