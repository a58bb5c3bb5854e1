import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; never a browser download. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);
export const artifactsDir = join(import.meta.dirname, '..', 'artifacts');

export function reportMissingBrowser() {
  if (hasChromium) return;
  const message = `Browser tests skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium).`;
  // In CI a missing browser is a failure, not a skip.
  if (process.env.CI) throw new Error(`${message} CI must run them.`);
  console.warn(message);
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const screenshotPath = (name: string) => join(artifactsDir, `${name}.png`);

/** A fresh browser context signed in through the login page, optionally with the UI in Arabic. */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  who: { email: string; password: string },
  opts: { uiLanguage?: 'en' | 'ar'; locale?: string; viewport?: { width: number; height: number } } = {},
) {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1400, height: 950 },
    locale: opts.locale ?? 'en-US',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  if (opts.uiLanguage === 'ar') {
    await page.evaluate(() => localStorage.setItem('sijill.lang', 'ar'));
    await page.reload();
  }
  await page.locator('input[type=email]').fill(who.email);
  await page.locator('input[type=password]').fill(who.password);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.locator('h1').first().waitFor();
  return page;
}
