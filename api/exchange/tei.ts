/**
 * TEI P5: the document as a digital edition. `facsimile` has one `surface` per page image with
 * a `zone` per line (pixel coordinates); the body holds the Arabic transcription and the English
 * translation as two `div`s, one `ab` per page, one `seg` per line. Lines are aligned by id: the
 * Arabic line `ar.s{segment}.v{version}` (its zone in `facs`) and its translation
 * `en.s{segment}.v{version}` pointing back with `corresp`, so every line says which segment and
 * version it carries. Confirmed tags become `persName`, `orgName`, `placeName`, `date when=…`
 * and `name` in either language, pointing at the register with `ref`. The header names the
 * archive reference, the original's SHA-256 and the certification, if any.
 */
import type { ExchangeDocument, ExchangeLine, ExchangePage, ExchangeTag } from './document';
import { el, serializeXml, type XmlChild, type XmlElement } from './xml-writer';

export const teiNamespace = 'http://www.tei-c.org/ns/1.0';

const tagElement: Record<ExchangeTag['kind'], string> = {
  person: 'persName',
  unit: 'orgName',
  place: 'placeName',
  date: 'date',
  other: 'name',
};

export const lineId = (lang: 'ar' | 'en', line: Pick<ExchangeLine, 'segmentId' | 'version'>) => `${lang}.s${line.segmentId}.v${line.version}`;
const surfaceId = (page: Pick<ExchangePage, 'pageNo'>) => `page${page.pageNo}`;
const zoneId = (line: Pick<ExchangeLine, 'segmentId'>) => `zone.s${line.segmentId}`;

export function teiXml(doc: ExchangeDocument): string {
  const c = doc.certification;
  const root = el(
    'TEI',
    { xmlns: teiNamespace, 'xml:lang': 'en' },
    el(
      'teiHeader',
      {},
      el(
        'fileDesc',
        {},
        el('titleStmt', {}, el('title', {}, doc.title)),
        el(
          'publicationStmt',
          {},
          el('publisher', {}, 'Sijill'),
          el('idno', { type: 'sijill-document' }, String(doc.id)),
          el('date', { when: doc.exportedAt.slice(0, 10) }, `Exported ${doc.exportedAt}`),
        ),
        el(
          'sourceDesc',
          {},
          el(
            'bibl',
            {},
            el('title', {}, doc.title),
            doc.archiveRef ? el('idno', { type: 'archive-reference' }, doc.archiveRef) : null,
            el('idno', { type: 'sha256' }, doc.sha256),
            doc.documentDate ? el('date', { when: doc.documentDate }, doc.documentDate) : null,
            el('note', {}, `Collection ${doc.collection}; original file ${doc.originalName ?? '(unnamed)'} (${doc.mime}), ${doc.pageCount} page(s); Sijill document ${doc.id}.`),
          ),
        ),
      ),
      el(
        'encodingDesc',
        {},
        el(
          'p',
          {},
          'Transcription (Arabic) and translation (English) line by line. Each line is a seg whose xml:id names the Sijill segment and version it carries (ar.s{segment}.v{version}; its translation en.s{segment}.v{version}, with corresp to the Arabic line); facs points to the line’s zone on the page image (pixels).',
        ),
      ),
      el('profileDesc', {}, el('langUsage', {}, el('language', { ident: 'ar' }, 'Arabic'), el('language', { ident: 'en' }, 'English'))),
      el(
        'revisionDesc',
        {},
        c
          ? el(
              'change',
              { when: c.certifiedAt.slice(0, 10) },
              `Certified translation ${c.id}, ${c.certifiedAt}, by ${c.certifiedBy} at ${c.place}; snapshot SHA-256 ${c.snapshotHash}; certified PDF SHA-256 ${c.pdfSha256}; verify at `,
              el('ref', { target: c.verifyUrl }, c.verifyUrl),
            )
          : el('change', { when: doc.exportedAt.slice(0, 10) }, 'Not certified: exported as worked on.'),
      ),
    ),
    doc.pages.length > 0 &&
      el(
        'facsimile',
        {},
        doc.pages.map((page) =>
          el(
            'surface',
            { 'xml:id': surfaceId(page), n: page.pageNo, ulx: 0, uly: 0, lrx: page.width, lry: page.height },
            el('graphic', { url: page.imageName, width: `${page.width}px`, height: `${page.height}px` }),
            page.lines.map((line) =>
              el('zone', {
                'xml:id': zoneId(line),
                ulx: Math.round(line.box.x),
                uly: Math.round(line.box.y),
                lrx: Math.round(line.box.x + line.box.w),
                lry: Math.round(line.box.y + line.box.h),
              }),
            ),
          ),
        ),
      ),
    el(
      'text',
      {},
      el(
        'body',
        {},
        el('div', { type: 'transcription', 'xml:lang': 'ar' }, pagesOf(doc, 'ar')),
        el('div', { type: 'translation', 'xml:lang': 'en' }, pagesOf(doc, 'en')),
      ),
    ),
  );
  return serializeXml(root);
}

function pagesOf(doc: ExchangeDocument, lang: 'ar' | 'en'): XmlElement[] {
  if (doc.pages.length === 0) return [el('p', {}, 'No page has been read yet.')];
  return doc.pages.map((page) =>
    el(
      'ab',
      { type: 'page', n: page.pageNo, facs: `#${surfaceId(page)}` },
      page.lines.map((line) =>
        el(
          'seg',
          {
            type: 'line',
            n: `${page.pageNo}.${line.lineNo}`,
            'xml:id': lineId(lang, line),
            facs: lang === 'ar' ? `#${zoneId(line)}` : undefined,
            corresp: lang === 'en' ? `#${lineId('ar', line)}` : undefined,
          },
          tagged(lang === 'ar' ? line.text : line.translation, line.tags.filter((t) => t.field === (lang === 'ar' ? 'text' : 'translation')), doc.publicUrl),
        ),
      ),
    ),
  );
}

/** The text with its tags as elements; a tag that crosses another's edge is left out (XML must nest). */
function tagged(text: string, tags: ExchangeTag[], publicUrl: string): XmlChild[] {
  const nested = nestable(tags);
  const build = (from: number, to: number, inside: ExchangeTag[]): XmlChild[] => {
    const out: XmlChild[] = [];
    let at = from;
    for (let i = 0; i < inside.length; ) {
      const tag = inside[i]!;
      const children = [];
      let j = i + 1;
      while (j < inside.length && inside[j]!.start < tag.end) children.push(inside[j++]!);
      out.push(text.slice(at, tag.start));
      out.push(
        el(
          tagElement[tag.kind],
          {
            when: tag.kind === 'date' && tag.normalized && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(tag.normalized) ? tag.normalized : undefined,
            ref: tag.entity ? `${publicUrl}/entities/${tag.entity.id}` : undefined,
            type: tag.kind === 'other' ? 'other' : undefined,
          },
          build(tag.start, tag.end, children),
        ),
      );
      at = tag.end;
      i = j;
    }
    out.push(text.slice(at, to));
    return out;
  };
  return build(0, text.length, nested);
}

/** Tags sorted by start (longer first), without those that overlap another without nesting in it. */
function nestable(tags: ExchangeTag[]): ExchangeTag[] {
  const sorted = [...tags].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: ExchangeTag[] = [];
  const open: ExchangeTag[] = [];
  for (const t of sorted) {
    while (open.length && open.at(-1)!.end <= t.start) open.pop();
    const parent = open.at(-1);
    if (parent && t.end > parent.end) continue; // crosses its parent's end
    if (kept.some((k) => k.start === t.start && k.end === t.end)) continue; // the same span twice
    kept.push(t);
    open.push(t);
  }
  return kept;
}
