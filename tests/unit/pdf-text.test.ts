import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../../ocr/index.ts';
import { visualToLogical } from '../../ocr/bidi.ts';
import { drawLine, registerFonts, setFont } from '../../api/certification/pdf/bidi-text.ts';

/**
 * PDF text layers from several writers (tests/fixtures/pdf-text, made by make-fixtures.ts) read
 * back as the text typed: lam-alef in every position, tanwin on alef, shadda and harakat,
 * Arabic-Indic digits and dates, Latin words in Arabic lines, brackets, an English line; a
 * two-column letterhead and the page number in reading order.
 */
const dir = join(import.meta.dirname, '../fixtures/pdf-text');
const text = JSON.parse(readFileSync(join(dir, 'text.json'), 'utf8')) as {
  page1: string[];
  page2: { right: string[]; left: string[]; body: string[] };
};
const nfc = (lines: string[]) => lines.map((l) => l.normalize('NFC'));
const page1 = nfc([...text.page1, '1']);
const page2 = nfc([...text.page2.right, ...text.page2.left, ...text.page2.body, '2']);

async function lines(pdf: Uint8Array, page: number): Promise<string[]> {
  // the text is the same at any resolution; a low one keeps the test fast
  const r = await renderPage(pdf, 'pdf', page, { pdfDpi: 50 });
  return (r.textLayer ?? []).map((l) => l.text);
}

/** The certified-PDF writer's Arabic (pdfkit, IBM Plex Sans Arabic): one line per page-1 line of text.json. */
async function pdfkitPdf(): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 56 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  registerFonts(doc);
  setFont(doc, 'regular', 14);
  text.page1.forEach((line, i) => {
    const rtl = /[\u0600-\u06FF]/.test(line);
    drawLine(doc, line, { x: 56, y: 60 + i * 28, width: 483, base: rtl ? 'rtl' : 'ltr', align: rtl ? 'right' : 'left' });
  });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

describe('PDF text layers read in logical order', () => {
  for (const producer of ['chromium-plex', 'libreoffice-noto']) {
    it(`${producer}.pdf: every line as typed`, async () => {
      const pdf = new Uint8Array(readFileSync(join(dir, `${producer}.pdf`)));
      expect(await lines(pdf, 0)).toEqual(page1);
      expect(await lines(pdf, 1)).toEqual(page2);
    });
  }

  it('libreoffice-amiri.pdf: every line as typed but the fully vocalised one', async () => {
    const pdf = new Uint8Array(readFileSync(join(dir, 'libreoffice-amiri.pdf')));
    const got = await lines(pdf, 0);
    const vocalised = text.page1.findIndex((l) => l.startsWith('وَقَّعَ'));
    expect(got.filter((_, i) => i !== vocalised)).toEqual(page1.filter((_, i) => i !== vocalised));
    expect(await lines(pdf, 1)).toEqual(page2);
  });

  // Amiri stacks letters (لى, يخ) and LibreOffice draws their marks with origins that say
  // nothing of the letter under them; known limitation, kept visible here.
  it.fails('libreoffice-amiri.pdf: the fully vocalised line', async () => {
    const pdf = new Uint8Array(readFileSync(join(dir, 'libreoffice-amiri.pdf')));
    const vocalised = text.page1.findIndex((l) => l.startsWith('وَقَّعَ'));
    expect((await lines(pdf, 0))[vocalised]).toBe(page1[vocalised]);
  });

  it('pdfkit (the certified-PDF writer, ligatures listed right to left): every line as typed', async () => {
    expect(await lines(await pdfkitPdf(), 0)).toEqual(nfc(text.page1));
  });

  it('gives words in logical order with their own boxes: the first word of an Arabic line is its rightmost', async () => {
    const r = await renderPage(new Uint8Array(readFileSync(join(dir, 'chromium-plex.pdf'))), 'pdf', 0, { pdfDpi: 50 });
    const line = r.textLayer![1]!;
    expect(line.words.map((w) => w.text)).toEqual(text.page1[1]!.split(' '));
    for (let i = 1; i < line.words.length; i++) expect(line.words[i]!.box.x).toBeLessThan(line.words[i - 1]!.box.x);
    // lam-alef and tanwin never reach the stored text as presentation forms
    expect(r.textLayer!.some((l) => /[\uFB50-\uFDFF\uFE70-\uFEFF]/.test(l.text))).toBe(false);
  });
});

describe('visual → logical order of glyph clusters', () => {
  it('keeps a ligature cluster whole and numbers left to right', () => {
    // visual (left to right) clusters of "لا يجوز 235": the number, then the words right to left
    const visual = ['2', '3', '5', ' ', 'ز', 'و', 'ج', 'ي', ' ', 'لا'];
    expect(visualToLogical(visual, (c) => c[0]!).join('')).toBe('لا يجوز 235');
  });

  it('mirrors brackets of a right-to-left run only when they are drawn as their mirror image', () => {
    const mirror = (c: string, m: string) => m;
    // Chromium maps the glyph drawn for "(" in Arabic to ")"
    expect(visualToLogical([...'(يرس)'], (c) => c, undefined, mirror).join('')).toBe('(سري)');
    // LibreOffice and pdfkit map it to the character typed
    expect(visualToLogical([...')يرس('], (c) => c, undefined, mirror).join('')).toBe('(سري)');
  });

  it('reads an English line with an Arabic name left to right', () => {
    const visual = [...'Transfer of رماس to Damascus'];
    expect(visualToLogical(visual, (c) => c).join('')).toBe('Transfer of سامر to Damascus');
  });
});
