// npm run bench:editor — how fast the editor is on a 20-page, 600-line document.
//
// Starts the whole server (embedded Postgres in a temporary data directory, no OCR workers),
// seeds the document through the API and the db functions (tests/helpers/seed-editor.ts),
// opens it in Debian's Chromium through playwright-core and prints:
//   - open time: navigation start → the first line's field has the focus and takes input
//     (cold: first visit, empty cache; warm: median of later visits);
//   - keystroke-to-paint: keydown → the next frame after the field changed, p50/p95 over
//     many keystrokes, and the same for Alt+↓ (next line), both while saves run behind;
//   - the bundle's size, gzipped (fonts excluded; the app ships none): what the editor page
//     loads first, and every chunk together.
// SIJILL_SKIP_WEB_BUILD=1 reuses web/dist; BENCH_KEYS sets the number of keystrokes.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { signedInHintCookie } from '../../api/auth/signed-in-hint';
import { loadConfig } from '../../api/config';
import { startSijill } from '../../api/server';
import { chromiumPath, launchChromium } from '../../tests/helpers/browser';
import { login, seedEditorDocument } from '../../tests/helpers/seed-editor';

const PAGES = 20;
const LINES_PER_PAGE = 30;
const KEYS = Number(process.env.BENCH_KEYS ?? 300);
const OPENS = 6;

const webDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = join(webDir, 'dist');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Gzipped sizes: the entry page's own scripts and styles, and every asset. */
function bundleSizes() {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const initialFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const gz = (file: string) => gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length;
  const assets = readdirSync(join(distDir, 'assets')).filter((f) => /\.(js|css)$/.test(f));
  const fonts = readdirSync(join(distDir, 'assets')).filter((f) => /\.(woff2?|ttf|otf)$/.test(f));
  return {
    initial: initialFiles.reduce((n, f) => n + gz(f), 0),
    initialFiles,
    all: assets.reduce((n, f) => n + gz(`assets/${f}`), 0),
    allRaw: assets.reduce((n, f) => n + statSync(join(distDir, 'assets', f)).size, 0),
    chunks: assets.length,
    fontsExcluded: fonts.length,
  };
}

async function main() {
  if (process.env.SIJILL_SKIP_WEB_BUILD !== '1') {
    await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sijill-bench-editor-'));
  const admin = { email: 'bench@example.test', password: 'bench-password-123' };
  const config = {
    ...loadConfig({ DATA_DIR: dataDir, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, SIJILL_LOG: 'silent' }),
    port: 0,
    host: '127.0.0.1',
    ocrWorkers: 0,
  };
  process.env.SIJILL_LOG = 'silent';
  const server = await startSijill(config);
  const browser = await launchChromium();
  try {
    const cookie = await login(server.url, admin.email, admin.password);
    const t0 = performance.now();
    const doc = await seedEditorDocument(server, cookie, { pages: PAGES, linesPerPage: LINES_PER_PAGE, title: 'Bench: 600 lines' });
    const seedMs = performance.now() - t0;
    const lineCount = doc.lines.flat().length;

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const [name, value] = cookie.split('=') as [string, string];
    // As the sign-in form leaves them: the session, and the hint that there is one.
    await context.addCookies([
      { name, value, url: server.url },
      { name: signedInHintCookie, value: '1', url: server.url },
    ]);
    const page = await context.newPage();
    const url = `${server.url}/documents/${doc.documentId}`;

    // ---- open time
    const opens: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      await page.goto('about:blank');
      await page.goto(url, { waitUntil: 'commit' });
      const at = await page.waitForFunction(
        () => {
          const el = document.activeElement;
          return el instanceof HTMLTextAreaElement && el.lang === 'ar' && el.value.length > 0 ? performance.now() : false;
        },
        null,
        { polling: 'raf', timeout: 20_000 },
      );
      opens.push((await at.jsonValue()) as number);
    }
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd, rows: document.querySelectorAll('.seg-row').length };
    });

    // ---- keystroke → paint
    await page.evaluate(() => {
      const w = window as unknown as { __lat: { kind: string; ms: number }[] };
      w.__lat = [];
      document.addEventListener(
        'keydown',
        (e) => {
          const kind = e.altKey ? 'move' : 'type';
          const start = e.timeStamp;
          // rAF runs before the frame that shows the change; the task after it runs once that
          // frame has been produced: the usual way to time input → next paint from a page.
          requestAnimationFrame(() => setTimeout(() => w.__lat.push({ kind, ms: performance.now() - start }), 0));
        },
        { capture: true },
      );
    });
    // Latin letters and digits (real key events on a US layout) typed into the Arabic lines:
    // mixed lines are the harder case for layout.
    const letters = 'Branch 235 Saydnaya 2016 ';
    for (let i = 0; i < KEYS; i++) {
      await page.keyboard.type(letters[i % letters.length]!);
      if (i % 10 === 9) await page.keyboard.press('Alt+ArrowDown');
    }
    await page.waitForTimeout(300);
    const lat = await page.evaluate(() => (window as unknown as { __lat: { kind: string; ms: number }[] }).__lat);
    const typing = lat.filter((l) => l.kind === 'type').map((l) => l.ms);
    const moving = lat.filter((l) => l.kind === 'move').map((l) => l.ms);
    // Everything typed reaches the server (autosave) — the bench would hide lost work otherwise.
    await page.getByText('All changes saved').waitFor({ timeout: 20_000 });

    const bundle = bundleSizes();
    const cold = opens[0]!;
    const warm = opens.slice(1);
    const report = {
      document: { pages: PAGES, lines: lineCount, seedMs: Math.round(seedMs) },
      open: { coldMs: +cold.toFixed(1), warmMedianMs: +percentile(warm, 50).toFixed(1), warmMaxMs: +Math.max(...warm).toFixed(1), domContentLoadedMs: +nav.domContentLoaded.toFixed(1), rowsRendered: nav.rows },
      keystrokeToPaint: { samples: typing.length, p50Ms: +percentile(typing, 50).toFixed(1), p95Ms: +percentile(typing, 95).toFixed(1), maxMs: +Math.max(...typing).toFixed(1) },
      nextLineToPaint: { samples: moving.length, p50Ms: +percentile(moving, 50).toFixed(1), p95Ms: +percentile(moving, 95).toFixed(1) },
      bundleGzip: { editorFirstLoadBytes: bundle.initial, allChunksBytes: bundle.all, chunks: bundle.chunks, fontsExcluded: bundle.fontsExcluded },
      browser: chromiumPath,
    };
    console.log(`Editor bench — ${PAGES} pages, ${lineCount} lines (seeded in ${Math.round(seedMs)} ms), Chromium ${browser.version()}`);
    console.log(`  open → first line interactive: cold ${ms(cold)}, warm median ${ms(percentile(warm, 50))} (max ${ms(Math.max(...warm))}); DOMContentLoaded ${ms(nav.domContentLoaded)}; ${nav.rows} rows on the page`);
    console.log(`  keystroke → paint: p50 ${ms(percentile(typing, 50))}, p95 ${ms(percentile(typing, 95))}, max ${ms(Math.max(...typing))} (${typing.length} keys)`);
    console.log(`  next line (Alt+↓) → paint: p50 ${ms(percentile(moving, 50))}, p95 ${ms(percentile(moving, 95))} (${moving.length} moves)`);
    console.log(`  bundle, gzipped: editor first load ${kb(bundle.initial)} (${bundle.initialFiles.join(', ')}); all ${bundle.chunks} chunks ${kb(bundle.all)} (raw ${kb(bundle.allRaw)}); fonts excluded: ${bundle.fontsExcluded}`);
    console.log(JSON.stringify(report));
    await context.close();
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
