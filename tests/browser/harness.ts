// A running Sijill (real HTTP server, OCR workers, the built web app) on a fresh database, and
// headless Chromium to drive it. Debian's Chromium by default; CHROMIUM_PATH overrides.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../api/config';
import { startSijill, type RunningSijill } from '../../api/server';
import { createTestDatabase } from '../helpers/test-db';

export const admin = { email: 'admin@example.test', password: 'correct horse battery staple' };

/** Screenshots are kept for people to look at (CI collects SIJILL_ARTIFACTS). */
export const artifactsDir = process.env.SIJILL_ARTIFACTS ?? join(tmpdir(), 'sijill-browser-artifacts');
mkdirSync(artifactsDir, { recursive: true });

export async function startStack() {
  const testDb = await createTestDatabase();
  const sijill: RunningSijill = await startSijill(
    loadConfig({
      DATA_DIR: testDb.dataDir,
      DATABASE_URL: testDb.databaseUrl ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      OCR_WORKERS: '1',
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    }),
  );
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    url: sijill.url,
    browser,
    /** A fresh browser profile (its own cookies and localStorage), signed in as admin. */
    async signedInPage(viewport = { width: 1400, height: 900 }): Promise<Page> {
      const context = await browser.newContext({ viewport, locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(`${sijill.url}/login`);
      await page.getByLabel('Email').fill(admin.email);
      await page.getByLabel('Password').fill(admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor();
      return page;
    },
    async close() {
      await browser.close();
      await sijill.close();
      await testDb.destroy();
    },
  };
}

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: false });
