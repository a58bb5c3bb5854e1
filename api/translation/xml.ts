/**
 * XML for the CAT formats (TMX, XLIFF) through fast-xml-parser, in one place: the parser
 * options (document order kept, since a segment mixes text and inline codes; entity expansion
 * bounded against "billion laughs" files), the builder options, and reading a segment's text.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../lib/errors';

/** A node as the parser gives it with `preserveOrder`: `{ tag: children, ':@': attributes }` or `{ '#text': value }`. */
export type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: { enabled: true, maxTotalExpansions: 10_000, maxExpandedLength: 1_000_000, maxEntityCount: 100 },
  htmlEntities: false,
});

export const xmlBuilder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  processEntities: true,
});

/** Parses a document, or throws a 400 naming the format and the line of the first error. */
export function parseXml(xml: string, format: string): XmlNode[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new AppError(400, 'invalid_file', `This is not a well-formed ${format} file (line ${valid.err.line}: ${valid.err.msg}).`);
  }
  try {
    return parser.parse(xml) as XmlNode[];
  } catch (err) {
    throw new AppError(400, 'invalid_file', `This ${format} file could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const tagOf = (node: XmlNode) => Object.keys(node).find((k) => k !== ':@');
export const attrs = (node: XmlNode) => node[':@'] ?? {};
export const childrenOf = (node: XmlNode) => (node[tagOf(node) ?? ''] as XmlNode[] | undefined) ?? [];

/** Direct children with a local name (any namespace prefix). */
export function children(node: XmlNode | XmlNode[], name: string): XmlNode[] {
  const list = Array.isArray(node) ? node : childrenOf(node);
  return list.filter((c) => localName(tagOf(c)) === name);
}

export const localName = (tag: string | undefined) => (tag ? tag.slice(tag.indexOf(':') + 1) : '');

/**
 * The translatable text of a segment: text and the text of marking elements (`hi`, `g`, `mrk`),
 * without the native codes that CAT tools wrap in `bpt`, `ept`, `ph`, `it`, `ut`, `x`, `bx`, `ex`.
 */
export function segmentText(nodes: XmlNode[]): string {
  let out = '';
  for (const n of nodes) {
    if ('#text' in n) out += String(n['#text']);
    else {
      const tag = localName(tagOf(n));
      if (['bpt', 'ept', 'ph', 'it', 'ut', 'x', 'bx', 'ex', 'sub'].includes(tag)) continue;
      out += segmentText(childrenOf(n));
    }
  }
  return out;
}
