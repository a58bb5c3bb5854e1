import { describe, expect, it } from 'vitest';
import { crc32, deflateSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import * as mupdf from 'mupdf';
import {
  CorruptFileError,
  FileLimitError,
  UnsupportedFileError,
  inspectSource,
  renderPage,
} from '../../ocr/index.ts';
import { visualToLogical } from '../../ocr/bidi.ts';
import { orderLines, makeLine, CELL_SEPARATOR } from '../../ocr/layout.ts';

const page = (bg: string, w = 300, h = 200) => sharp({ create: { width: w, height: h, channels: 3, background: bg } });

async function tiffOf(n: number): Promise<Buffer> {
  const pages = await Promise.all(Array.from({ length: n }, (_, i) => page(i % 2 ? '#000' : '#fff', 300, 200 + i * 10).png().toBuffer()));
  // pages of different heights cannot be joined; render each the same size instead
  const same = await Promise.all(pages.map((p) => sharp(p).resize(300, 200, { fit: 'fill' }).png().toBuffer()));
  return sharp(same, { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
}

function pdfOf(pages: { w: number; h: number; text?: string }[]): Uint8Array {
  const doc = new mupdf.PDFDocument();
  const helv = doc.addSimpleFont(new mupdf.Font('Helvetica'), 'Latin');
  const res = doc.addObject({ Font: { F1: helv } });
  for (const p of pages) {
    const content = p.text ? `BT /F1 24 Tf 72 ${p.h - 100} Td (${p.text}) Tj ET` : '';
    doc.insertPage(-1, doc.addPage([0, 0, p.w, p.h], 0, res, content));
  }
  doc.setMetaData('info:Title', 'Test document');
  return doc.saveToBuffer('compress').asUint8Array().slice();
}

function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(16))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('inspectSource: type from the bytes', () => {
  it('recognises JPEG and PNG with size and metadata', async () => {
    const jpg = await page('#fff').jpeg().withMetadata({ exif: { IFD0: { Make: 'ScanCo', Software: 'scan 1.0' } } }).toBuffer();
    const info = await inspectSource(jpg);
    expect(info).toMatchObject({ kind: 'jpeg', mime: 'image/jpeg', pageCount: 1 });
    expect(info.metadata).toMatchObject({ width: 300, height: 200, exif: { Make: 'ScanCo', Software: 'scan 1.0' } });
    expect(() => JSON.stringify(info.metadata)).not.toThrow();
    const png = await page('#fff').png().toBuffer();
    expect(await inspectSource(png)).toMatchObject({ kind: 'png', mime: 'image/png', pageCount: 1 });
  });

  it('counts the pages of a multi-page TIFF', async () => {
    const info = await inspectSource(await tiffOf(3));
    expect(info).toMatchObject({ kind: 'tiff', mime: 'image/tiff', pageCount: 3 });
  });

  it('counts PDF pages and reads the info dictionary', async () => {
    const info = await inspectSource(pdfOf([{ w: 595, h: 842 }, { w: 595, h: 842 }]));
    expect(info).toMatchObject({ kind: 'pdf', mime: 'application/pdf', pageCount: 2 });
    expect(info.metadata).toMatchObject({ info: { Title: 'Test document' } });
  });

  it('ignores the file name: a PNG is a PNG whatever it is called, text is refused', async () => {
    await expect(inspectSource(new TextEncoder().encode('hello, this is not a scan'))).rejects.toBeInstanceOf(UnsupportedFileError);
    await expect(inspectSource(new Uint8Array())).rejects.toThrow(/empty/);
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    await expect(inspectSource(gif)).rejects.toThrow(/GIF.*not supported/);
  });

  it('reports truncated files as corrupt, with an actionable message', async () => {
    const jpg = await page('#888', 600, 400).jpeg().toBuffer();
    const err = await inspectSource(jpg.subarray(0, Math.floor(jpg.length / 2))).catch((e) => e);
    expect(err).toBeInstanceOf(CorruptFileError);
    expect(err.message).toMatch(/incomplete/);
    const png = await page('#888', 600, 400).png().toBuffer();
    await expect(inspectSource(png.subarray(0, png.length - 30))).rejects.toBeInstanceOf(CorruptFileError);
    const tif = await tiffOf(2);
    await expect(inspectSource(tif.subarray(0, 200))).rejects.toBeInstanceOf(CorruptFileError);
    await expect(inspectSource(Buffer.from('%PDF-1.7\nthis is no pdf at all', 'latin1'))).rejects.toBeInstanceOf(CorruptFileError);
  });

  it('stops decompression bombs and PDF bombs from the headers', async () => {
    await expect(inspectSource(pngHeaderOnly(100_000, 100_000))).rejects.toBeInstanceOf(FileLimitError);
    const many = pdfOf(Array.from({ length: 6 }, () => ({ w: 100, h: 100 })));
    const err = await inspectSource(many, { maxPages: 5 }).catch((e) => e);
    expect(err).toBeInstanceOf(FileLimitError);
    expect(err.message).toMatch(/6 pages.*limit of 5/);
    await expect(inspectSource(await tiffOf(3), { maxPages: 2 })).rejects.toBeInstanceOf(FileLimitError);
  });
});

describe('renderPage', () => {
  it('renders every page of a multi-page TIFF', async () => {
    const tif = await tiffOf(2);
    const p0 = await renderPage(tif, 'tiff', 0);
    const p1 = await renderPage(tif, 'tiff', 1);
    expect(p0).toMatchObject({ mime: 'image/png', width: 300, height: 200, textLayer: null });
    const mean = async (b: Buffer) => (await sharp(b).stats()).channels[0]!.mean;
    expect(await mean(p0.image)).toBeGreaterThan(200);
    expect(await mean(p1.image)).toBeLessThan(50);
    await expect(renderPage(tif, 'tiff', 2)).rejects.toThrow(/out of range/);
  });

  it('hands back JPEG bytes unchanged when no rotation is needed', async () => {
    const jpg = await page('#fff').jpeg().toBuffer();
    const r = await renderPage(jpg, 'jpeg', 0);
    expect(r.mime).toBe('image/jpeg');
    expect(Buffer.compare(r.image, jpg)).toBe(0);
    await expect(renderPage(jpg, 'png', 0)).rejects.toBeInstanceOf(UnsupportedFileError);
  });

  it('renders a PDF page at 300 dpi and uses its text layer', async () => {
    const pdf = pdfOf([{ w: 595, h: 842, text: 'Branch 235 report 2016' }, { w: 595, h: 842 }]);
    const r = await renderPage(pdf, 'pdf', 0);
    expect(r).toMatchObject({ mime: 'image/png', dpi: 300 });
    expect(Math.abs(r.width - 2480)).toBeLessThanOrEqual(1); // 595 pt × 300/72
    expect(Math.abs(r.height - 3509)).toBeLessThanOrEqual(1);
    expect(r.textLayer?.map((l) => l.text)).toEqual(['Branch 235 report 2016']);
    const box = r.textLayer![0]!.box;
    // 72 pt from the left, 100 pt below the top, at 300/72 px per pt
    expect(box.x).toBeGreaterThan(290);
    expect(box.x).toBeLessThan(310);
    expect(box.y).toBeGreaterThan(300);
    expect(box.y).toBeLessThan(420);
    const blank = await renderPage(pdf, 'pdf', 1);
    expect(blank.textLayer).toBeNull();
  });

  it('caps the PDF render resolution so a huge page stays under the pixel limit', async () => {
    const pdf = pdfOf([{ w: 14400, h: 14400 }]); // 200 × 200 inch
    const r = await renderPage(pdf, 'pdf', 0, { maxPixels: 4_000_000 });
    expect(r.width * r.height).toBeLessThanOrEqual(4_000_000);
    expect(r.dpi).toBeLessThan(300);
  });
});

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

describe('PDF text layer in Arabic', () => {
  // an Arabic PDF as a word processor writes it: mupdf lays out HTML with a real Arabic font
  it.skipIf(!existsSync(DEJAVU))('reads the lines in logical order, digits and Latin words in place', async () => {
    const font = readFileSync(DEJAVU);
    mupdf.installLoadFontFunction(() => new mupdf.Font('DejaVuSans', font));
    const html = `<html><body dir="rtl" style="font-family: DejaVuSans; font-size: 14pt">
      <p>الجمهورية العربية السورية</p><p>الرقم: ٢١/٧/٢٠١٥ وصل في 2016 بسيارة Toyota</p></body></html>`;
    const doc = mupdf.Document.openDocument(Buffer.from(html), 'text/html');
    doc.layout(595, 842, 14);
    const buf = new mupdf.Buffer();
    const writer = new mupdf.DocumentWriter(buf, 'pdf', '');
    const page = doc.loadPage(0);
    const dev = writer.beginPage(page.getBounds());
    page.run(dev, mupdf.Matrix.identity);
    writer.endPage();
    writer.close();
    const r = await renderPage(buf.asUint8Array().slice(), 'pdf', 0);
    expect(r.textLayer?.map((l) => l.text)).toEqual(['الجمهورية العربية السورية', 'الرقم: ٢١/٧/٢٠١٥ وصل في 2016 بسيارة Toyota']);
    // words in logical order: the first word of a right-to-left line is its rightmost
    const words = r.textLayer![0]!.words;
    expect(words[0]!.box.x).toBeGreaterThan(words[2]!.box.x);
  });
});

describe('layout helpers', () => {
  it('turns visual-order glyphs of an Arabic line with numbers back into logical order', () => {
    // visual (left to right) of: "الفرع 235 في 2016"
    const visual = [...'6102 يف 532 عرفلا'];
    // numbers are drawn left to right inside the right-to-left line
    const fixed = ['2', '0', '1', '6', ' ', 'ي', 'ف', ' ', '2', '3', '5', ' ', 'ع', 'ر', 'ف', 'ل', 'ا'];
    expect(visual.length).toBe(fixed.length);
    expect(visualToLogical(fixed, (c) => c).join('')).toBe('الفرع 235 في 2016');
  });

  it('orders lines top to bottom and joins fragments of one row right to left', () => {
    const w = (text: string, x: number, y: number) => ({ text, confidence: 90, box: { x, y, w: 100, h: 30 } });
    const lines = [
      makeLine([w('ثانيا', 800, 100)]),
      makeLine([w('التاريخ:', 300, 52)]),
      makeLine([w('الرقم:', 800, 50)]),
      makeLine([w('يسار', 10, 200)]),
      makeLine([w('يمين', 2000, 200)]),
    ];
    expect(orderLines(lines, { maxGapFactor: 20 }).map((l) => l.text)).toEqual(['الرقم: التاريخ:', 'ثانيا', 'يمين', 'يسار']);
  });

  it('reads a two-column letterhead as the right block, then the left block', () => {
    const w = (text: string, x: number, y: number, width = 100) => makeLine([{ text, confidence: 90, box: { x, y, w: width, h: 30 } }]);
    const lines = [
      w('الجمهورية', 1500, 100, 400),
      w('الرقم:', 200, 102),
      w('وزارة', 1600, 150, 300),
      w('التاريخ:', 200, 151),
      w('فرع', 1700, 200, 200),
      // body: a full-width line ends the block
      w('نص', 300, 320, 1600),
    ];
    expect(orderLines(lines).map((l) => l.text)).toEqual(['الجمهورية', 'وزارة', 'فرع', 'الرقم:', 'التاريخ:', 'نص']);
    // one row with a wide gap is no block: read right to left, row by row
    expect(orderLines(lines.slice(0, 2)).map((l) => l.text)).toEqual(['الجمهورية', 'الرقم:']);
  });

  it('makes one line per table row, cells right to left joined with the separator', () => {
    // three columns at x 1500–1700, 900–1300, 300–500; words 30 px high; some cells hold two words
    const word = (text: string, x: number, y: number, width: number) => ({ text, confidence: 90, box: { x, y, w: width, h: 30 } });
    const rows = [
      ['الرقم', 'الاسم', 'التهمة'],
      ['1', 'سامر العلي', 'التهريب'],
      ['2', 'خالد قاسم', 'تزوير وثائق'],
      ['3', 'حسن دياب', 'التظاهر'],
    ];
    const lines = rows.flatMap((cells, i) => {
      const y = 100 + i * 50;
      const part = (text: string, right: number) => {
        const ws = text.split(' ');
        // right to left inside the cell
        return ws.map((t, k) => word(t, right - (k + 1) * 110, y, 100));
      };
      // each cell recognised as its own fragment (as findLines cuts wide gaps)
      return [makeLine(part(cells[0]!, 1700)), makeLine(part(cells[1]!, 1300)), makeLine(part(cells[2]!, 600))];
    });
    const out = orderLines(lines.reverse());
    expect(out.map((l) => l.text)).toEqual(rows.map((r) => r.join(CELL_SEPARATOR)));
    // the box covers the row's words
    expect(out[1]!.box).toMatchObject({ x: 600 - 110, w: 1700 - 110 + 100 - (600 - 110) });
  });
});
