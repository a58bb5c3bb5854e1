/**
 * npm run bench:ocr [-- DIR] [--model fast|best] [--workers N] [--limit N] [--no-stock] [--stock-psm N] [--per-page] [--save DIR] [--json FILE]
 *
 * Runs Sijill's page pipeline over every image in DIR (recursively) that has NAME.txt ground
 * truth beside it and prints CER, WER, pages/s and peak RSS; when the `tesseract` binary is
 * installed it runs stock Tesseract (`-l ara`, default settings, no preprocessing, N processes
 * at once) on the same pages and prints the same figures and the ratios.
 *
 * Sijill runs in a child process so its peak RSS is its own (tesseract.js workers are threads
 * of that process). Pages/s counts wall time from the first page submitted to the last page
 * done, with the worker pool already started (a server keeps its pool); pool start-up is
 * printed separately. Stock Tesseract is timed the same way over its N processes; its peak RSS
 * is the largest sum of the N processes' resident memory, sampled every 20 ms.
 * CPU time per page (user + system, all threads; /usr/bin/time for stock) is printed too: on a
 * machine shared with other work, wall-clock throughput measures the neighbours as much as the
 * OCR, and the CPU-time ratio is the throughput ratio two dedicated cores would give.
 * Below the table: numbers read exactly (`numberMatches`) and the CER as search sees the text
 * (`searchScore`: the Arabic normalizer's folding, line breaks as spaces).
 */
import { spawn, execFileSync, fork } from 'node:child_process';
import { readdirSync, readFileSync, statSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { addScores, cer, correctWords, normalizeForScoring, numberMatches, score, searchScore, wer, type Score } from './metrics.ts';

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.pdf']);

type PageResult = {
  file: string;
  text: string;
  words: { text: string; confidence: number; flagged: boolean }[];
  ms: number;
  /** Sijill only: whose layout the page was read with (the guard's choice) and the turn applied. */
  layout?: 'sijill' | 'tesseract';
  quarterTurns?: number;
};
type RunResult = { pages: PageResult[]; wallMs: number; startupMs: number; peakRssBytes: number; label: string; cpuMs: number };

function findPages(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (IMAGE_EXT.has(extname(name).toLowerCase()) && existsSync(join(d, basename(name, extname(name)) + '.txt'))) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Corpus pages whose ground truth has a last line the image lacks (see corpus-absent-lines.json). */
let absent: { lastLine: string; pages: string[] } | null = null;
const truthOf = (file: string) => {
  const text = readFileSync(join(dirname(file), basename(file, extname(file)) + '.txt'), 'utf8');
  const key = `${basename(dirname(file))}/${basename(file, extname(file))}`;
  if (!absent || !absent.pages.includes(key)) return text;
  const lines = text.trimEnd().split('\n');
  return lines.at(-1)?.trim() === absent.lastLine ? lines.slice(0, -1).join('\n') + '\n' : text;
};

// ---- child: Sijill pipeline ----
async function runChild(files: string[], opts: { model: 'fast' | 'best'; workers: number; variant: string }) {
  const { createOcrEngine } = await import('../engine.ts');
  const { transcribePage } = await import('../pipeline.ts');
  const { sniff } = await import('../source.ts');
  const t0 = performance.now();
  const variant = opts.variant ? (JSON.parse(opts.variant) as Record<string, unknown>) : {};
  const engine = await createOcrEngine({ workers: opts.workers, model: opts.model, ...variant });
  const startupMs = performance.now() - t0;
  const pages: PageResult[] = new Array(files.length);
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  await Promise.all(
    Array.from({ length: engine.size }, async () => {
      while (next < files.length) {
        const i = next++;
        const file = files[i]!;
        const bytes = new Uint8Array(readFileSync(file));
        const s = sniff(bytes);
        if (!('kind' in s)) throw new Error(`not an image: ${file}`);
        const p0 = performance.now();
        const { result } = await transcribePage(engine, bytes, s.kind, 0);
        pages[i] = {
          file,
          text: result.lines.map((l) => l.text).join('\n'),
          words: result.lines.flatMap((l) => l.words.map((w) => ({ text: w.text, confidence: w.confidence, flagged: !!w.flagged }))),
          ms: performance.now() - p0,
          layout: result.layout,
          quarterTurns: result.quarterTurns,
        };
      }
    }),
  );
  const wallMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  await engine.close();
  const label = `Sijill (tesseract.js, ${opts.model}, ${engine.size} workers)`;
  const res: RunResult = { pages, wallMs, startupMs, peakRssBytes: process.resourceUsage().maxRSS * 1024, label, cpuMs: (cpu.user + cpu.system) / 1000 };
  process.send!(res);
}

function runSijill(files: string[], model: string, workers: number, variant: string): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', '--model', model, '--workers', String(workers), '--variant', variant], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: RunResult | null = null;
    child.on('message', (m) => (result = m as RunResult));
    child.send(files);
    child.on('exit', (code) => (result ? resolvePromise(result) : reject(new Error(`Sijill child exited with ${code}`))));
  });
}

// ---- stock tesseract ----
/** --stock-psm: stock Tesseract's page segmentation mode (7 for single-line images); default its own (3) */
let stockPsm: string | undefined;
function hasTesseract(): boolean {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Resident memory of a process and its children (tesseract runs under /usr/bin/time). */
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    let rss = m ? Number(m[1]) * 1024 : 0;
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    for (const k of kids ? kids.split(/\s+/) : []) rss += rssOf(Number(k));
    return rss;
  } catch {
    return 0;
  }
}

async function runStock(files: string[], procs: number, tessdata: string | null = null): Promise<RunResult> {
  const pages: PageResult[] = new Array(files.length);
  const live = new Set<number>();
  let peak = 0;
  let cpuMs = 0;
  const sampler = setInterval(() => {
    let sum = 0;
    for (const pid of live) sum += rssOf(pid);
    peak = Math.max(peak, sum);
  }, 20);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: procs }, async () => {
      while (next < files.length) {
        const i = next++;
        const file = files[i]!;
        const p0 = performance.now();
        const text = await new Promise<string>((res, rej) => {
          // one OpenMP thread per process: with N processes on N cores this is tesseract's fastest
          // setting (its default threading oversubscribes the cores and runs ~4x slower here)
          // /usr/bin/time reports the CPU time each process used (for the CPU-time comparison)
          const timed = existsSync('/usr/bin/time');
          const args = [file, 'stdout', '-l', 'ara', ...(tessdata ? ['--tessdata-dir', tessdata] : []), ...(stockPsm ? ['--psm', stockPsm] : [])];
          const c = timed
            ? spawn('/usr/bin/time', ['-f', '@cpu %U %S', 'tesseract', ...args], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } })
            : spawn('tesseract', args, { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
          if (c.pid) live.add(c.pid);
          let out = '';
          c.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
          let err = '';
          c.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
          c.on('error', rej);
          c.on('exit', () => {
            if (c.pid) live.delete(c.pid);
            const m = /@cpu ([\d.]+) ([\d.]+)/.exec(err);
            if (m) cpuMs += (Number(m[1]) + Number(m[2])) * 1000;
            res(out);
          });
        });
        pages[i] = { file, text, words: [], ms: performance.now() - p0 };
      }
    }),
  );
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  return {
    pages,
    wallMs,
    startupMs: 0,
    peakRssBytes: peak,
    label: `stock tesseract CLI (ara ${tessdata ? "model from Sijill's @tesseract.js-data" : 'from the system tessdata'}${stockPsm ? `, --psm ${stockPsm}` : ''}, ${procs} processes)`,
    cpuMs,
  };
}

// ---- report ----
type Group = { name: string; files: Set<string> };

function groupsFor(root: string, files: string[]): Group[] {
  const groups = new Map<string, Set<string>>();
  const add = (name: string, f: string) => {
    if (!groups.has(name)) groups.set(name, new Set());
    groups.get(name)!.add(f);
  };
  for (const f of files) {
    const folder = relative(root, dirname(f)) || '.';
    add(folder, f);
    // halves by document number: on the sample corpus the even-numbered documents were used
    // for tuning and the odd ones held out
    const m = /(\d+)\D*$/.exec(basename(f, extname(f)));
    if (m) add(`${folder} ${Number(m[1]) % 2 === 0 ? 'even' : 'odd'}`, f);
    add('all', f);
  }
  return [...groups].map(([name, set]) => ({ name, files: set }));
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

function scoresOf(run: RunResult): Map<string, Score> {
  return new Map(run.pages.map((p) => [p.file, score(p.text, truthOf(p.file))]));
}

function flagStats(run: RunResult, files: Set<string>) {
  let words = 0, wrong = 0, flagged = 0, flaggedWrong = 0;
  for (const p of run.pages) {
    if (!files.has(p.file)) continue;
    const hyp = p.words.map((w) => normalizeForScoring(w.text)).filter(Boolean);
    const flags = p.words.filter((w) => normalizeForScoring(w.text)).map((w) => w.flagged);
    const ref = normalizeForScoring(truthOf(p.file)).split(/\s+/).filter(Boolean);
    const ok = correctWords(hyp, ref);
    ok.forEach((good, i) => {
      words++;
      if (!good) wrong++;
      if (flags[i]) {
        flagged++;
        if (!good) flaggedWrong++;
      }
    });
  }
  return { words, wrong, flagged, flaggedWrong };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      child: { type: 'boolean', default: false },
      model: { type: 'string', default: 'fast' },
      workers: { type: 'string', default: String(Math.min(2, availableParallelism())) },
      limit: { type: 'string' },
      'no-stock': { type: 'boolean', default: false },
      'per-page': { type: 'boolean', default: false },
      'stock-psm': { type: 'string' },
      'no-same-model': { type: 'boolean', default: false },
      save: { type: 'string' },
      json: { type: 'string' },
      variant: { type: 'string', default: '' },
      only: { type: 'string' },
      'exclude-absent': { type: 'boolean', default: false },
    },
  });
  const model = values.model === 'best' ? 'best' : 'fast';
  const workers = Number(values.workers);
  if (values.child) {
    process.once('message', (files) => {
      runChild(files as string[], { model, workers, variant: values.variant }).catch((e) => {
        console.error(e);
        process.exit(1);
      });
    });
    return;
  }
  const root = resolve(positionals[0] ?? 'tests/fixtures/corpus');
  if (values['exclude-absent']) {
    absent = JSON.parse(readFileSync(fileURLToPath(new URL('./corpus-absent-lines.json', import.meta.url)), 'utf8'));
    console.log(`--exclude-absent: ground truth of ${absent!.pages.length} corpus pages loses its last line, which their images do not contain`);
  }
  let files = findPages(root);
  if (values.only) files = files.filter((f) => f.includes(values.only!));
  if (values.limit) files = files.slice(0, Number(values.limit));
  if (!files.length) {
    console.error(`No images with NAME.txt ground truth under ${root}.`);
    process.exit(2);
  }
  console.log(`bench:ocr  ${files.length} pages under ${relative(process.cwd(), root) || '.'}  (${availableParallelism()} cores)`);
  const runs: RunResult[] = [];
  runs.push(await runSijill(files, model, workers, values.variant));
  stockPsm = values['stock-psm'];
  if (!values['no-stock'] && hasTesseract()) {
    runs.push(await runStock(files, workers));
    if (!values['no-same-model']) {
      // the same traineddata Sijill uses, unpacked for the native binary: the speed comparison
      const dir = join(tmpdir(), `sijill-bench-tessdata-${model}`);
      mkdirSync(dir, { recursive: true });
      const { createRequire } = await import('node:module');
      const pkg = createRequire(import.meta.url)('@tesseract.js-data/ara') as { langPath: string };
      const gz = join(pkg.langPath.replace(/4\.0\.0(_best_int)?$/, model === 'best' ? '4.0.0_best_int' : '4.0.0'), 'ara.traineddata.gz');
      writeFileSync(join(dir, 'ara.traineddata'), gunzipSync(readFileSync(gz)));
      runs.push(await runStock(files, workers, dir));
    }
  }
  else if (!values['no-stock']) console.log('(tesseract binary not found: stock comparison skipped)');

  const groups = groupsFor(root, files);
  const scores = runs.map(scoresOf);
  const rows: string[][] = [['set', 'pages', ...runs.flatMap((_, i) => [`CER[${i + 1}]`, `WER[${i + 1}]`]), ...(runs.length > 1 ? ['CER 1/2'] : [])]];
  const summary: Record<string, unknown> = {};
  for (const g of groups) {
    const per = scores.map((s) => addScores([...g.files].map((f) => s.get(f)!)));
    rows.push([
      g.name,
      String(g.files.size),
      ...per.flatMap((s) => [pct(cer(s)), pct(wer(s))]),
      ...(per.length > 1 ? [(cer(per[0]!) / Math.max(1e-9, cer(per[1]!))).toFixed(2)] : []),
    ]);
    summary[g.name] = per.map((s) => ({ cer: cer(s), wer: wer(s), ...s }));
  }
  console.log();
  runs.forEach((r, i) => console.log(`[${i + 1}] ${r.label}`));
  console.log('(sample corpus: even-numbered documents were used for tuning, odd-numbered ones were held out)');
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  console.log();
  for (const [i, r] of runs.entries()) {
    const pps = r.pages.length / (r.wallMs / 1000);
    console.log(
      `[${i + 1}] ${pps.toFixed(3)} pages/s (${(r.wallMs / 1000).toFixed(1)} s wall, mean ${(r.pages.reduce((a, p) => a + p.ms, 0) / r.pages.length / 1000).toFixed(2)} s/page)` +
        `  CPU ${(r.cpuMs / r.pages.length / 1000).toFixed(2)} s/page` +
        `  peak RSS ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB` +
        (r.startupMs ? `  pool start ${(r.startupMs / 1000).toFixed(2)} s` : ''),
    );
  }
  if (runs.length > 1) {
    // CER against stock with the system model; speed against stock with Sijill's own model
    const a = runs[0]!;
    const b = runs[runs.length - 1]!;
    const speed = a.pages.length / a.wallMs / (b.pages.length / b.wallMs);
    const cpuSpeed = b.cpuMs / b.pages.length / (a.cpuMs / a.pages.length);
    console.log(
      `throughput ratio Sijill/stock: ${speed.toFixed(2)}× wall-clock, ${cpuSpeed.toFixed(2)}× by CPU time per page` +
        ` (vs [${runs.length}])   CER ratio (all, vs [2]): ${(cer(addScores([...scores[0]!.values()])) / cer(addScores([...scores[1]!.values()]))).toFixed(2)}`,
    );
  }
  {
    const own = runs[0]!.pages;
    const guarded = own.filter((p) => p.layout === 'tesseract').length;
    const turned = own.filter((p) => p.quarterTurns).length;
    console.log(`[1] layout: Sijill's own on ${own.length - guarded} pages, Tesseract's (guard) on ${guarded}; turned before reading: ${turned}`);
  }
  if (values['per-page']) {
    const per = runs.map(scoresOf);
    const byFile = new Map(runs[0]!.pages.map((p) => [p.file, p]));
    console.log(`\nper page CER: ${runs.map((_, i) => `[${i + 1}]`).join(' ')}  ([1]'s layout, quarter turns)`);
    for (const f of files) {
      const p = byFile.get(f);
      console.log(`  ${relative(root, f)}  ${per.map((m) => { const sc = m.get(f); return sc ? pct(sc.charErrors / Math.max(1, sc.chars)) : '-'; }).join('  ')}  ${p?.layout ?? ''} ${p?.quarterTurns ?? ''}`);
    }
  }
  // numbers carry file numbers, dates and counts: a wrong one is the costliest error
  runs.forEach((r, i) => {
    const n = r.pages.reduce((a, p) => {
      const m = numberMatches(p.text, truthOf(p.file));
      return { found: a.found + m.found, reference: a.reference + m.reference, written: a.written + m.written };
    }, { found: 0, reference: 0, written: 0 });
    console.log(`[${i + 1}] numbers: ${n.found} of the transcription's ${n.reference} read exactly; ${n.written} numbers written`);
  });
  // transcription conventions (added hamzas, diacritics, paragraphs on one line) cost nothing here
  const searched = runs.map((r) => cer(addScores(r.pages.map((p) => searchScore(p.text, truthOf(p.file))))));
  console.log(
    `CER as search sees it (normalizeArabic, line breaks as spaces): ${searched.map((c, i) => `[${i + 1}] ${pct(c)}`).join('  ')}` +
      (searched.length > 1 ? `   ratio [1]/[2]: ${(searched[0]! / searched[1]!).toFixed(2)}` : ''),
  );
  const fs = flagStats(runs[0]!, new Set(files));
  console.log(
    `confidence flags (word conf < threshold): ${fs.flagged}/${fs.words} words flagged (${pct(fs.flagged / Math.max(1, fs.words))}); ` +
      `${fs.flaggedWrong}/${fs.wrong} wrong words flagged (recall ${pct(fs.flaggedWrong / Math.max(1, fs.wrong))}); ` +
      `precision ${pct(fs.flaggedWrong / Math.max(1, fs.flagged))}`,
  );
  if (values.save) {
    for (const [i, r] of runs.entries()) {
      const dir = join(values.save, String(i + 1));
      mkdirSync(dir, { recursive: true });
      for (const p of r.pages) writeFileSync(join(dir, basename(p.file, extname(p.file)) + '.txt'), p.text);
      writeFileSync(join(dir, 'words.json'), JSON.stringify(r.pages.map((p) => ({ file: relative(root, p.file), words: p.words }))));
    }
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ summary, runs: runs.map((r) => ({ label: r.label, wallMs: r.wallMs, pages: r.pages.length, peakRssBytes: r.peakRssBytes, startupMs: r.startupMs })), flags: fs }, null, 1));
}

await main();
