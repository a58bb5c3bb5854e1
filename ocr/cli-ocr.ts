/**
 * `sijill ocr FILE... [--out DIR] [--json]`: OCR without a server or database, through the
 * same page pipeline as the server (transcribePage).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createOcrEngine, type ModelKind } from './engine.ts';
import { inspectSource } from './source.ts';
import { transcribePage } from './pipeline.ts';
import type { OcrEngine, PageTranscription, RenderedPage, SourceInfo } from './types.ts';

const USAGE = `Usage: sijill ocr FILE... [--out DIR] [--json] [--workers N] [--model fast|best]

Recognises the Arabic text of scans (JPEG, PNG, TIFF, PDF) without a server.
  (no --out)     print the text to standard output; pages are separated by a form feed
  --out DIR      write DIR/NAME.txt for each FILE
  --json         with --out, also write DIR/NAME.json (lines, boxes, confidences)
  --workers N    recognisers to run in parallel (default: number of cores)
  --model M      fast (default) or best
`;

type PageOut = { page: RenderedPage; result: PageTranscription };

function pageText(p: PageOut): string {
  return p.result.lines.map((l) => l.text).join('\n');
}

function jsonFor(file: string, info: SourceInfo, pages: PageOut[]) {
  return {
    file: basename(file),
    kind: info.kind,
    mime: info.mime,
    pageCount: info.pageCount,
    metadata: info.metadata,
    pages: pages.map((p, index) => ({
      index,
      width: p.page.width,
      height: p.page.height,
      dpi: p.page.dpi,
      source: p.result.source,
      engine: p.result.engine,
      model: p.result.model,
      meanConfidence: p.result.meanConfidence,
      durationMs: p.result.durationMs,
      flagThreshold: p.result.flagThreshold ?? null,
      lines: p.result.lines,
    })),
  };
}

export async function runOcrCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
        workers: { type: 'string' },
        model: { type: 'string', default: 'fast' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`sijill ocr: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals: files } = args;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (files.length === 0) {
    process.stderr.write(`sijill ocr: no FILE given.\n\n${USAGE}`);
    return 2;
  }
  if (values.json && !values.out) {
    process.stderr.write('sijill ocr: --json needs --out DIR (the JSON goes to DIR/NAME.json).\n');
    return 2;
  }
  if (values.model !== 'fast' && values.model !== 'best') {
    process.stderr.write(`sijill ocr: --model must be fast or best.\n`);
    return 2;
  }
  const workers = values.workers ? Number(values.workers) : undefined;
  if (workers !== undefined && !(Number.isInteger(workers) && workers > 0)) {
    process.stderr.write('sijill ocr: --workers must be a positive whole number.\n');
    return 2;
  }
  if (values.out) await mkdir(values.out, { recursive: true });

  let engine: OcrEngine | null = null;
  let enginePromise: Promise<OcrEngine> | null = null;
  const getEngine = () => (enginePromise ??= createOcrEngine({ workers, model: values.model as ModelKind }).then((e) => (engine = e)));
  const usedNames = new Set<string>();
  let failures = 0;
  try {
    for (const file of files) {
      try {
        const bytes = new Uint8Array(await readFile(file));
        const info = await inspectSource(bytes);
        const eng = await getEngine();
        // pages run in parallel up to the pool size, results kept in page order
        const pages: PageOut[] = new Array(info.pageCount);
        let next = 0;
        await Promise.all(
          Array.from({ length: Math.min(eng.size, info.pageCount) }, async () => {
            while (next < info.pageCount) {
              const i = next++;
              pages[i] = await transcribePage(eng, bytes, info.kind, i);
            }
          }),
        );
        const text = pages.map(pageText).join('\n\f\n') + '\n';
        if (!values.out) {
          if (files.length > 1) process.stdout.write(`==> ${file} <==\n`);
          process.stdout.write(text);
          continue;
        }
        let name = basename(file, extname(file));
        for (let n = 2; usedNames.has(name); n++) name = `${basename(file, extname(file))}-${n}`;
        usedNames.add(name);
        await writeFile(join(values.out, `${name}.txt`), text);
        if (values.json) await writeFile(join(values.out, `${name}.json`), JSON.stringify(jsonFor(file, info, pages), null, 1) + '\n');
        process.stderr.write(`${file}: ${info.pageCount} page(s) → ${join(values.out, name)}.txt\n`);
      } catch (e) {
        failures++;
        const msg = e instanceof Error ? e.message : String(e);
        process.stderr.write(`sijill ocr: ${file}: ${msg}\n`);
      }
    }
  } finally {
    await (engine as OcrEngine | null)?.close();
  }
  return failures ? 1 : 0;
}
