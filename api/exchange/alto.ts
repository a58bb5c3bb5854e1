/**
 * ALTO 4.4 (Library of Congress; as digital libraries, OCR-D and eScriptorium read it): every
 * page of the document in one file, pixel coordinates of the page images. Per page one text
 * block (`BASEDIRECTION="rtl"`, `LANG="ar"`) with the lines in reading order; each line's words
 * as String elements (with boxes and word confidences `WC` while the line reads as recognised,
 * `CS="true"` once a person corrected it). What ALTO has no element for is said with its tags,
 * referenced from the line (`TAGREFS`): the English translation (OtherTag TYPE "translation",
 * the text in LABEL), the segment and version the line carries (OtherTag TYPE "sijill:line"),
 * the document and its certification (OtherTag TYPE "sijill:document"), and the register
 * entries tagged in a line (NamedEntityTag TYPE person/unit/place/date/other, referenced from
 * the words they cover).
 * Schema: http://www.loc.gov/standards/alto/v4/alto-4-4.xsd
 */
import type { ExchangeDocument, ExchangeLine, ExchangeTag } from './document';
import { lineLabel } from './document';
import { el, serializeXml, unionBox, type XmlElement } from './xml-writer';
import { wordsWithOffsets } from './words';

export const altoNamespace = 'http://www.loc.gov/standards/alto/ns-v4#';

const position = (b: { x: number; y: number; w: number; h: number }) => ({
  HPOS: round(b.x),
  VPOS: round(b.y),
  WIDTH: round(b.w),
  HEIGHT: round(b.h),
});
const round = (n: number) => Math.round(n * 100) / 100;

/** The ALTO file of the whole document. */
export function altoXml(doc: ExchangeDocument): string {
  const tags: XmlElement[] = [documentTag(doc)];
  const entityTags = new Map<string, XmlElement>();
  const tagIdOf = (t: ExchangeTag) => {
    const id = t.entity ? `entity_${t.entity.id}` : `${t.kind}_${(t.normalized ?? 'untitled').replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    if (!entityTags.has(id)) {
      entityTags.set(
        id,
        el('NamedEntityTag', {
          ID: id,
          TYPE: t.kind,
          LABEL: t.entity ? t.entity.nameAr : (t.normalized ?? t.kind),
          DESCRIPTION: t.entity ? t.entity.nameEn || undefined : t.normalized ? `${t.kind} ${t.normalized}` : undefined,
        }),
      );
    }
    return id;
  };

  const pages = doc.pages.map((page) => {
    const block = unionBox(page.lines.map((l) => l.box));
    const lines = page.lines.map((line) => {
      const lineTag = `line_${line.segmentId}`;
      tags.push(
        el('OtherTag', {
          ID: lineTag,
          TYPE: 'sijill:line',
          LABEL: `segment ${line.segmentId} version ${line.version}`,
          DESCRIPTION: `page ${page.pageNo} line ${line.lineNo} (${lineLabel(page, line)}), status ${line.status}`,
        }),
      );
      const refs = [lineTag];
      if (line.translation) {
        const id = `translation_${line.segmentId}`;
        tags.push(el('OtherTag', { ID: id, TYPE: 'translation', LABEL: line.translation, DESCRIPTION: `en: English translation of line ${lineLabel(page, line)}` }));
        refs.push(id);
      }
      return textLine(line, refs, (t) => tagIdOf(t));
    });
    return el(
      'Page',
      { ID: `page_${page.pageNo}`, PHYSICAL_IMG_NR: page.pageNo, WIDTH: page.width, HEIGHT: page.height },
      el(
        'PrintSpace',
        { HPOS: 0, VPOS: 0, WIDTH: page.width, HEIGHT: page.height },
        block &&
          el(
            'TextBlock',
            { ID: `block_${page.pageNo}`, ...position(block), LANG: 'ar', BASEDIRECTION: 'rtl' },
            lines,
          ),
      ),
    );
  });

  const first = doc.pages[0];
  const root = el(
    'alto',
    {
      xmlns: altoNamespace,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `${altoNamespace} http://www.loc.gov/standards/alto/v4/alto-4-4.xsd`,
      SCHEMAVERSION: '4.4',
    },
    el(
      'Description',
      {},
      el('MeasurementUnit', {}, 'pixel'),
      el('sourceImageInformation', {}, el('fileName', {}, doc.pageCount === 1 && first ? first.imageName : (doc.originalName ?? `document-${doc.id}`))),
      el(
        'Processing',
        { ID: 'processing_recognition' },
        el('processingCategory', {}, 'contentGeneration'),
        el('processingStepDescription', {}, `Text from ${[...new Set(doc.pages.map((p) => p.textSource ?? 'unknown'))].join(', ')}`),
        el('processingSoftware', {}, el('softwareName', {}, [...new Set(doc.pages.map((p) => [p.engine, p.model].filter(Boolean).join(' ')))].join('; ') || 'unknown')),
      ),
      el(
        'Processing',
        { ID: 'processing_export' },
        el('processingCategory', {}, 'contentModification'),
        el('processingDateTime', {}, doc.exportedAt),
        el('processingStepDescription', {}, 'Corrected and translated line by line in Sijill; exported with the versions named in the sijill:line tags.'),
        el('processingSoftware', {}, el('softwareName', {}, 'Sijill')),
      ),
    ),
    el('Tags', {}, [...entityTags.values()], tags),
    el('Layout', {}, pages),
  );
  return serializeXml(root);
}

function textLine(line: ExchangeLine, refs: string[], tagId: (t: ExchangeTag) => string): XmlElement {
  const tokens = wordsWithOffsets(line.text);
  // Word boxes only while the recognised words are the line's words.
  const boxed = line.words.length === tokens.length && line.words.every((w, i) => w.text === tokens[i]!.text);
  const textTags = line.tags.filter((t) => t.field === 'text');
  const strings: XmlElement[] = [];
  tokens.forEach((token, i) => {
    if (i > 0) strings.push(el('SP', {}));
    const word = boxed ? line.words[i] : undefined;
    const covering = textTags.filter((t) => t.start < token.end && t.end > token.start).map(tagId);
    strings.push(
      el('String', {
        ID: `s_${line.segmentId}_${i + 1}`,
        ...(word ? position(word.box) : {}),
        CONTENT: token.text,
        WC: word ? Math.round(Math.min(100, Math.max(0, word.confidence))) / 100 : undefined,
        TAGREFS: covering.length ? [...new Set(covering)].join(' ') : undefined,
      }),
    );
  });
  return el(
    'TextLine',
    {
      ID: `tl_${line.segmentId}`,
      TAGREFS: refs.join(' '),
      ...position(line.box),
      LANG: 'ar',
      CS: line.status !== 'ocr' ? 'true' : undefined,
      BASEDIRECTION: 'rtl',
    },
    // ALTO needs at least one String per line; an empty line is one empty String.
    strings.length ? strings : el('String', { ID: `s_${line.segmentId}_1`, CONTENT: '' }),
  );
}

function documentTag(doc: ExchangeDocument): XmlElement {
  const c = doc.certification;
  const parts = [
    `Sijill document ${doc.id}`,
    `“${doc.title}”`,
    doc.archiveRef ? `archive reference ${doc.archiveRef}` : null,
    doc.documentDate ? `dated ${doc.documentDate}` : null,
    `collection ${doc.collection}`,
    `original SHA-256 ${doc.sha256}`,
    c ? `certified translation ${c.id} of ${c.certifiedAt} by ${c.certifiedBy}, snapshot ${c.snapshotHash}, PDF SHA-256 ${c.pdfSha256}, verify at ${c.verifyUrl}` : 'not certified',
    `exported ${doc.exportedAt}`,
  ];
  return el('OtherTag', {
    ID: 'sijill_document',
    TYPE: 'sijill:document',
    LABEL: parts.filter(Boolean).join('; '),
    URI: c ? c.verifyUrl : undefined,
  });
}
