/**
 * PAGE XML 2019-07-15 (PRImA; as Transkribus, eScriptorium, kraken and OCR-D read and write it):
 * one file per page image. One text region per page around its lines, in a reading order; each
 * line with its box as a polygon in the page image's pixels, the Arabic text as the main
 * TextEquiv (index 0, the OCR's confidence as `conf` while the line reads as recognised), the
 * English translation as a second TextEquiv (index 1, comments "translation:en"), words with
 * their boxes and confidences while the line is uncorrected, and which segment and version it is
 * (UserDefined, and Transkribus's `custom="readingOrder {index:N;}"`). The document, its
 * original's SHA-256 and its certification are named in the metadata.
 * Schema: https://www.primaresearch.org/schema/PAGE/gts/pagecontent/2019-07-15/pagecontent.xsd
 */
import type { ExchangeDocument, ExchangeLine, ExchangePage } from './document';
import { boxPoints, el, serializeXml, unionBox, type XmlElement } from './xml-writer';

export const pageNamespace = 'http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15';
/** TextEquiv `comments` that marks the English translation (read back by the importer). */
export const translationComment = 'translation:en';

const attribute = (name: string, value: string | number | null | undefined, type = 'xsd:string') =>
  value === null || value === undefined || value === '' ? null : el('UserAttribute', { name, type, value });

/** The PAGE XML of one page of the document. */
export function pageXml(doc: ExchangeDocument, page: ExchangePage): string {
  const region = unionBox(page.lines.map((l) => l.box));
  const regionId = `r_p${page.pageNo}`;
  const dpi = page.dpi ?? undefined;
  const root = el(
    'PcGts',
    {
      xmlns: pageNamespace,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `${pageNamespace} ${pageNamespace}/pagecontent.xsd`,
      pcGtsId: `sijill_d${doc.id}_p${page.pageNo}`,
    },
    el(
      'Metadata',
      {},
      el('Creator', {}, 'Sijill'),
      el('Created', {}, doc.exportedAt),
      el('LastChange', {}, doc.exportedAt),
      el('Comments', {}, describe(doc, page)),
      el(
        'UserDefined',
        {},
        attribute('sijill.document', doc.id, 'xsd:integer'),
        attribute('sijill.title', doc.title),
        attribute('sijill.archiveRef', doc.archiveRef),
        attribute('sijill.documentDate', doc.documentDate),
        attribute('sijill.collection', doc.collection),
        attribute('sijill.original.sha256', doc.sha256),
        attribute('sijill.original.name', doc.originalName),
        attribute('sijill.page', page.pageNo, 'xsd:integer'),
        attribute('sijill.textSource', page.textSource),
        attribute('sijill.engine', [page.engine, page.model].filter(Boolean).join(' / ')),
        ...certificationAttributes(doc),
      ),
    ),
    el(
      'Page',
      {
        imageFilename: page.imageName,
        imageWidth: page.width,
        imageHeight: page.height,
        imageXResolution: dpi,
        imageYResolution: dpi,
        imageResolutionUnit: dpi ? 'PPI' : undefined,
        primaryLanguage: 'Arabic',
        secondaryLanguage: page.lines.some((l) => l.translation) ? 'English' : undefined,
        readingDirection: 'right-to-left',
        textLineOrder: 'top-to-bottom',
      },
      region &&
        el(
          'ReadingOrder',
          {},
          el('OrderedGroup', { id: `ro_p${page.pageNo}`, caption: 'Regions reading order' }, el('RegionRefIndexed', { index: 0, regionRef: regionId })),
        ),
      region &&
        el(
          'TextRegion',
          {
            id: regionId,
            custom: 'readingOrder {index:0;}',
            type: 'paragraph',
            readingDirection: 'right-to-left',
            textLineOrder: 'top-to-bottom',
            primaryLanguage: 'Arabic',
            primaryScript: 'Arab - Arabic',
          },
          el('Coords', { points: boxPoints(region) }),
          page.lines.map((line, i) => textLine(line, i)),
          el('TextEquiv', {}, el('Unicode', {}, page.lines.map((l) => l.text).join('\n'))),
        ),
    ),
  );
  return serializeXml(root);
}

function textLine(line: ExchangeLine, index: number): XmlElement {
  const uncorrected = line.words.length > 0;
  return el(
    'TextLine',
    {
      id: `l_${line.segmentId}`,
      custom: `readingOrder {index:${index};}`,
      primaryLanguage: 'Arabic',
      primaryScript: 'Arab - Arabic',
      readingDirection: 'right-to-left',
    },
    el('Coords', { points: boxPoints(line.box) }),
    line.words.map((w, i) =>
      el(
        'Word',
        { id: `w_${line.segmentId}_${i + 1}`, readingDirection: 'right-to-left' },
        el('Coords', { points: boxPoints(w.box) }),
        el('TextEquiv', { conf: confidence(w.confidence) }, el('Unicode', {}, w.text)),
      ),
    ),
    el('TextEquiv', { index: 0, conf: uncorrected && line.confidence !== null ? confidence(line.confidence) : undefined }, el('Unicode', {}, line.text)),
    line.translation ? el('TextEquiv', { index: 1, comments: translationComment }, el('Unicode', {}, line.translation)) : null,
    el(
      'UserDefined',
      {},
      attribute('sijill.segment', line.segmentId, 'xsd:integer'),
      attribute('sijill.version', line.version, 'xsd:integer'),
      attribute('sijill.status', line.status),
      attribute('sijill.line', line.lineNo, 'xsd:integer'),
    ),
  );
}

/** PAGE confidences run from 0 to 1; Sijill keeps OCR's 0–100. */
const confidence = (value: number) => Math.round(Math.min(100, Math.max(0, value)) * 100) / 10000;

function certificationAttributes(doc: ExchangeDocument) {
  const c = doc.certification;
  if (!c) return [attribute('sijill.certification', 'none')];
  return [
    attribute('sijill.certification', c.id, 'xsd:integer'),
    attribute('sijill.certification.certifiedAt', c.certifiedAt),
    attribute('sijill.certification.certifiedBy', c.certifiedBy),
    attribute('sijill.certification.snapshotHash', c.snapshotHash),
    attribute('sijill.certification.pdfSha256', c.pdfSha256),
    attribute('sijill.certification.verifyUrl', c.verifyUrl),
  ];
}

function describe(doc: ExchangeDocument, page: ExchangePage): string {
  const versions = page.lines.map((l) => `${l.lineNo}=${l.segmentId}v${l.version}`).join(' ');
  const certified = doc.certification
    ? `Certified translation ${doc.certification.id} (${doc.certification.certifiedAt}, snapshot ${doc.certification.snapshotHash}).`
    : 'Not certified.';
  return `Sijill document ${doc.id}, page ${page.pageNo} of ${doc.pageCount}; original SHA-256 ${doc.sha256}. ${certified} Lines (line=segment v version): ${versions || 'none'}.`;
}
