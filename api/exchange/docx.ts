/**
 * A bilingual Word document (docx): for translators and legal teams who work in Word. The
 * document's title, archive reference, date, collection, the original's SHA-256 and the
 * certification (or "not certified") at the top; then per page a table with one row per line:
 * the line's number and the segment version it carries, the Arabic (a right-to-left paragraph),
 * and the English. Footer: the document and its hash on every page.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { ExchangeDocument, ExchangePage } from './document';

/** Fonts every Word installation has, with Arabic in both; LibreOffice substitutes its own. */
const arabicFont = { ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial' };
const latinFont = { ascii: 'Calibri', hAnsi: 'Calibri', cs: 'Arial' };
const grey = '666666';

const arabic = (text: string, opts: { bold?: boolean; size?: number } = {}) =>
  new Paragraph({
    bidirectional: true,
    alignment: AlignmentType.START,
    children: [
      new TextRun({
        text,
        rightToLeft: true,
        font: arabicFont,
        size: opts.size ?? 24,
        sizeComplexScript: opts.size ?? 24,
        bold: opts.bold,
        boldComplexScript: opts.bold,
        language: { bidirectional: 'ar-SY' },
      }),
    ],
  });

const english = (text: string | TextRun[], opts: { bold?: boolean; size?: number; color?: string } = {}) =>
  new Paragraph({
    children:
      typeof text === 'string'
        ? [new TextRun({ text, font: latinFont, size: opts.size ?? 22, bold: opts.bold, color: opts.color, language: { value: 'en-GB' } })]
        : text,
  });

const fact = (label: string, value: string) =>
  new Paragraph({
    spacing: { after: 40 },
    children: [
      new TextRun({ text: `${label}: `, bold: true, font: latinFont, size: 20 }),
      // Values may be Arabic (a title, a reference): the run says so, so Word orders it right.
      new TextRun({ text: value, font: latinFont, size: 20, rightToLeft: /\p{Script=Arabic}/u.test(value) }),
    ],
  });

const cell = (children: Paragraph[], widthPct: number, header = false) =>
  new TableCell({
    children,
    width: { size: widthPct, type: WidthType.PERCENTAGE },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    shading: header ? { type: ShadingType.CLEAR, fill: 'EEEEEE', color: 'auto' } : undefined,
  });

function pageTable(page: ExchangePage): Table {
  const header = new TableRow({
    tableHeader: true,
    children: [
      cell([english('Line', { bold: true, size: 18 })], 10, true),
      cell([arabic('العربية', { bold: true, size: 20 })], 45, true),
      cell([english('English', { bold: true, size: 20 })], 45, true),
    ],
  });
  const rows = page.lines.map(
    (line) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([english(`${page.pageNo}.${line.lineNo}`, { size: 18 }), english(`s${line.segmentId} v${line.version}`, { size: 14, color: grey })], 10),
          cell([arabic(line.text)], 45),
          cell([english(line.translation || '—', { color: line.translation ? undefined : grey })], 45),
        ],
      }),
  );
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [900, 4050, 4050],
    layout: TableLayoutType.FIXED,
    borders: {
      top: { style: BorderStyle.SINGLE, size: 4, color: 'BBBBBB' },
      bottom: { style: BorderStyle.SINGLE, size: 4, color: 'BBBBBB' },
      left: { style: BorderStyle.SINGLE, size: 4, color: 'BBBBBB' },
      right: { style: BorderStyle.SINGLE, size: 4, color: 'BBBBBB' },
      insideHorizontal: { style: BorderStyle.SINGLE, size: 4, color: 'DDDDDD' },
      insideVertical: { style: BorderStyle.SINGLE, size: 4, color: 'DDDDDD' },
    },
    rows: [header, ...rows],
  });
}

/** The .docx file's bytes. */
export async function docxBytes(doc: ExchangeDocument): Promise<Buffer> {
  const c = doc.certification;
  const lines = doc.pages.reduce((n, p) => n + p.lines.length, 0);
  const intro = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      bidirectional: /\p{Script=Arabic}/u.test(doc.title),
      children: [new TextRun({ text: doc.title, font: arabicFont, rightToLeft: /\p{Script=Arabic}/u.test(doc.title) })],
    }),
    fact('Archive reference', doc.archiveRef ?? '—'),
    fact('Document date', doc.documentDate ?? '—'),
    fact('Collection', doc.collection),
    fact('Original file', `${doc.originalName ?? '(unnamed)'} (${doc.mime}, ${doc.pageCount} page${doc.pageCount === 1 ? '' : 's'})`),
    fact('Original SHA-256', doc.sha256),
    fact('Sijill document', String(doc.id)),
    c
      ? fact(
          'Certification',
          `certified translation ${c.id}, ${c.certifiedAt} by ${c.certifiedBy} at ${c.place}; snapshot SHA-256 ${c.snapshotHash}; certified PDF SHA-256 ${c.pdfSha256}; verify at ${c.verifyUrl}`,
        )
      : fact('Certification', 'not certified: a working transcription and translation, not a certified translation'),
    fact('Exported', `${doc.exportedAt}; ${lines} line${lines === 1 ? '' : 's'}, each with the segment and version it carries (s… v…)`),
  ];
  const body = doc.pages.flatMap((page) => [
    new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 240 }, children: [new TextRun({ text: `Page ${page.pageNo}`, font: latinFont })] }),
    page.lines.length ? pageTable(page) : english('No lines on this page.', { color: grey }),
  ]);
  const document = new Document({
    creator: 'Sijill',
    title: doc.title,
    description: `Sijill document ${doc.id}; original SHA-256 ${doc.sha256}`,
    styles: { default: { document: { run: { font: latinFont, size: 22 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ text: `Sijill document ${doc.id} · SHA-256 ${doc.sha256.slice(0, 16)}… · ${c ? `certified translation ${c.id}` : 'not certified'} · page `, size: 14, color: grey }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 14, color: grey }),
                  new TextRun({ text: ' of ', size: 14, color: grey }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 14, color: grey }),
                ],
              }),
            ],
          }),
        },
        children: [...intro, ...(body.length ? body : [english('No page has been read yet.', { color: grey })])],
      },
    ],
  });
  return Packer.toBuffer(document);
}
