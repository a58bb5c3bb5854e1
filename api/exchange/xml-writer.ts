/**
 * Writing XML for the exchange formats (PAGE, ALTO, TEI) through fast-xml-parser's builder, in
 * one place. Elements are built as small trees (`el`), then indented here rather than by the
 * builder: the builder's own formatting puts line breaks inside mixed content (a TEI line with a
 * <persName> in it), which would change the text. Only elements that hold elements alone are
 * indented; text and mixed content are written exactly.
 */
import { XMLBuilder } from 'fast-xml-parser';

export type XmlAttributes = Record<string, string | number | boolean | null | undefined>;
export type XmlChild = XmlElement | string | null | undefined | false;
export type XmlElement = { name: string; attributes: XmlAttributes; children: XmlChild[] };

/** An element; attributes whose value is null or undefined are left out, children that are null/false too. */
export function el(name: string, attributes: XmlAttributes = {}, ...children: Array<XmlChild | XmlChild[]>): XmlElement {
  return { name, attributes, children: children.flat() };
}

// Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR; U+FFFE/U+FFFF; lone surrogates).
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as XML can hold it: characters XML forbids are dropped (they cannot be escaped either). */
export const xmlSafe = (text: string) => text.replace(forbidden, '');

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: false,
  suppressEmptyNode: true,
  processEntities: true,
});

type BuilderNode = Record<string, unknown>;

function toBuilder(node: XmlElement, depth: number, indent: string): BuilderNode {
  const kids = node.children.filter((c): c is XmlElement | string => c !== null && c !== undefined && c !== false && c !== '');
  const elementsOnly = kids.length > 0 && kids.every((c) => typeof c !== 'string');
  const out: BuilderNode[] = [];
  for (const kid of kids) {
    if (elementsOnly) out.push({ '#text': `\n${indent.repeat(depth + 1)}` });
    out.push(typeof kid === 'string' ? { '#text': xmlSafe(kid) } : toBuilder(kid, depth + 1, indent));
  }
  if (elementsOnly) out.push({ '#text': `\n${indent.repeat(depth)}` });
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attributes)) {
    if (v !== null && v !== undefined) attrs[`@_${k}`] = xmlSafe(String(v));
  }
  return { [node.name]: out, ':@': attrs };
}

/** The document as UTF-8 text with an XML declaration, indented by two spaces where that changes no text. */
export function serializeXml(root: XmlElement, opts: { indent?: string } = {}): string {
  const body = builder.build([toBuilder(root, 0, opts.indent ?? '  ')]) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}

/** A box as a PAGE/TEI polygon: four corners, clockwise from the top left, whole pixels. */
export function boxPoints(box: { x: number; y: number; w: number; h: number }): string {
  const x0 = Math.round(box.x);
  const y0 = Math.round(box.y);
  const x1 = Math.round(box.x + box.w);
  const y1 = Math.round(box.y + box.h);
  return `${x0},${y0} ${x1},${y0} ${x1},${y1} ${x0},${y1}`;
}

/** The smallest box around all of these (the region around a page's lines). */
export function unionBox(boxes: Array<{ x: number; y: number; w: number; h: number }>) {
  if (boxes.length === 0) return null;
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
