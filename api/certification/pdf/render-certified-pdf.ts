import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import sharp from 'sharp';
import type { PersonRef, SnapshotLine } from '../../../db/schema';
import { drawLine, drawParagraph, paragraphHeight, registerFonts, setFont } from './bidi-text';

/** Everything the certified PDF shows, assembled apart from rendering (api/certification/certify.ts). */
export type CertificateData = {
  document: {
    id: number;
    title: string;
    archiveRef: string | null;
    originalName: string | null;
    sha256: string;
    mime: string;
    sizeBytes: number;
    pageCount: number;
  };
  snapshotHash: string;
  /** The snapshot's canonical JSON, attached to the PDF: its SHA-256 is `snapshotHash`. */
  snapshotJson?: string;
  lines: SnapshotLine[];
  /** Working images of the document's pages (null where a page has none). */
  pages: Array<{ pageNo: number; image: { bytes: Uint8Array; mime: string } | null }>;
  certifiedAt: Date;
  place: string;
  certifier: { name: string; credential: string | null };
  translators: PersonRef[];
  reviewers: PersonRef[];
  declaration: string;
  verifyUrl: string;
  /** The last audit event before this PDF was rendered (null while the chain was empty). */
  auditAnchor: { seq: number; hash: string } | null;
};

type Doc = InstanceType<typeof PDFDocument>;
/** pdfkit's opened image (drawn once per sheet, embedded once). */
type PdfImage = { width: number; height: number };

const A4 = { width: 595.28, height: 841.89 };
const margin = 50;
const contentWidth = A4.width - 2 * margin;
const footerY = A4.height - 34;
const bottom = A4.height - 50;
const grey = '#555555';
const arabic = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const baseOf = (text: string) => (arabic.test(text) ? 'rtl' : 'ltr');

/**
 * Cover page, then for every page of the document its scan and its lines (Arabic right,
 * English left, one row per line), a footer with page numbers and the snapshot hash on every
 * sheet. Returns the PDF bytes; the caller records their SHA-256.
 */
export async function renderCertifiedPdf(data: CertificateData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: `Certified translation: ${data.document.title}`,
      Author: data.certifier.name,
      Subject: `Snapshot SHA-256 ${data.snapshotHash}`,
      Keywords: `sijill certified translation ${data.document.sha256}`,
      Creator: 'Sijill',
      Producer: 'Sijill',
      CreationDate: data.certifiedAt,
      ModDate: data.certifiedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFonts(doc);
  if (data.snapshotJson) {
    (doc as unknown as { file(src: Uint8Array, options: Record<string, unknown>): void }).file(Buffer.from(data.snapshotJson, 'utf8'), {
      name: 'snapshot.json',
      type: 'application/json',
      description: 'The certified snapshot (canonical JSON); its SHA-256 is the snapshot hash',
      creationDate: data.certifiedAt,
      modifiedDate: data.certifiedAt,
    });
  }

  await drawCover(doc, data);
  const byPage = new Map<number, SnapshotLine[]>();
  for (const line of data.lines) byPage.set(line.pageNo, [...(byPage.get(line.pageNo) ?? []), line]);
  for (const page of data.pages) {
    doc.addPage();
    await drawDocumentPage(doc, data, page, byPage.get(page.pageNo) ?? []);
  }
  drawFooters(doc, data);
  doc.end();
  return done;
}

async function drawCover(doc: Doc, data: CertificateData) {
  const d = data.document;
  setFont(doc, 'bold', 18);
  drawLine(doc, 'Certified translation', { x: margin, y: margin, width: contentWidth, base: 'ltr', align: 'left' });
  drawLine(doc, 'ترجمة مصدقة', { x: margin, y: margin, width: contentWidth, base: 'rtl', align: 'right' });
  setFont(doc, 'regular', 9);
  doc.fillColor(grey);
  drawLine(doc, 'Arabic → English · issued by Sijill', { x: margin, y: margin + 26, width: contentWidth, base: 'ltr', align: 'left' });
  doc.fillColor('black');

  const rows: Array<[string, string]> = [
    ['Document', d.title],
    ['Archive reference', d.archiveRef ?? '—'],
    ['Original file', d.originalName ?? '—'],
    ['Original SHA-256', d.sha256],
    ['Original file type, size', `${d.mime}, ${d.sizeBytes.toLocaleString('en')} bytes`],
    ['Pages', String(d.pageCount)],
    ['Lines certified', String(data.lines.length)],
    ['Snapshot SHA-256', data.snapshotHash],
    ['Translated by', data.translators.map((p) => p.name).join(', ') || '—'],
    ['Reviewed by', data.reviewers.map((p) => p.name).join(', ') || '—'],
    ['Certified by', data.certifier.name + (data.certifier.credential ? `, ${data.certifier.credential}` : '')],
    ['Date (UTC), place', `${isoMinute(data.certifiedAt)}, ${data.place}`],
    ['Audit chain at issue', data.auditAnchor ? `event ${data.auditAnchor.seq}` : '—'],
    ['Audit event SHA-256', data.auditAnchor?.hash ?? '—'],
  ];
  let y = margin + 54;
  const labelWidth = 150;
  for (const [label, value] of rows) {
    setFont(doc, 'bold', 9.5);
    drawLine(doc, label, { x: margin, y, width: labelWidth, base: 'ltr', align: 'left' });
    setFont(doc, 'regular', /^[0-9a-f]{64}$/.test(value) ? 8.6 : 9.5);
    const base = baseOf(value);
    y = Math.max(y + 14, drawParagraph(doc, value, { x: margin + labelWidth, y, width: contentWidth - labelWidth, base, lineGap: 1 }));
  }

  y += 12;
  setFont(doc, 'bold', 11);
  drawLine(doc, 'Declaration', { x: margin, y, width: contentWidth, base: 'ltr', align: 'left' });
  y += 18;
  setFont(doc, 'regular', 10);
  y = drawParagraph(doc, data.declaration, { x: margin, y, width: contentWidth, base: 'ltr', lineGap: 2 });

  // Signature block.
  y += 26;
  const sigWidth = 260;
  doc
    .moveTo(margin, y + 28)
    .lineTo(margin + sigWidth, y + 28)
    .lineWidth(0.6)
    .stroke();
  setFont(doc, 'regular', 9);
  drawLine(doc, 'Signature', { x: margin, y: y + 32, width: sigWidth, base: 'ltr', align: 'left' });
  setFont(doc, 'bold', 10);
  drawLine(doc, data.certifier.name, { x: margin, y: y + 48, width: sigWidth, base: baseOf(data.certifier.name), align: 'left' });
  setFont(doc, 'regular', 9);
  if (data.certifier.credential)
    drawLine(doc, data.certifier.credential, {
      x: margin,
      y: y + 62,
      width: sigWidth,
      base: baseOf(data.certifier.credential),
      align: 'left',
    });
  drawLine(doc, `${data.place}, ${isoDay(data.certifiedAt)}`, {
    x: margin,
    y: y + 76,
    width: sigWidth,
    base: baseOf(data.place),
    align: 'left',
  });

  // QR code to the verification page.
  const qrSize = 110;
  const qrX = A4.width - margin - qrSize;
  const qr = await QRCode.toBuffer(data.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 330 });
  doc.image(qr, qrX, y, { width: qrSize, height: qrSize });
  setFont(doc, 'regular', 7.5);
  doc.fillColor(grey);
  const noteY = Math.max(y + qrSize + 8, y + 96);
  drawParagraph(
    doc,
    `To verify: open ${data.verifyUrl} (the QR code), or compute the SHA-256 of this PDF file or of the original scan and look it up at ${data.verifyUrl.replace(/\/verify\/.*$/, '/verify/')}<sha256>.` +
      (data.snapshotJson
        ? ' The certified text is attached to this PDF as snapshot.json; the SHA-256 of that file is the snapshot hash.'
        : ''),
    { x: margin, y: noteY, width: contentWidth, base: 'ltr', lineGap: 1 },
  );
  doc.fillColor('black');
}

/**
 * One original page as facing sheets: the Arabic transcription, then the English translation,
 * each under the same scan, with line n at the same height on both sheets. Why not one sheet
 * with two columns: text extractors (poppler's pdftotext) pick one reading direction per sheet
 * from its majority script, and would give mixed Arabic lines (digits, Latin) in visual order.
 * A sheet of Arabic reads back in logical order, a sheet of English in English order.
 */
async function drawDocumentPage(doc: Doc, data: CertificateData, page: CertificateData['pages'][number], lines: SnapshotLine[]) {
  const image = page.image ? (doc as unknown as { openImage(src: Buffer): PdfImage }).openImage(await embeddable(page.image)) : null;
  const numWidth = 24;
  const textWidth = contentWidth - numWidth;
  const imageHeight = image ? Math.min(contentWidth / image.width, 330 / image.height) * image.height : 0;
  const top = margin + 20 + (image ? imageHeight + 14 : 18) + 16;

  // Rows, measured once in both languages, then cut into chunks that fit a sheet.
  const rows = lines.map((line) => {
    setFont(doc, 'regular', 11);
    const ar = paragraphHeight(doc, line.text || ' ', textWidth, 'rtl', 1);
    setFont(doc, 'regular', 10);
    const en = paragraphHeight(doc, line.translation || ' ', textWidth, 'ltr', 1);
    return { line, height: Math.max(ar, en) + 5 };
  });
  const chunks: Array<typeof rows> = [[]];
  let y = top;
  for (const row of rows) {
    if (y + row.height > bottom && chunks[chunks.length - 1]!.length > 0) {
      chunks.push([]);
      y = margin + 40;
    }
    chunks[chunks.length - 1]!.push(row);
    y += row.height;
  }

  for (let c = 0; c < chunks.length; c++) {
    for (const side of ['ar', 'en'] as const) {
      if (!(c === 0 && side === 'ar')) doc.addPage();
      const rtl = side === 'ar';
      let y = margin;
      setFont(doc, 'bold', 11);
      const continued = c > 0;
      const title = rtl
        ? `الصفحة ${page.pageNo} من ${data.document.pageCount} — النص العربي${continued ? ' (تتمة)' : ''}`
        : `Original page ${page.pageNo} of ${data.document.pageCount} — English translation${continued ? ' (continued)' : ''}`;
      drawLine(doc, title, { x: margin, y, width: contentWidth, base: rtl ? 'rtl' : 'ltr', align: rtl ? 'right' : 'left' });
      y += 20;
      if (c === 0) {
        if (image) {
          const w = image.width * (imageHeight / image.height);
          const x = margin + (contentWidth - w) / 2;
          doc.image(image as never, x, y, { width: w, height: imageHeight });
          doc.rect(x, y, w, imageHeight).lineWidth(0.4).strokeColor('#999999').stroke().strokeColor('black');
        } else {
          setFont(doc, 'regular', 9);
          drawLine(doc, rtl ? '(لا توجد صورة لهذه الصفحة)' : '(no image of this page)', {
            x: margin,
            y,
            width: contentWidth,
            base: rtl ? 'rtl' : 'ltr',
            align: rtl ? 'right' : 'left',
          });
        }
        y = top;
      } else {
        y = margin + 40;
      }
      if (chunks[c]!.length === 0) {
        setFont(doc, 'regular', 9);
        drawLine(doc, rtl ? '(لا توجد أسطر نصية في هذه الصفحة)' : '(no text lines on this page)', {
          x: margin,
          y,
          width: contentWidth,
          base: rtl ? 'rtl' : 'ltr',
          align: rtl ? 'right' : 'left',
        });
      }
      const numX = rtl ? margin + contentWidth - numWidth : margin;
      const textX = rtl ? margin : margin + numWidth;
      for (const { line, height } of chunks[c]!) {
        setFont(doc, 'regular', 8);
        doc.fillColor(grey);
        drawLine(doc, String(line.lineNo), { x: numX, y: y + 2, width: numWidth, base: 'ltr', align: rtl ? 'right' : 'left' });
        doc.fillColor('black');
        if (rtl) {
          setFont(doc, 'regular', 11);
          drawParagraph(doc, line.text, { x: textX, y, width: textWidth, base: 'rtl', lineGap: 1 });
        } else {
          setFont(doc, 'regular', 10);
          drawParagraph(doc, line.translation, { x: textX, y: y + 1, width: textWidth, base: 'ltr', lineGap: 1 });
        }
        y += height;
        doc
          .moveTo(margin, y - 2)
          .lineTo(margin + contentWidth, y - 2)
          .lineWidth(0.2)
          .strokeColor('#cccccc')
          .stroke()
          .strokeColor('black');
      }
    }
  }
}

function drawFooters(doc: Doc, data: CertificateData) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    setFont(doc, 'regular', 7.5);
    doc.fillColor(grey);
    drawLine(doc, `Snapshot SHA-256 ${data.snapshotHash}`, { x: margin, y: footerY, width: contentWidth, base: 'ltr', align: 'left' });
    drawLine(doc, `Page ${i + 1} of ${range.count}`, { x: margin, y: footerY, width: contentWidth, base: 'ltr', align: 'right' });
    doc.fillColor('black');
  }
}

/** pdfkit embeds JPEG and PNG; anything else (TIFF working copies) is converted to PNG. */
async function embeddable(image: { bytes: Uint8Array; mime: string }): Promise<Buffer> {
  if (image.mime === 'image/jpeg' || image.mime === 'image/png') return Buffer.from(image.bytes);
  return sharp(image.bytes).png().toBuffer();
}

const isoMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
