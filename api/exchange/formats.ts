/**
 * The export formats in one table: what each is called, its file extension and media type, and
 * the files it makes of a document (PAGE XML is one file per page; the others one file).
 */
import { altoXml } from './alto';
import { exportFileName, type ExchangeDocument } from './document';
import { docxBytes } from './docx';
import { documentJson } from './json';
import { pageXml } from './page-xml';
import { teiXml } from './tei';
import { plainText } from './text';

export const exportFormats = ['page', 'alto', 'tei', 'docx', 'txt', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export type ExportFile = { name: string; bytes: Uint8Array };

const utf8 = (text: string) => new TextEncoder().encode(text);

export const formatInfo: Record<ExportFormat, { label: string; extension: string; contentType: string }> = {
  page: { label: 'PAGE XML 2019', extension: 'page.xml', contentType: 'application/xml; charset=utf-8' },
  alto: { label: 'ALTO 4', extension: 'alto.xml', contentType: 'application/xml; charset=utf-8' },
  tei: { label: 'TEI P5', extension: 'tei.xml', contentType: 'application/tei+xml; charset=utf-8' },
  docx: { label: 'Word (bilingual)', extension: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  txt: { label: 'Plain text', extension: 'txt', contentType: 'text/plain; charset=utf-8' },
  json: { label: 'JSON', extension: 'json', contentType: 'application/json; charset=utf-8' },
};

/** The files of one document in one format; `page` (PAGE XML) limits a multi-page export to that page. */
export async function exportDocumentFiles(doc: ExchangeDocument, format: ExportFormat, opts: { page?: number } = {}): Promise<ExportFile[]> {
  const name = exportFileName(doc, formatInfo[format].extension);
  switch (format) {
    case 'page': {
      const pages = opts.page === undefined ? doc.pages : doc.pages.filter((p) => p.pageNo === opts.page);
      if (pages.length === 1 && doc.pageCount === 1) return [{ name, bytes: utf8(pageXml(doc, pages[0]!)) }];
      return pages.map((p) => ({ name: exportFileName(doc, `p${String(p.pageNo).padStart(3, '0')}.page.xml`), bytes: utf8(pageXml(doc, p)) }));
    }
    case 'alto':
      return [{ name, bytes: utf8(altoXml(doc)) }];
    case 'tei':
      return [{ name, bytes: utf8(teiXml(doc)) }];
    case 'docx':
      return [{ name, bytes: new Uint8Array(await docxBytes(doc)) }];
    case 'txt':
      return [{ name, bytes: utf8(plainText(doc)) }];
    case 'json':
      return [{ name, bytes: utf8(documentJson(doc)) }];
  }
}
