// The app as each visitor meets it (issue 17), in Chromium: a page opened signed out asks the
// server nothing before the sign-in form and logs no error, in English and Arabic; each role is
// offered only what it may do, and an action not possible yet says why before any click.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAccount } from '../../api/auth/credentials';
import { hasChromium, launchChromium, reportMissingBrowser, signIn } from '../helpers/browser';
import { login, seedEditorDocument } from '../helpers/seed-editor';
import { adminCredentials, startTestServer } from '../helpers/test-server';

reportMissingBrowser();

/** Everything a page logs as an error, every failed response and every API request it makes. */
function watch(page: Page) {
  const seen = { errors: [] as string[], apiRequests: [] as string[] };
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => seen.errors.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) seen.errors.push(`${r.status()}: ${r.url()}`);
  });
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/')) seen.apiRequests.push(path);
  });
  return seen;
}

describe.skipIf(!hasChromium)('in Chromium: the app before and after sign-in', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ ocrWorkers: 0 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a path in a context and waits for the sign-in form (where a signed-out visit ends). */
  async function openSignedOut(context: BrowserContext, path: string) {
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(`${server.url}${path}`);
    await page.waitForURL((u) => u.pathname === '/login');
    await page.locator('#login-email').waitFor();
    await page.waitForLoadState('networkidle');
    return { page, seen };
  }

  it('asks nothing and logs no error on a cold load signed out, in English and Arabic', async () => {
    for (const lang of ['en', 'ar'] as const) {
      for (const path of ['/login', '/', '/documents/1?page=2', '/search']) {
        const context = await browser.newContext({ locale: lang === 'ar' ? 'ar-SY' : 'en-US' });
        if (lang === 'ar') await context.addInitScript(() => localStorage.setItem('sijill.lang', 'ar'));
        const { page, seen } = await openSignedOut(context, path);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect({ path, lang, ...seen }).toEqual({ path, lang, errors: [], apiRequests: [] });
        await context.close();
      }
    }
  });

  it('signs in and out without errors; a session ended elsewhere costs one visit’s 401s, then nothing more', async () => {
    const page = await signIn(browser, server.url, adminCredentials);
    const context = page.context();
    const seen = watch(page);
    await page.goto(`${server.url}/`);
    await page.locator('.documents-page').waitFor();
    await page.waitForLoadState('networkidle');
    expect(seen.errors).toEqual([]);
    expect(seen.apiRequests).toContain('/api/auth/me');

    // Sign out: the next visit is a signed-out one again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.close();
    const after = await openSignedOut(context, '/');
    expect(after.seen).toEqual({ errors: [], apiRequests: [] });
    await after.page.close();

    // The session ends on the server (expired, or signed out everywhere elsewhere): the first
    // visit finds out from the 401s of what it asked for at once (who am I, the document list);
    // after that the browser asks nothing again.
    const again = await signIn(browser, server.url, adminCredentials);
    await again.context().clearCookies({ name: 'sijill_session' });
    const first = await openSignedOut(again.context(), '/');
    expect(first.seen.errors.length).toBeGreaterThan(0);
    for (const e of first.seen.errors) expect(e).toMatch(/^401: .*\/api\/(auth\/me|documents\?.*)$|^console: .* 401 \(Unauthorized\)$/);
    const second = await openSignedOut(again.context(), '/');
    expect(second.seen).toEqual({ errors: [], apiRequests: [] });
    await again.context().close();
    await context.close();
  });

  it('offers each role only what it may do, and says why certifying must wait before any click', async () => {
    const cookie = await login(server.url, adminCredentials.email, adminCredentials.password);
    const doc = await seedEditorDocument(server, cookie, { pages: 1, linesPerPage: 4, title: 'Sent to review' });
    const submitted = await fetch(`${server.url}/api/review/documents/${doc.documentId}/submit`, { method: 'POST', headers: { cookie } });
    expect(submitted.status).toBe(200);
    const people = {
      researcher: { email: 'researcher@example.test', password: 'researcher-password-1', role: 'researcher' as const },
      legal: { email: 'legal@example.test', password: 'legal-password-1', role: 'legal' as const, canCertify: true },
      reviewer: { email: 'reviewer@example.test', password: 'reviewer-password-1', role: 'reviewer' as const, canCertify: false },
    };
    const ids: Record<string, number> = {};
    for (const [who, p] of Object.entries(people)) ids[who] = (await createUserAccount(server.deps.database.db, p, { actorId: null, via: 'api' })).id;

    // As the administrator: the document's collection, and a member's role in it.
    const admin = (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}${path}`, { ...init, headers: { cookie, 'content-type': 'application/json' } }).then((r) => r.json());
    const { document } = (await admin(`/api/documents/${doc.documentId}`)) as { document: { collection: string } };
    const { collections } = (await admin('/api/collections')) as { collections: { id: number; name: string }[] };
    const collectionId = collections.find((c) => c.name === document.collection)!.id;
    const navLinks = (page: Page) => page.locator('.app-header nav a').allTextContents();
    const queueActions = async (page: Page) => {
      await page.goto(`${server.url}/review`);
      const row = page.locator('tr', { hasText: 'Sent to review' });
      await row.waitFor();
      return row.locator('.row-actions a').allTextContents();
    };

    // A researcher reads: no upload form, no review queue in the menu, and in the queue (if
    // opened by its address) the document opens to read, not to review.
    const researcher = await signIn(browser, server.url, people.researcher);
    await researcher.locator('.documents-page h2#list-title').waitFor();
    expect(await researcher.locator('.upload-form').count()).toBe(0);
    expect(await navLinks(researcher)).not.toContain('Review');
    expect(await queueActions(researcher)).toEqual(['Open']);
    // The editor follows the role in the document's collection: read-only for a researcher,
    // editable once they translate in that collection.
    const field = researcher.locator(`#seg-${doc.lines[0]![0]}-translation`);
    await researcher.goto(`${server.url}/documents/${doc.documentId}`);
    await field.waitFor();
    expect(await field.getAttribute('readonly')).not.toBeNull();
    await admin(`/api/collections/${collectionId}/members/${ids.researcher}`, { method: 'PUT', body: JSON.stringify({ role: 'translator' }) });
    await researcher.reload();
    await field.waitFor();
    await expect.poll(() => field.getAttribute('readonly')).toBeNull();
    await admin(`/api/collections/${collectionId}/members/${ids.researcher}`, { method: 'DELETE' });
    await researcher.context().close();

    // A reviewer whose account may not certify: uploads and reviews, never sees "Certify".
    const reviewer = await signIn(browser, server.url, people.reviewer);
    await reviewer.locator('.upload-form').waitFor();
    expect(await navLinks(reviewer)).toContain('Review');
    expect(await queueActions(reviewer)).toEqual(['Review']);
    await reviewer.goto(`${server.url}/documents/${doc.documentId}`);
    await reviewer.locator('.doc-header .doc-actions').waitFor();
    await reviewer.locator('.seg-row').first().waitFor();
    expect(await reviewer.locator('.doc-header a', { hasText: 'Certify' }).count()).toBe(0);
    // Only a reader in this document's collection: the same editor is read-only for them, and
    // sending to review is not offered.
    const reviewerField = reviewer.locator(`#seg-${doc.lines[0]![0]}-translation`);
    expect(await reviewerField.getAttribute('readonly')).toBeNull();
    await admin(`/api/collections/${collectionId}/members/${ids.reviewer}`, { method: 'PUT', body: JSON.stringify({ role: 'researcher' }) });
    await reviewer.reload();
    await reviewerField.waitFor();
    await expect.poll(() => reviewerField.getAttribute('readonly')).not.toBeNull();
    await admin(`/api/collections/${collectionId}/members/${ids.reviewer}`, { method: 'DELETE' });
    await reviewer.context().close();

    // A lawyer who may certify: no upload form; the queue opens, certifies and shows custody;
    // the certify page says before any click that the lines are not reviewed, its button off.
    for (const lang of ['en', 'ar'] as const) {
      const legal = await signIn(browser, server.url, people.legal, { uiLanguage: lang });
      await legal.locator('.documents-page h2#list-title').waitFor();
      expect(await legal.locator('.upload-form').count()).toBe(0);
      if (lang === 'en') expect(await queueActions(legal)).toEqual(['Open', 'Certify', 'Custody']);
      await legal.goto(`${server.url}/documents/${doc.documentId}/certify`);
      const reason = legal.locator('#certify-not-ready');
      await reason.waitFor();
      expect(await reason.textContent()).toContain(
        lang === 'en' ? 'Certifying needs every line reviewed: 4 of 4 lines are not reviewed yet.' : 'يتطلّب التصديق مراجعة كل الأسطر',
      );
      const button = legal.locator('form.certify-form button[type=submit]');
      expect(await button.isDisabled()).toBe(true);
      expect(await button.getAttribute('aria-describedby')).toBe('certify-not-ready');
      // Filling the form in does not make it possible.
      await legal.locator('form.certify-form input[required]').fill('The Hague');
      await legal.locator('form.certify-form input[name=declaration]').check();
      expect(await button.isDisabled()).toBe(true);
      await legal.context().close();
    }
  });
});
