/**
 * Line images and pages of printed books from OpenITI's double-checked OCR gold standard
 * (repository OpenArabic/OCR_GS_Data, folder ara/: 5 books `book_*` and 2 of lower print
 * quality `lq_*`, each a folder 7_final of NNNNNN.png line images, 300 dpi greyscale cut tight to
 * the text, and NNNNNN.gt.txt). No licence is stated there: the images stay out of git, the
 * bench reads them by path.
 *
 *   npx tsx ocr/bench/make-book-lines.ts GS_ARA_DIR OUT_DIR
 *
 * writes four sets, none sharing a line with another:
 * - OUT_DIR/lines-tune, OUT_DIR/lines-measure: 12 line images a book, spread evenly over the
 *   book's lines (tuning: the odd twenty-fourths of the book, measured: the even ones), as
 *   BOOK-NNNNNN.png + .txt;
 * - OUT_DIR/pages-tune, OUT_DIR/pages-measure: 2 pages a book of 16 consecutive lines each
 *   (from line 300 and from line 600 of the book's list, skipping the line sets' lines), right-aligned on white paper 10 px
 *   apart with 150 px margins, as the lines stood in the printed page: real type, a page's
 *   layout (lines of a paragraph, its short last line) but none of a page's other parts.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGrey, toSharp } from './real-pages.ts';

const LINES_PER_BOOK = 12;
const PAGE_LINES = 16;
const PAGES_PER_BOOK = 2;
const PAGE_STARTS = { 'pages-tune': 300, 'pages-measure': 600 } as const;

async function main() {
  const [gsDir, outDir] = process.argv.slice(2);
  if (!gsDir || !outDir) throw new Error('usage: make-book-lines.ts GS_ARA_DIR OUT_DIR');
  const books = readdirSync(gsDir).filter((d) => /^(book|lq)_/.test(d)).sort();
  if (!books.length) throw new Error(`no book_* or lq_* folders in ${gsDir}`);
  for (const set of ['lines-tune', 'lines-measure', ...Object.keys(PAGE_STARTS)]) mkdirSync(join(outDir, set), { recursive: true });
  for (const book of books) {
    const dir = join(gsDir, book, '7_final');
    const ids = readdirSync(dir).filter((f) => f.endsWith('.gt.txt')).map((f) => f.slice(0, -'.gt.txt'.length)).sort();
    // «book_IbnAthir.Kamil» → «book-IbnAthir»
    const name = `${book.split('_')[0]}-${book.slice(book.indexOf('_') + 1).split('.')[0]}`;
    const inLineSets = new Set<string>();
    for (let i = 0; i < LINES_PER_BOOK; i++)
      for (const [set, part] of [['lines-measure', 2 * i], ['lines-tune', 2 * i + 1]] as const) {
        const id = ids[Math.floor((ids.length * part) / (2 * LINES_PER_BOOK)) + 3]!;
        inLineSets.add(id);
        copyFileSync(join(dir, `${id}.png`), join(outDir, set, `${name}-${id}.png`));
        copyFileSync(join(dir, `${id}.gt.txt`), join(outDir, set, `${name}-${id}.txt`));
      }
    for (const [set, start] of Object.entries(PAGE_STARTS))
      for (let p = 0; p < PAGES_PER_BOOK; p++) {
        const chosen = ids.slice(start).filter((id) => !inLineSets.has(id)).slice(p * PAGE_LINES, (p + 1) * PAGE_LINES);
        const lines = await Promise.all(chosen.map((id) => loadGrey(join(dir, `${id}.png`))));
        const width = Math.max(...lines.map((l) => l.width)) + 300;
        const height = lines.reduce((a, l) => a + l.height + 10, 300);
        const page = new Uint8Array(width * height).fill(255);
        let y = 150;
        for (const l of lines) {
          const x0 = width - 150 - l.width;
          // darker of paper and line: a line image's own paper is not quite white
          for (let r = 0; r < l.height; r++)
            for (let c = 0; c < l.width; c++) {
              const k = (y + r) * width + x0 + c;
              page[k] = Math.min(page[k]!, l.data[r * l.width + c]!);
            }
          y += l.height + 10;
        }
        const file = `${name}-p${start + p * PAGE_LINES}`;
        await toSharp({ data: page, width, height }).png().toFile(join(outDir, set, `${file}.png`));
        writeFileSync(join(outDir, set, `${file}.txt`), chosen.map((id) => readFileSync(join(dir, `${id}.gt.txt`), 'utf8').trim()).join('\n') + '\n');
      }
  }
  console.log(`${books.length} books -> ${outDir}/{lines,pages}-{tune,measure}`);
}

await main();
