import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import sharp from 'sharp';
import { join } from 'node:path';
import { createOcrEngine, inspectSource, transcribePage, type OcrEngine } from '../../ocr/index.ts';
import { runOcrCommand } from '../../ocr/cli-ocr.ts';
import { cer, score } from '../../ocr/bench/metrics.ts';
import { CELL_SEPARATOR } from '../../ocr/layout.ts';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'corpus', 'clean', 'doc-01-000.jpg');

describe('OCR on a sample page', () => {
  let engine: OcrEngine;
  beforeAll(async () => {
    engine = await createOcrEngine({ workers: 1 });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('reads the Arabic lines in order with a low character error rate', async () => {
    const bytes = new Uint8Array(await readFile(fixture));
    const info = await inspectSource(bytes);
    const { page, result } = await transcribePage(engine, bytes, info.kind, 0);
    const truth = await readFile(fixture.replace(/\.jpg$/, '.txt'), 'utf8');
    const text = result.lines.map((l) => l.text).join('\n');
    // stock Tesseract gets about 11% of this page wrong (it misreads the Arabic-Indic date)
    expect(cer(score(text, truth))).toBeLessThan(0.05);
    expect(text).toContain('٤/٥/٢٠١٦');
    expect(result).toMatchObject({ source: 'ocr', engine: expect.stringMatching(/^tesseract\.js /), model: 'ara fast' });
    expect(result.meanConfidence).toBeGreaterThan(50);
    // reading order: top to bottom; boxes inside the page, words inside their line
    const ys = result.lines.map((l) => l.box.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    for (const line of result.lines) {
      expect(line.box.x).toBeGreaterThanOrEqual(0);
      expect(line.box.x + line.box.w).toBeLessThanOrEqual(page.width);
      expect(line.box.y + line.box.h).toBeLessThanOrEqual(page.height);
      for (const w of line.words) {
        expect(w.confidence).toBeGreaterThanOrEqual(0);
        expect(w.confidence).toBeLessThanOrEqual(100);
        expect(w.box.y + w.box.h / 2).toBeGreaterThan(line.box.y - 2);
        expect(w.box.y + w.box.h / 2).toBeLessThan(line.box.y + line.box.h + 2);
      }
      // right to left: the first word of a line lies to the right of its last
      if (line.words.length > 1) expect(line.words[0]!.box.x).toBeGreaterThan(line.words.at(-1)!.box.x);
    }
  }, 60_000);

  it('reads a Latin word inside an Arabic line (generated page, font not in the digit templates)', async () => {
    // the Arabic model writes «Samsung» as «905000»: the line goes to the English model
    const samsung = await engine.recognize(await readFile(join(import.meta.dirname, '..', '..', 'ocr', 'bench', 'unseen', 'gen-010.jpg')));
    expect(samsung.lines.map((l) => l.text).join('\n')).toContain('Samsung');
    const page = join(import.meta.dirname, '..', '..', 'ocr', 'bench', 'unseen', 'gen-001.jpg');
    const r = await engine.recognize(await readFile(page));
    const line = r.lines.find((l) => l.text.includes('سيارة'));
    expect(line?.text).toContain('Kia');
    const truth = await readFile(page.replace(/\.jpg$/, '.txt'), 'utf8');
    expect(cer(score(r.lines.map((l) => l.text).join('\n'), truth))).toBeLessThan(0.08);
  }, 60_000);

  it('reads a two-column letterhead block by block and a table one row per line (generated layout page)', async () => {
    // layout-003: right block (2 lines) beside left block (3 lines), then a ruled detainee table
    const page = join(import.meta.dirname, '..', '..', 'ocr', 'bench', 'layout', 'layout-003.jpg');
    const r = await engine.recognize(await readFile(page));
    const truth = (await readFile(page.replace(/\.jpg$/, '.txt'), 'utf8')).trimEnd().split('\n');
    const lines = r.lines.map((l) => l.text);
    expect(lines).toHaveLength(truth.length);
    // letterhead: the whole right block first, then the left block
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect([at('الجمهورية'), at('وزارة'), at('الرقم:'), at('التاريخ:'), at('المرفقات:')]).toEqual([0, 1, 2, 3, 4]);
    // table: header row, then rows 1..12 in order, each with as many cells as the ground truth
    const first = truth.findIndex((l) => l.includes(CELL_SEPARATOR));
    for (let i = first; i < truth.length - 1; i++) {
      expect(lines[i]!.split(CELL_SEPARATOR)).toHaveLength(truth[i]!.split(CELL_SEPARATOR).length);
      expect(lines[i]!.split(CELL_SEPARATOR)[0]).toBe(truth[i]!.split(CELL_SEPARATOR)[0]);
    }
    expect(cer(score(lines.join('\n'), truth.join('\n')))).toBeLessThan(0.03);
    // a table row's box covers its words, in page coordinates
    const row = r.lines[first + 1]!;
    for (const w of row.words) {
      expect(w.box.x).toBeGreaterThanOrEqual(row.box.x);
      expect(w.box.x + w.box.w).toBeLessThanOrEqual(row.box.x + row.box.w + 0.5);
    }
  }, 60_000);

  it('re-reads a table column of lone numbers with the digit reader (generated layout page, Noto Kufi, not in the digit templates)', async () => {
    // layout-011: the recogniser alone reads the number column's ٣ ٤ ٥ ٧ as «©», «؛», «0», «لا»
    const page = join(import.meta.dirname, '..', '..', 'ocr', 'bench', 'layout', 'layout-011.jpg');
    const r = await engine.recognize(await readFile(page));
    const truth = (await readFile(page.replace(/\.jpg$/, '.txt'), 'utf8')).trimEnd().split('\n').filter((l) => l.includes(CELL_SEPARATOR));
    const rows = r.lines.map((l) => l.text).filter((l) => l.includes(CELL_SEPARATOR));
    expect(rows).toHaveLength(truth.length);
    const firstCells = (ls: string[]) => ls.slice(3, 8).map((l) => l.split(CELL_SEPARATOR)[0]);
    expect(firstCells(truth)).toEqual(['٣', '٤', '٥', '٦', '٧']);
    expect(firstCells(rows)).toEqual(firstCells(truth));
    // letters are not turned into digits: in the rows read with all their cells, a cell that
    // holds no digit in the ground truth (names, places, charges) holds none in the reading
    const digit = /[0-9\u0660-\u0669]/;
    let checked = 0;
    rows.forEach((row, i) => {
      const got = row.split(CELL_SEPARATOR);
      const want = truth[i]!.split(CELL_SEPARATOR);
      if (got.length !== want.length) return;
      want.forEach((cell, k) => {
        if (digit.test(cell)) return;
        checked++;
        expect(got[k]).not.toMatch(digit);
      });
    });
    expect(checked).toBeGreaterThan(20);
  }, 60_000);

  it('reads a letter glued to a number as the letter, not as one more digit (generated number page)', async () => {
    // the digit reader took the era letter of «22/3/2002م» and the «و» of «و2» for numerals:
    // «622/3/2002م», «63/7/1996م», «و29»
    const page = join(import.meta.dirname, '..', 'fixtures', 'ocr-numbers', 'num-tune-005.png');
    const r = await engine.recognize(await readFile(page));
    const text = r.lines.map((l) => l.text).join('\n');
    expect(text).toContain('بتاريخ 22/3/2002م');
    expect(text).toContain('تاريخ 3/7/1996م');
    expect(text).toMatch(/ليرة و2 هواتف/);
    expect(text).toContain('2807/ص');
  }, 60_000);

  it('reads a number in parentheses or brackets without taking them for digits (line drawn in DejaVu Sans)', async () => {
    // the digit reader took the parentheses for ١ and measured the numerals against the brackets'
    // height: «(٢٧)» was read «(١٢٧١)», «[٩٣ ب]» «[٩٣٤ ب]»
    const line = join(import.meta.dirname, '..', 'fixtures', 'ocr-drawn-lines', 'bracketed.png');
    const r = await engine.recognize(await readFile(line));
    expect(r.lines.map((l) => l.text).join('\n')).toBe('عدد الموقوفين (٢٧) موقوفا في الملف [٩٣ ب]');
  }, 60_000);

  it('reads a footnote marker as «(٣)» after its word (the recogniser alone writes «قومه\'".»; line drawn in DejaVu Sans)', async () => {
    const line = join(import.meta.dirname, '..', 'fixtures', 'ocr-drawn-lines', 'marker.png');
    const r = await engine.recognize(await readFile(line));
    expect(r.lines.map((l) => l.text).join('\n')).toContain('قومه(٣)');
  }, 60_000);

  it("reads an Arabic-Indic zero at a number's end as a zero, not as a full stop (generated number page)", async () => {
    // the zero of «١٩٩٠» is a dot at mid-height; taken for a full stop at the number's end it
    // was dropped: «٣/٥/١٩٩»
    const page = join(import.meta.dirname, '..', 'fixtures', 'ocr-numbers', 'num-tune-020.png');
    const r = await engine.recognize(await readFile(page));
    expect(r.lines.map((l) => l.text).join('\n')).toMatch(/(^|[^\u0660-\u0669])٣\/٥\/١٩٩٠/);
  }, 60_000);

  it('writes a number joined by a hyphen in reading order, not as printed (generated number pages)', async () => {
    // printed «٦١٢٤٠٢-٩٠» and «854041-99»: a hyphen between Arabic numbers takes the line's direction
    const dir = join(import.meta.dirname, '..', 'fixtures', 'ocr-numbers');
    const indic = await engine.recognize(await readFile(join(dir, 'num-tune-017.png')));
    expect(indic.lines.map((l) => l.text).join('\n')).toContain('والبطاقة ٩٠-٦١٢٤٠٢');
    const latin = await engine.recognize(await readFile(join(dir, 'num-tune-018.png')));
    expect(latin.lines.map((l) => l.text).join('\n')).toContain('والبطاقة 99-854041');
  }, 60_000);

  it('a page that fails does not break the pool', async () => {
    await expect(engine.recognize(Buffer.from('not an image'))).rejects.toThrow();
    const blank = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#fff' } }).png().toBuffer();
    const r = await engine.recognize(blank);
    expect(r.lines).toEqual([]);
    expect(r.meanConfidence).toBeNull();
    // a few pixels hold no line: no lines, not a filter's error
    for (const [width, height] of [[1, 1], [3, 200], [200, 5]] as const) {
      const tiny = await sharp({ create: { width, height, channels: 3, background: '#000' } }).png().toBuffer();
      expect((await engine.recognize(tiny)).lines).toEqual([]);
    }
  }, 30_000);

  it('sijill ocr writes NAME.txt and NAME.json with --out and --json', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sijill-ocr-'));
    try {
      const code = await runOcrCommand([fixture, '--out', out, '--json', '--workers', '1']);
      expect(code).toBe(0);
      const txt = await readFile(join(out, 'doc-01-000.txt'), 'utf8');
      expect(txt).toContain('الجمهورية العربية السورية');
      const json = JSON.parse(await readFile(join(out, 'doc-01-000.json'), 'utf8'));
      expect(json.pages[0].lines[0]).toMatchObject({ text: expect.any(String), box: { x: expect.any(Number) }, words: expect.any(Array) });
      expect(await runOcrCommand([join(out, 'doc-01-000.json')])).toBe(1);
      expect(await runOcrCommand([])).toBe(2);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);
});
