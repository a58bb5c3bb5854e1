/**
 * ActualText spans of a PDF page made visible to a mupdf device.
 *
 * A writer puts `/Span <</ActualText (…)>> BDC … EMC` around glyphs whose font cannot say
 * what they stand for: Chromium around every Arabic glyph cluster (a mirrored bracket, a
 * shadda-with-fatha glyph), LibreOffice around a letter with its marks. mupdf's JavaScript
 * device is not told about such spans, so this rewrites the page's content streams in memory:
 * right after each such BDC it opens a `/Layer <</Title (sijill-actualtext-N)>> BDC` span (a
 * marked-content form mupdf reports to devices as beginLayer/endLayer) and closes it right
 * before the matching EMC. The glyphs drawn in between are the span's; the text is returned
 * by N. Only the page being read is changed, in the document opened for reading it.
 */
import type { PDFDocument, PDFObject, PDFPage } from 'mupdf';

export const ACTUALTEXT_LAYER = 'sijill-actualtext-';

const WHITESPACE = new Set([0, 9, 10, 12, 13, 32]);
const DELIMITER = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

type Token = { kind: 'string' | 'hex' | 'name' | 'open' | 'close' | 'other'; start: number; end: number };

/** The tokens of a content stream (enough of the syntax to find operators and their operands). */
function* tokens(b: Uint8Array): Generator<Token> {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (WHITESPACE.has(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === 0x25 /* % */) {
      while (i < n && b[i] !== 10 && b[i] !== 13) i++;
      continue;
    }
    if (c === 0x28 /* ( */) {
      let depth = 0;
      for (; i < n; i++) {
        if (b[i] === 0x5c) i++;
        else if (b[i] === 0x28) depth++;
        else if (b[i] === 0x29 && --depth === 0) break;
      }
      yield { kind: 'string', start, end: ++i };
      continue;
    }
    if (c === 0x3c /* < */) {
      if (b[i + 1] === 0x3c) {
        yield { kind: 'open', start, end: (i += 2) };
        continue;
      }
      while (i < n && b[i] !== 0x3e) i++;
      yield { kind: 'hex', start, end: ++i };
      continue;
    }
    if (c === 0x3e /* > */ && b[i + 1] === 0x3e) {
      yield { kind: 'close', start, end: (i += 2) };
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      yield { kind: 'open', start, end: ++i };
      continue;
    }
    if (c === 0x5d || c === 0x7d) {
      yield { kind: 'close', start, end: ++i };
      continue;
    }
    i++;
    while (i < n && !WHITESPACE.has(b[i]!) && !DELIMITER.has(b[i]!)) i++;
    const kind = c === 0x2f ? 'name' : 'other';
    yield { kind, start, end: i };
    // inline image data: binary up to the EI operator
    if (kind === 'other' && i - start === 2 && b[start] === 0x49 && b[start + 1] === 0x44 /* ID */) {
      i++;
      while (i < n && !(WHITESPACE.has(b[i - 1]!) && b[i] === 0x45 && b[i + 1] === 0x49 && (i + 2 >= n || WHITESPACE.has(b[i + 2]!)))) i++;
    }
  }
}

const latin1 = (b: Uint8Array, t: Token) => Buffer.from(b.subarray(t.start, t.end)).toString('latin1');

/** The bytes of a literal or hex string token. */
function stringBytes(b: Uint8Array, t: Token): Uint8Array {
  const s = latin1(b, t);
  if (t.kind === 'hex') {
    const hex = s.slice(1, -1).replace(/[^0-9a-fA-F]/g, '');
    return Uint8Array.from(Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex'));
  }
  const out: number[] = [];
  const body = s.slice(1, -1);
  const ESC: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out.push(ch.charCodeAt(0));
      continue;
    }
    const next = body[++i] ?? '';
    if (next in ESC) out.push(ESC[next]!);
    else if (/[0-7]/.test(next)) {
      let oct = next;
      while (oct.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) oct += body[++i];
      out.push(parseInt(oct, 8) & 0xff);
    } else if (next === '\r' && body[i + 1] === '\n') i++;
  }
  return Uint8Array.from(out);
}

/** A PDF text string: UTF-16BE or UTF-8 with a byte-order mark, else PDFDocEncoding (Latin-1 here). */
function textString(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return Buffer.from(bytes.subarray(3)).toString('utf8');
  return Buffer.from(bytes).toString('latin1');
}

type Rewrite = { bytes: Uint8Array; changed: boolean };

/**
 * Adds the layer markers to one content stream. `properties` resolves a named property list
 * (`/Span /P0 BDC`); `texts` collects the ActualText strings (marker N is texts[N]).
 */
function markStream(b: Uint8Array, properties: (name: string) => string | null, texts: string[], forms: (name: string) => void): Rewrite {
  const inserts: { at: number; text: string }[] = [];
  const stack: boolean[] = [];
  let operands: Token[] = [];
  for (const t of tokens(b)) {
    if (t.kind !== 'other' || /^[-+.\d]/.test(latin1(b, t)) || latin1(b, t) === 'true' || latin1(b, t) === 'false' || latin1(b, t) === 'null') {
      operands.push(t);
      continue;
    }
    const op = latin1(b, t);
    if (op === 'BDC') {
      let actual: string | null = null;
      const props = operands.slice(1);
      if (props.length === 1 && props[0]!.kind === 'name') actual = properties(latin1(b, props[0]!).slice(1));
      else {
        let depth = 0;
        for (let k = 0; k < props.length; k++) {
          const p = props[k]!;
          if (p.kind === 'open') depth++;
          else if (p.kind === 'close') depth--;
          else if (depth === 1 && p.kind === 'name' && latin1(b, p) === '/ActualText') {
            const v = props[k + 1];
            if (v && (v.kind === 'string' || v.kind === 'hex')) actual = textString(stringBytes(b, v));
          }
        }
      }
      stack.push(actual !== null);
      if (actual !== null) {
        inserts.push({ at: t.end, text: ` /Layer <</Title (${ACTUALTEXT_LAYER}${texts.length})>> BDC ` });
        texts.push(actual);
      }
    } else if (op === 'BMC') stack.push(false);
    else if (op === 'EMC') {
      if (stack.pop()) inserts.push({ at: t.start, text: ' EMC ' });
    } else if (op === 'Do' && operands.length === 1 && operands[0]!.kind === 'name') forms(latin1(b, operands[0]!).slice(1));
    operands = [];
  }
  if (!inserts.length) return { bytes: b, changed: false };
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const ins of inserts) {
    parts.push(b.subarray(from, ins.at), Buffer.from(ins.text, 'latin1'));
    from = ins.at;
  }
  parts.push(b.subarray(from));
  return { bytes: Buffer.concat(parts), changed: true };
}

const ACTUALTEXT = Buffer.from('ActualText', 'latin1');

/**
 * Marks the ActualText spans of a page and of the forms it draws; returns their texts (by
 * marker number), empty when the page has none. Changes the document in memory.
 */
export function markActualText(doc: PDFDocument, page: PDFPage): string[] {
  const texts: string[] = [];
  const visited = new Set<number>();
  const propertiesOf = (resources: PDFObject) => (name: string) => {
    const v = resources.isNull() ? null : resources.get('Properties').get(name).get('ActualText');
    return v && v.isString() ? v.asString() : null;
  };
  const formsOf = (resources: PDFObject) => (name: string) => {
    if (resources.isNull()) return;
    const form = resources.get('XObject').get(name);
    if (!form.isStream() || form.get('Subtype').asName() !== 'Form') return;
    const id = form.isIndirect() ? form.asIndirect() : -1;
    if (id >= 0 && visited.has(id)) return;
    if (id >= 0) visited.add(id);
    const own = form.get('Resources');
    const res = own.isNull() ? resources : own;
    const r = markStream(form.readStream().asUint8Array(), propertiesOf(res), texts, formsOf(res));
    if (r.changed) form.writeStream(r.bytes);
  };
  const obj = page.getObject();
  const resources = obj.getInheritable('Resources');
  const contents = obj.get('Contents');
  const streams: PDFObject[] = contents.isArray() ? Array.from({ length: contents.length }, (_, i) => contents.get(i)) : [contents];
  const whole = Buffer.concat(streams.filter((s) => s.isStream()).flatMap((s) => [s.readStream().asUint8Array(), Buffer.from('\n')]));
  // a page without the word (and with no named property lists) has nothing to mark
  const named = !resources.isNull() && !resources.get('Properties').isNull();
  if (!whole.includes(ACTUALTEXT) && !named && resources.get('XObject').isNull()) return texts;
  const r = markStream(whole, propertiesOf(resources), texts, formsOf(resources));
  if (r.changed) obj.put('Contents', doc.addStream(r.bytes, {}));
  return texts;
}
