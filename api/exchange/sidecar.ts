/**
 * Reading existing transcriptions: a PAGE XML (2010–2019 namespaces, as Transkribus, eScriptorium,
 * kraken and OCR-D write it) or ALTO (v2–v4) file that comes with a scan. What it gives is what
 * OCR would have given: per page, lines in reading order with their boxes (the bounding box of a
 * line's polygon), text, word boxes and confidences, and — when the file is one of Sijill's own
 * exports — the English translation of each line. Coordinates are in the sidecar's own image
 * space (`imageWidth` × `imageHeight`); the OCR job scales them to the page image it renders.
 */
import type { Box, OcrWord, TranscriptionFormat } from '../../db/schema';
import { AppError } from '../lib/errors';
import { attrs, children, childrenOf, localName, parseXml, tagOf, type XmlNode } from '../translation/xml';
import { translationComment } from './page-xml';

export type SidecarLine = { box: Box; text: string; translation: string; /** 0–100 */ confidence: number | null; words: OcrWord[] };
export type SidecarPage = { imageName: string | null; imageWidth: number | null; imageHeight: number | null; lines: SidecarLine[] };
export type Sidecar = { format: TranscriptionFormat; creator: string | null; pages: SidecarPage[] };

/** Whether these bytes look like a PAGE XML or ALTO file (by its root element), without parsing it all. */
export function sniffSidecar(bytes: Uint8Array): TranscriptionFormat | null {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  if (/<(\w+:)?PcGts[\s>]/.test(head)) return 'page-xml';
  if (/<(\w+:)?alto[\s>]/.test(head)) return 'alto';
  return null;
}

/**
 * Parses a sidecar. Errors (AppError 422 `invalid_transcription`) say what is wrong: not XML,
 * neither PAGE nor ALTO, or no page in it.
 */
export function parseSidecar(bytes: Uint8Array, fileName = 'transcription'): Sidecar {
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw invalid(`${fileName} is not UTF-8 text; PAGE XML and ALTO files are.`);
  }
  let nodes: XmlNode[];
  try {
    nodes = parseXml(xml, 'PAGE XML or ALTO');
  } catch (err) {
    throw invalid(`${fileName}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const root = nodes.find((n) => ['PcGts', 'alto'].includes(localName(tagOf(n))));
  if (!root) throw invalid(`${fileName} is neither a PAGE XML file (root PcGts) nor an ALTO file (root alto).`);
  const sidecar = localName(tagOf(root)) === 'PcGts' ? readPage(root) : readAlto(root);
  if (sidecar.pages.length === 0) throw invalid(`${fileName} has no page in it.`);
  return sidecar;
}

const invalid = (message: string) => new AppError(422, 'invalid_transcription', message);

const num = (v: string | undefined) => {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) ? n : null;
};
/** All the text under a node (an element's character content). */
function textContent(node: XmlNode): string {
  return childrenOf(node)
    .map((c) => ('#text' in c ? String(c['#text']) : textContent(c)))
    .join('');
}
/** Every descendant with this local name, in document order, not looking inside matches. */
function descendants(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const c of childrenOf(node)) {
    if ('#text' in c) continue;
    if (localName(tagOf(c)) === name) out.push(c);
    else out.push(...descendants(c, name));
  }
  return out;
}

function boundingBox(points: Array<[number, number]>): Box | null {
  if (points.length === 0) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}

// ------------------------------------------------------------------------------------- PAGE

function pagePoints(element: XmlNode): Box | null {
  const coords = children(element, 'Coords')[0];
  if (!coords) return null;
  const list = attrs(coords).points;
  if (list) {
    const pts = list
      .trim()
      .split(/\s+/)
      .map((p) => p.split(',').map(Number) as [number, number])
      .filter((p) => p.length === 2 && p.every(Number.isFinite));
    return boundingBox(pts);
  }
  // PAGE 2010: <Coords><Point x= y=/></Coords>
  return boundingBox(children(coords, 'Point').map((p) => [Number(attrs(p).x), Number(attrs(p).y)] as [number, number]).filter((p) => p.every(Number.isFinite)));
}

/** The main text of an element: the TextEquiv with the lowest index that is not a translation. */
function pageText(element: XmlNode): { text: string | null; translation: string; conf: number | null } {
  const equivs = children(element, 'TextEquiv');
  const isTranslation = (e: XmlNode) => (attrs(e).comments ?? '').startsWith('translation');
  const main = equivs.filter((e) => !isTranslation(e)).sort((a, b) => (num(attrs(a).index) ?? 0) - (num(attrs(b).index) ?? 0))[0];
  const translation = equivs.find((e) => attrs(e).comments === translationComment) ?? equivs.find(isTranslation);
  const unicode = (e: XmlNode | undefined) => {
    const u = e && children(e, 'Unicode')[0];
    return u ? textContent(u) : null;
  };
  const conf = main ? num(attrs(main).conf) : null;
  return { text: unicode(main), translation: unicode(translation) ?? '', conf: conf === null ? null : conf * 100 };
}

/** Transkribus keeps reading order in `custom="readingOrder {index:N;}"`. */
const customIndex = (node: XmlNode) => num(/readingOrder\s*\{[^}]*index:\s*(\d+)/.exec(attrs(node).custom ?? '')?.[1]);

function readPage(root: XmlNode): Sidecar {
  const metadata = children(root, 'Metadata')[0];
  const creator = metadata && children(metadata, 'Creator')[0] ? textContent(children(metadata, 'Creator')[0]!).trim() || null : null;
  const pages = children(root, 'Page').map((page) => {
    const a = attrs(page);
    // Every region in the file (regions nest in tables and in other regions), by id.
    const regions = new Map<string, XmlNode>();
    const topLevel: XmlNode[] = [];
    for (const c of childrenOf(page)) {
      const name = localName(tagOf(c));
      if (!name.endsWith('Region')) continue;
      topLevel.push(c);
    }
    const index = (n: XmlNode) => {
      const id = attrs(n).id;
      if (id) regions.set(id, n);
      for (const c of childrenOf(n)) if (localName(tagOf(c)).endsWith('Region')) index(c);
    };
    topLevel.forEach(index);
    // The reading order's region references, depth first; then what it leaves out, in document order.
    const ordered: XmlNode[] = [];
    const seen = new Set<XmlNode>();
    const readingOrder = children(page, 'ReadingOrder')[0];
    const walk = (group: XmlNode) => {
      const members = childrenOf(group).filter((c) => !('#text' in c));
      const sorted = members.some((m) => attrs(m).index !== undefined)
        ? [...members].sort((x, y) => (num(attrs(x).index) ?? 0) - (num(attrs(y).index) ?? 0))
        : members;
      for (const m of sorted) {
        const ref = attrs(m).regionRef;
        const region = ref ? regions.get(ref) : undefined;
        if (region && !seen.has(region)) {
          seen.add(region);
          ordered.push(region);
        }
        if (/Group/.test(localName(tagOf(m)))) walk(m);
      }
    };
    if (readingOrder) walk(readingOrder);
    for (const r of topLevel) if (!seen.has(r)) ordered.push(r);

    const lines: SidecarLine[] = [];
    const taken = new Set<XmlNode>();
    const collect = (region: XmlNode) => {
      if (taken.has(region)) return;
      taken.add(region);
      const own = children(region, 'TextLine');
      const sorted = own.every((l) => customIndex(l) !== null) ? [...own].sort((x, y) => customIndex(x)! - customIndex(y)!) : own;
      for (const line of sorted) {
        const box = pagePoints(line);
        if (!box) continue;
        const words = children(line, 'Word').flatMap((w): OcrWord[] => {
          const wb = pagePoints(w);
          const t = pageText(w);
          return wb && t.text !== null ? [{ text: t.text, confidence: t.conf ?? 0, box: wb }] : [];
        });
        const t = pageText(line);
        const text = (t.text ?? words.map((w) => w.text).join(' ')).normalize('NFC');
        lines.push({ box, text, translation: t.translation.normalize('NFC'), confidence: t.conf, words });
      }
      // Regions inside this one (table cells, nested paragraphs), in document order.
      for (const c of childrenOf(region)) if (localName(tagOf(c)).endsWith('Region')) collect(c);
    };
    ordered.forEach(collect);
    return { imageName: a.imageFilename ?? null, imageWidth: num(a.imageWidth), imageHeight: num(a.imageHeight), lines };
  });
  return { format: 'page-xml', creator, pages };
}

// ------------------------------------------------------------------------------------- ALTO

function altoBox(a: Record<string, string>): Box | null {
  const [x, y, w, h] = [num(a.HPOS), num(a.VPOS), num(a.WIDTH), num(a.HEIGHT)];
  return x === null || y === null || w === null || h === null ? null : { x, y, w, h };
}

function readAlto(root: XmlNode): Sidecar {
  const description = children(root, 'Description')[0];
  const software = description ? descendants(description, 'softwareName').map(textContent).map((s) => s.trim()).filter(Boolean) : [];
  const fileName = description ? descendants(description, 'fileName').map(textContent)[0]?.trim() || null : null;
  // Translations written by Sijill: OtherTag TYPE="translation", the text in LABEL.
  const translations = new Map<string, string>();
  const tags = children(root, 'Tags')[0];
  if (tags) for (const t of children(tags, 'OtherTag')) if (attrs(t).TYPE === 'translation' && attrs(t).ID) translations.set(attrs(t).ID!, attrs(t).LABEL ?? '');
  const layout = children(root, 'Layout')[0];
  const pages = (layout ? children(layout, 'Page') : []).map((page) => {
    const lines: SidecarLine[] = [];
    for (const line of descendants(page, 'TextLine')) {
      const a = attrs(line);
      const strings = children(line, 'String');
      const words = strings.flatMap((s): OcrWord[] => {
        const sa = attrs(s);
        const box = altoBox(sa);
        const wc = num(sa.WC);
        return box && sa.CONTENT ? [{ text: sa.CONTENT, confidence: wc === null ? 0 : wc * 100, box }] : [];
      });
      const text = strings
        .map((s) => attrs(s).CONTENT ?? '')
        .filter(Boolean)
        .join(' ')
        .normalize('NFC');
      const box = altoBox(a) ?? boundingBox(words.flatMap((w) => [[w.box.x, w.box.y], [w.box.x + w.box.w, w.box.y + w.box.h]] as Array<[number, number]>));
      if (!box) continue;
      const translation = (a.TAGREFS ?? '').split(/\s+/).map((id) => translations.get(id)).find((t) => t !== undefined) ?? '';
      const confs = words.filter((w) => w.confidence > 0).map((w) => w.confidence);
      lines.push({
        box,
        text,
        translation: translation.normalize('NFC'),
        confidence: confs.length ? confs.reduce((s, c) => s + c, 0) / confs.length : null,
        words: words.length === text.split(/\s+/).filter(Boolean).length ? words : [],
      });
    }
    const pa = attrs(page);
    return { imageName: fileName, imageWidth: num(pa.WIDTH), imageHeight: num(pa.HEIGHT), lines };
  });
  return { format: 'alto', creator: software.join('; ') || null, pages };
}

/**
 * The sidecar's lines for one page, in the pixels of the page image as rendered: scaled by the
 * ratio of the image sizes when the sidecar names its image's size (ALTO in mm10 or inch1200
 * units, a PAGE file made on a downscaled image), else taken as they are.
 */
export function sidecarLinesFor(sidecar: Sidecar, pageIndex: number, rendered: { width: number; height: number }) {
  const page = sidecar.pages[pageIndex];
  if (!page) return null;
  const sx = page.imageWidth ? rendered.width / page.imageWidth : 1;
  const sy = page.imageHeight ? rendered.height / page.imageHeight : sx;
  const scale = (b: Box): Box =>
    sx === 1 && sy === 1 ? b : { x: round(b.x * sx), y: round(b.y * sy), w: round(b.w * sx), h: round(b.h * sy) };
  return page.lines.map((l) => ({ ...l, box: scale(l.box), words: l.words.map((w) => ({ ...w, box: scale(w.box) })) }));
}

const round = (n: number) => Math.round(n * 100) / 100;
