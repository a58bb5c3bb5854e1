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
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const screenshotPath = (name: string) => join(artifactsDir, `${name}.png`);
