/**
 * TMX 1.4b (LISA/GALA Translation Memory eXchange), read and written for Arabic → English
 * memories: https://www.gala-global.org/tmx-14b. Language tags are matched by their primary
 * subtag, so `ar`, `ar-SY`, `AR-sa` and `en`, `en-GB`, `en-US` all count. A `tu` without both
 * an Arabic and an English `tuv` is skipped and counted; inline codes (`bpt`, `ph`…) are dropped,
 * their text is formatting, not translation.
 */
import { AppError } from '../lib/errors';
import { attrs, children, childrenOf, parseXml, segmentText, xmlBuilder } from './xml';

export type TmxUnit = { source: string; target: string; createdAt: Date | null; changedAt: Date | null; creator: string | null; note: string | null };
export type TmxReadResult = { units: TmxUnit[]; skipped: number; sourceLanguage: string | null };

const primary = (lang: string | undefined) => (lang ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';

/** `20240131T101500Z` (TMX's ISO 8601 basic form) → Date, or null. */
function tmxDate(value: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}
const formatTmxDate = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The Arabic → English pairs of a TMX document. Throws a 400 for a file that is not TMX. */
export function readTmx(xml: string): TmxReadResult {
  const doc = parseXml(xml, 'TMX');
  const [tmx] = children(doc, 'tmx');
  if (!tmx) throw new AppError(400, 'invalid_file', 'This file is XML but not TMX (no <tmx> element).');
  const [header] = children(tmx, 'header');
  const [body] = children(tmx, 'body');
  const units: TmxUnit[] = [];
  let skipped = 0;
  for (const tu of body ? children(body, 'tu') : []) {
    const a = attrs(tu);
    const byLang = new Map<string, string>();
    for (const tuv of children(tu, 'tuv')) {
      const lang = primary(attrs(tuv)['xml:lang'] ?? attrs(tuv).lang);
      const [seg] = children(tuv, 'seg');
      if (seg && (lang === 'ar' || lang === 'en') && !byLang.has(lang)) byLang.set(lang, segmentText(childrenOf(seg)).trim());
    }
    const source = byLang.get('ar');
    const target = byLang.get('en');
    if (!source || !target) {
      skipped++;
      continue;
    }
    const note = children(tu, 'note')
      .map((n) => segmentText(childrenOf(n)).trim())
      .filter(Boolean)
      .join('\n');
    units.push({ source, target, createdAt: tmxDate(a.creationdate), changedAt: tmxDate(a.changedate), creator: a.creationid ?? null, note: note || null });
  }
  return { units, skipped, sourceLanguage: header ? (attrs(header).srclang ?? null) : null };
}

export type TmxExportUnit = { source: string; target: string; createdAt?: Date | null; changedAt?: Date | null; creator?: string | null; collection?: string | null; id?: string };

/** A TMX 1.4b document (UTF-8, `ar` → `en`, plain text) for these pairs. */
export function writeTmx(units: Iterable<TmxExportUnit>, opts: { toolVersion: string; now?: Date }): string {
  const tu = [...units].map((u) => {
    const node: Record<string, unknown> = {};
    if (u.id) node['@_tuid'] = u.id;
    if (u.createdAt) node['@_creationdate'] = formatTmxDate(u.createdAt);
    if (u.changedAt) node['@_changedate'] = formatTmxDate(u.changedAt);
    if (u.creator) node['@_creationid'] = u.creator;
    if (u.collection) node.prop = { '@_type': 'x-sijill-collection', '#text': u.collection };
    node.tuv = [
      { '@_xml:lang': 'ar', seg: u.source },
      { '@_xml:lang': 'en', seg: u.target },
    ];
    return node;
  });
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    tmx: {
      '@_version': '1.4',
      header: {
        '@_creationtool': 'Sijill',
        '@_creationtoolversion': opts.toolVersion,
        '@_segtype': 'sentence',
        '@_o-tmf': 'Sijill',
        '@_adminlang': 'en',
        '@_srclang': 'ar',
        '@_datatype': 'plaintext',
        '@_creationdate': formatTmxDate(opts.now ?? new Date()),
      },
      body: { tu },
    },
  };
  return xmlBuilder.build(doc) as string;
}
