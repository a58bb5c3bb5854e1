// Accounts and access (issue 12), in Chromium: an administrator makes and revokes an API token,
// invites a colleague, creates a restricted collection and gives the colleague a role in it; the
// page in Arabic is laid out right to left.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, reportMissingBrowser, screenshotPath, signIn } from '../helpers/browser';
import { adminCredentials, startTestServer } from '../helpers/test-server';

reportMissingBrowser();

describe.skipIf(!hasChromium)('in Chromium: accounts and access', () => {
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

  it('makes and revokes a token, invites a colleague and gives them a role in a restricted collection', async () => {
    const page = await signIn(browser, server.url, adminCredentials);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.getByRole('link', { name: 'Access' }).click();
    await page.getByRole('heading', { name: 'Accounts and access' }).waitFor();

    // A token, shown once; it works until it is revoked.
    await page.locator('#token-name').fill('laptop script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.locator('.token-secret').textContent())!;
    expect(secret).toMatch(/^sij_/);
    const row = page.locator('tr', { hasText: 'laptop script' });
    await expect.poll(() => row.textContent()).toContain('active');
    expect(await row.textContent()).toContain('not used yet');
    const asToken = () => fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status);
    expect(await asToken()).toBe(200);
    // Its use is recorded, and shown once the list is read again.
    await page.reload();
    await expect.poll(() => row.textContent()).not.toContain('not used yet');
    await page.screenshot({ path: screenshotPath('access-token-last-used'), fullPage: true });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.textContent()).toContain('revoked');
    expect(await asToken()).toBe(401);

    // An invitation: a one-time token to hand over.
    await page.locator('#invite-email').fill('colleague@example.test');
    await page.locator('#invite-role').selectOption('researcher');
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.locator('.set-password-token').waitFor();
    const oneTime = (await page.locator('.set-password-token').textContent())!;
    await expect.poll(() => page.locator('tr[data-email="colleague@example.test"]').textContent()).toContain('invited');
    const set = await fetch(`${server.url}/api/auth/set-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: oneTime, password: 'the colleague chose this' }),
    });
    expect(set.status).toBe(200);

    // A restricted collection, and the colleague a translator in it (a researcher elsewhere).
    await page.locator('#collection-name').fill('Photographs 2013');
    await page.getByRole('button', { name: 'Create collection' }).click();
    const collection = page.locator('details[data-collection="Photographs 2013"]');
    await collection.locator('summary').click();
    await expect.poll(() => collection.locator('summary').textContent()).toContain('restricted');
    const colleagueId = await page.locator('.member-person option', { hasText: 'colleague@example.test' }).getAttribute('value');
    await collection.locator('.member-person').selectOption(colleagueId!);
    await collection.locator('.member-role').selectOption('translator');
    await collection.getByRole('button', { name: 'Add member' }).click();
    const member = collection.locator('tr[data-member="colleague@example.test"]');
    await member.waitFor();
    expect(await member.getByLabel('Role of colleague@example.test in this collection').inputValue()).toBe('translator');

    // What the colleague now has, as the server says.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'colleague@example.test', password: 'the colleague chose this' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const mine = (await (await fetch(`${server.url}/api/collections`, { headers: { cookie } })).json()) as { collections: Array<{ name: string; myRole: string }> };
    expect(mine.collections.find((c) => c.name === 'Photographs 2013')?.myRole).toBe('translator');

    // Made a manager, the colleague decides others' place there but not their own: their row is read-only.
    await member.getByLabel('colleague@example.test manages this collection').check();
    await expect.poll(() => fetch(`${server.url}/api/collections`, { headers: { cookie } }).then(async (r) => ((await r.json()) as { collections: Array<{ name: string; canManage: boolean }> }).collections.find((c) => c.name === 'Photographs 2013')?.canManage)).toBe(true);
    const managerPage = await signIn(browser, server.url, { email: 'colleague@example.test', password: 'the colleague chose this' });
    await managerPage.goto(`${server.url}/access`);
    const managed = managerPage.locator('details[data-collection="Photographs 2013"]');
    await managed.locator('summary').click();
    const own = managed.locator('tr[data-member="colleague@example.test"]');
    await own.waitFor();
    expect(await own.getByLabel('Role of colleague@example.test in this collection').isDisabled()).toBe(true);
    expect(await own.getByLabel('colleague@example.test manages this collection').isDisabled()).toBe(true);
    expect(await own.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    await managerPage.screenshot({ path: screenshotPath('access-manager-own-row'), fullPage: true });
    await managerPage.context().close();

    // In Arabic, the same page, right to left.
    await page.evaluate(() => localStorage.setItem('sijill.lang', 'ar'));
    await page.reload();
    await page.getByRole('heading', { name: 'الحسابات والوصول' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.screenshot({ path: screenshotPath('access-ar'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
