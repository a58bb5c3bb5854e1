/**
 * Export formats, built from a page OCR'd once for this file (the smallest corpus scan), after a
 * translator has translated and tagged some of it: each format is checked line by line against
 * the lines the API gives, and validated against its published schema (PAGE 2019 and ALTO 4.4
 * XSDs, TEI P5 RELAX NG and element list, the JSON export's own schema, the DOCX package).
 */
import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCertifier } from '../../api/certification/certifiers';
import { documentJsonSchema } from '../../api/exchange/json';
import { closeSharedEngine, fixture, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';
import { schemaErrors, teiP5Elements } from '../helpers/xml-schemas';

type Segment = {
  id: number;
  pageNo: number;
  text: string;
  translation: string;
  ocrText: string;
  version: number;
  status: string;
  box: { x: number; y: number; w: number; h: number };
  words: Array<{ text: string; confidence: number; box: { x: number; y: number; w: number; h: number } }>;
};

/** The same scan with other bytes (re-encoded), so that it is not the one already stored. */
const reencoded = async () => {
  const sharp = (await import('sharp')).default;
  return sharp(fixture('corpus/clean/doc-01-021.jpg')).jpeg({ quality: 97 }).toBuffer();
};

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: false, isArray: (_name, _path, _leaf, isAttribute) => !isAttribute });
type X = Record<string, unknown> & { '#text'?: string[] | string };
const all = (node: unknown, name: string): X[] => ((node as Record<string, X[]>)[name] ?? []) as X[];
const one = (node: unknown, name: string): X => all(node, name)[0]!;
const attr = (node: X, name: string) => node[name] as string | undefined;
const textOf = (node: X | string | undefined): string => (typeof node === 'string' ? node : [node?.['#text'] ?? []].flat().join(''));
const points = (b: Segment['box']) => {
  const [x0, y0, x1, y1] = [b.x, b.y, b.x + b.w, b.y + b.h].map(Math.round);
  return `${x0},${y0} ${x1},${y0} ${x1},${y1} ${x0},${y1}`;
};

describe(`export formats (${databaseKind} database)`, () => {
  let t: TestApp;
  let documentId: number;
  let lines: Segment[];
  let personLine: Segment;
  let personName: string;
  let entityId: number;
  const get = (role: 'researcher' | 'admin' | 'legal', path: string) => t.request(role, path);
  const exported = async (format: string, role: 'researcher' | 'legal' = 'researcher') => {
    const res = await get(role, `/api/documents/${documentId}/export?format=${format}`);
    expect(res.status, await res.clone().text().then((s) => s.slice(0, 300))).toBe(200);
    return res;
  };
  const refresh = async () => {
    lines = ((await (await get('researcher', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] }).segments;
  };

  beforeAll(async () => {
    t = await startTestApp({ ocr: true });
    const res = await t.upload('translator', fixture('corpus/clean/doc-01-021.jpg'), 'branch-251-request.jpg', { title: 'طلب معلومات' });
    documentId = ((await res.json()) as { document: { id: number } }).document.id;
    await t.waitForOcr(documentId);
    expect((await t.json('translator', 'PATCH', `/api/documents/${documentId}`, { archiveRef: 'F251/4649', documentDate: '2023-01-07' })).status).toBe(200);
    await refresh();
    expect(lines.length).toBeGreaterThanOrEqual(5);

    // The translator translates two lines (one also corrected) and tags a person and a date.
    const patch = (s: Segment, body: Record<string, unknown>) => t.json('translator', 'PATCH', `/api/segments/${s.id}`, { version: s.version, ...body });
    expect((await patch(lines[0]!, { translation: 'Syrian Arab Republic' })).status).toBe(200);
    expect((await patch(lines[1]!, { text: 'الفرع ٢٥١ (فرع المنطقة)', translation: 'Branch 251 & "Section" <2>' })).status).toBe(200);
    await refresh();
    personLine = lines.find((l) => l.text.split(/\s+/).length >= 3)!;
    personName = personLine.text.split(/\s+/).slice(0, 2).join(' ');
    const entity = await t.json('translator', 'POST', '/api/entities', { kind: 'person', canonicalAr: personName, canonicalEn: 'Mohammad Darwish' });
    expect(entity.status).toBe(201);
    entityId = ((await entity.json()) as { entity: { id: number } }).entity.id;
    const tagged = await t.json('translator', 'POST', '/api/mentions', {
      segmentId: personLine.id,
      segmentVersion: personLine.version,
      start: 0,
      end: personName.length,
      kind: 'person',
      entityId,
    });
    expect(tagged.status).toBe(201);
    const dated = await patch(lines.find((l) => l.id === lines[2]!.id)!, { translation: 'No. 4649, dated 7 January 2023' });
    expect(dated.status).toBe(200);
    await refresh();
    const dateLine = lines[2]!;
    const dateTag = await t.json('translator', 'POST', '/api/mentions', {
      segmentId: dateLine.id,
      segmentVersion: dateLine.version,
      field: 'translation',
      start: dateLine.translation.indexOf('7 January'),
      end: dateLine.translation.length,
      kind: 'date',
      normalized: '2023-01-07',
    });
    expect(dateTag.status).toBe(201);
    await refresh();
  });
  afterAll(async () => {
    await t?.close();
    await closeSharedEngine();
  });

  it('PAGE XML: regions, reading order, each line with its box, Arabic, English, version and word confidences; valid against the 2019 schema', async () => {
    const res = await exported('page');
    expect(res.headers.get('content-type')).toContain('application/xml');
    expect(res.headers.get('content-disposition')).toContain('.page.xml');
    const xml = await res.text();
    expect(await schemaErrors(xml, 'page-2019')).toEqual([]);

    const page = one(one(parser.parse(xml), 'PcGts'), 'Page');
    expect(attr(page, 'imageFilename')).toBe('branch-251-request.jpg');
    const region = one(page, 'TextRegion');
    expect(attr(one(one(one(page, 'ReadingOrder'), 'OrderedGroup'), 'RegionRefIndexed'), 'regionRef')).toBe(attr(region, 'id'));
    const textLines = all(region, 'TextLine');
    expect(textLines.map((l) => attr(l, 'id'))).toEqual(lines.map((s) => `l_${s.id}`));
    textLines.forEach((l, i) => {
      const s = lines[i]!;
      expect(attr(one(l, 'Coords'), 'points')).toBe(points(s.box));
      const equivs = all(l, 'TextEquiv');
      expect(textOf(one(equivs.find((e) => attr(e, 'index') === '0'), 'Unicode'))).toBe(s.text);
      const english = equivs.find((e) => attr(e, 'index') === '1');
      expect(english ? textOf(one(english, 'Unicode')) : '').toBe(s.translation);
      if (english) expect(attr(english, 'comments')).toBe('translation:en');
      const user = Object.fromEntries(all(one(l, 'UserDefined'), 'UserAttribute').map((a) => [attr(a, 'name'), attr(a, 'value')]));
      expect(user['sijill.segment']).toBe(String(s.id));
      expect(user['sijill.version']).toBe(String(s.version));
      expect(attr(l, 'custom')).toBe(`readingOrder {index:${i};}`);
      // Word confidences where the words are still the recognised ones.
      const words = all(l, 'Word');
      if (s.text === s.ocrText) {
        expect(words.map((w) => textOf(one(one(w, 'TextEquiv'), 'Unicode')))).toEqual(s.words.map((w) => w.text));
        expect(words.map((w) => Number(attr(one(w, 'TextEquiv'), 'conf')))).toEqual(s.words.map((w) => Math.round(w.confidence * 100) / 10000));
      } else {
        expect(words).toEqual([]);
      }
    });
    expect(lines[1]!.text).not.toBe(lines[1]!.ocrText);
    const meta = Object.fromEntries(all(one(one(one(parser.parse(xml), 'PcGts'), 'Metadata'), 'UserDefined'), 'UserAttribute').map((a) => [attr(a, 'name'), attr(a, 'value')]));
    expect(meta['sijill.archiveRef']).toBe('F251/4649');
    expect(meta['sijill.certification']).toBe('none');
    expect(meta['sijill.original.sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ALTO 4: the same lines with positions, words, right-to-left; translation and version as tags; valid against the 4.4 schema', async () => {
    const xml = await (await exported('alto')).text();
    expect(await schemaErrors(xml, 'alto-4')).toEqual([]);
    const alto = one(parser.parse(xml), 'alto');
    const tags = new Map(
      [...all(one(alto, 'Tags'), 'OtherTag'), ...all(one(alto, 'Tags'), 'NamedEntityTag')].map((tag) => [attr(tag, 'ID')!, tag]),
    );
    const block = one(one(one(one(alto, 'Layout'), 'Page'), 'PrintSpace'), 'TextBlock');
    expect(attr(block, 'BASEDIRECTION')).toBe('rtl');
    const textLines = all(block, 'TextLine');
    expect(textLines).toHaveLength(lines.length);
    textLines.forEach((l, i) => {
      const s = lines[i]!;
      expect([attr(l, 'HPOS'), attr(l, 'VPOS'), attr(l, 'WIDTH'), attr(l, 'HEIGHT')].map(Number)).toEqual(
        [s.box.x, s.box.y, s.box.w, s.box.h].map((n) => Math.round(n * 100) / 100),
      );
      expect(attr(l, 'BASEDIRECTION')).toBe('rtl');
      const strings = all(l, 'String');
      expect(strings.map((w) => attr(w, 'CONTENT')).join(' ')).toBe(s.text.split(/\s+/).filter(Boolean).join(' '));
      const refs = attr(l, 'TAGREFS')!.split(' ');
      expect(attr(tags.get(refs[0]!)!, 'LABEL')).toBe(`segment ${s.id} version ${s.version}`);
      const translation = refs.map((r) => tags.get(r)!).find((tag) => attr(tag, 'TYPE') === 'translation');
      expect(translation ? attr(translation, 'LABEL') : '').toBe(s.translation);
      if (s.text === s.ocrText) expect(strings.map((w) => Number(attr(w, 'WC')))).toEqual(s.words.map((w) => Math.round(w.confidence) / 100));
      else expect(attr(l, 'CS')).toBe('true');
    });
    // The tagged person: a named-entity tag on the words of the name.
    const personTag = tags.get(`entity_${entityId}`)!;
    expect(attr(personTag, 'TYPE')).toBe('person');
    expect(attr(personTag, 'DESCRIPTION')).toBe('Mohammad Darwish');
    const personStrings = all(textLines[lines.findIndex((l) => l.id === personLine.id)]!, 'String').slice(0, 2);
    expect(personStrings.every((w) => attr(w, 'TAGREFS') === `entity_${entityId}`)).toBe(true);
  });

  it('TEI P5: facsimile zones, Arabic and English aligned line by line, tags as persName and date when=; valid tei_all, only TEI P5 elements', async () => {
    const xml = await (await exported('tei')).text();
    expect(await schemaErrors(xml, 'tei-all')).toEqual([]);
    const used = new Set([...xml.matchAll(/<([A-Za-z][\w.-]*)[\s/>]/g)].map((m) => m[1]!));
    expect([...used].filter((n) => !teiP5Elements.has(n))).toEqual([]);

    const ordered = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, trimValues: false, parseTagValue: false, parseAttributeValue: false });
    type N = Record<string, unknown> & { ':@'?: Record<string, string> };
    const tree = ordered.parse(xml) as N[];
    const walk = function* (nodes: N[]): Generator<N> {
      for (const n of nodes) {
        yield n;
        const tag = Object.keys(n).find((k) => k !== ':@' && k !== '#text');
        if (tag) yield* walk(n[tag] as N[]);
      }
    };
    const text = (nodes: N[]): string =>
      nodes.map((n) => ('#text' in n ? String(n['#text']) : text(n[Object.keys(n).find((k) => k !== ':@')!] as N[]))).join('');
    const segs = [...walk(tree)].filter((n) => 'seg' in n);
    const byId = new Map(segs.map((s) => [s[':@']!['xml:id']!, s]));
    const zones = new Map([...walk(tree)].filter((n) => 'zone' in n).map((z) => [z[':@']!['xml:id']!, z[':@']!]));
    for (const s of lines) {
      const ar = byId.get(`ar.s${s.id}.v${s.version}`)!;
      const en = byId.get(`en.s${s.id}.v${s.version}`)!;
      expect(text(ar.seg as N[])).toBe(s.text);
      expect(text(en.seg as N[])).toBe(s.translation);
      expect(en[':@']!.corresp).toBe(`#ar.s${s.id}.v${s.version}`);
      const zone = zones.get(ar[':@']!.facs!.slice(1))!;
      expect([zone.ulx, zone.uly, zone.lrx, zone.lry].map(Number)).toEqual([s.box.x, s.box.y, s.box.x + s.box.w, s.box.y + s.box.h].map(Math.round));
    }
    expect(xml).toContain(`<persName ref="http://localhost:8787/entities/${entityId}">${personName}</persName>`);
    expect(xml).toContain('<date when="2023-01-07">7 January 2023</date>');
  });

  it('DOCX: Arabic and English side by side per line, Arabic right to left, with the reference and hash; a sound Word package', async () => {
    const res = await exported('docx');
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/_rels/document.xml.rels', 'word/styles.xml']) expect(files, part).toHaveProperty([part]);
    const decoder = new TextDecoder();
    for (const [name, bytes] of Object.entries(files)) {
      if (name.endsWith('.xml') || name.endsWith('.rels')) expect(() => parser.parse(decoder.decode(bytes)), name).not.toThrow();
    }
    const types = decoder.decode(files['[Content_Types].xml']);
    expect(types).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml');
    const body = one(one(one(parser.parse(decoder.decode(files['word/document.xml'])), 'w:document'), 'w:body'), 'w:tbl');
    const runsText = (p: X) => all(p, 'w:r').map((r) => textOf(one(r, 'w:t'))).join('');
    const rows = all(body, 'w:tr').slice(1);
    expect(rows).toHaveLength(lines.length);
    rows.forEach((row, i) => {
      const s = lines[i]!;
      const [label, arabic, english] = all(row, 'w:tc');
      expect(all(label!, 'w:p').map(runsText)).toEqual([`1.${i + 1}`, `s${s.id} v${s.version}`]);
      const arabicParagraph = one(arabic!, 'w:p');
      expect(runsText(arabicParagraph)).toBe(s.text);
      expect(one(arabicParagraph, 'w:pPr')).toHaveProperty('w:bidi');
      expect(one(one(arabicParagraph, 'w:r'), 'w:rPr')).toHaveProperty('w:rtl');
      expect(runsText(one(english!, 'w:p'))).toBe(s.translation || '—');
    });
    const all_ = decoder.decode(files['word/document.xml']);
    expect(all_).toContain('F251/4649');
    const sha = ((await (await get('researcher', `/api/documents/${documentId}`)).json()) as { document: { sha256: string } }).document.sha256;
    expect(all_).toContain(sha);
    expect(all_).toContain('not certified');
  });

  it('plain text and JSON: the same lines with their versions; the JSON matches its schema', async () => {
    const res = await exported('txt');
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const [i, s] of lines.entries()) {
      expect(text).toContain(`[1.${i + 1} · s${s.id} v${s.version}]\n${s.text}\n${s.translation}\n`);
    }
    const json = documentJsonSchema.parse(await (await exported('json')).json());
    expect(json.pages[0]!.lines.map((l) => [l.segmentId, l.version, l.text, l.translation, l.box])).toEqual(lines.map((s) => [s.id, s.version, s.text, s.translation, s.box]));
    const person = json.pages[0]!.lines.find((l) => l.segmentId === personLine.id)!.tags[0]!;
    expect(person).toMatchObject({ kind: 'person', start: 0, end: personName.length, entity: { id: entityId, nameEn: 'Mohammad Darwish' } });
    expect(json.archiveRef).toBe('F251/4649');
    expect(json.documentDate).toBe('2023-01-07');
    expect(json.certification).toBeNull();
    expect(() => documentJsonSchema.parse({ ...json, pages: [{ ...json.pages[0], lines: [{ text: 1 }] }] })).toThrow();
  });

  it('records each export in the audit chain with the SHA-256 sent, and refuses an unknown format', async () => {
    const res = await exported('alto');
    const sha = res.headers.get('x-sijill-sha256');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
    const { auditEvents } = await import('../../db/schema');
    const { asc, eq } = await import('drizzle-orm');
    // In chain order: without ORDER BY, PostgreSQL may return the rows in any order.
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'document.exported')).orderBy(asc(auditEvents.seq));
    expect(events.at(-1)!.payload).toMatchObject({ kind: 'alto', sha256: sha });
    expect(JSON.stringify(events)).not.toContain(lines[0]!.text);

    const bad = await get('researcher', `/api/documents/${documentId}/export?format=pdf`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/format/);
    expect((await get('researcher', `/api/documents/999999/export?format=page`)).status).toBe(404);
  });

  it('imports a PAGE XML export back with the same lines, boxes and translations, and an ALTO export likewise', async () => {
    const pageXmlExport = await (await exported('page')).text();
    const altoExport = await (await exported('alto')).text();
    // Another archive: the same scan arrives with the transcription exported here.
    const other = await startTestApp({ ocr: true });
    try {
      for (const [format, sidecar, name] of [
        ['page-xml', pageXmlExport, 'branch-251-request.xml'],
        ['alto', altoExport, 'branch-251-request.alto.xml'],
      ] as const) {
        const form = new FormData();
        // ALTO on a re-encoded copy (other bytes, same pixels): the same scan would be "already stored".
        const scan = format === 'page-xml' ? fixture('corpus/clean/doc-01-021.jpg') : await reencoded();
        form.set('file', new File([new Uint8Array(scan)], 'branch-251-request.jpg'));
        form.set('transcription', new File([sidecar], name));
        const res = await other.request('translator', '/api/documents', { method: 'POST', body: form });
        expect(res.status, await res.clone().text()).toBe(201);
        const { document } = (await res.json()) as { document: { id: number; transcriptionFormat: string } };
        expect(document.transcriptionFormat).toBe(format);
        const detail = (await other.waitForOcr(document.id)) as unknown as { pages: Array<{ textSource: string; ocrModel: string }> };
        expect(detail.pages[0]!.textSource).toBe(format);
        const imported = ((await (await other.request('researcher', `/api/documents/${document.id}/segments`)).json()) as { segments: Segment[] }).segments;
        expect(imported.map((l) => [l.text, l.translation])).toEqual(lines.map((l) => [l.text, l.translation]));
        // PAGE coordinates are whole pixels (the schema's points are integers): each edge as rounded.
        // ALTO keeps them to a hundredth of a pixel.
        const edges = (b: Segment['box']) => [b.x, b.y, b.x + b.w, b.y + b.h];
        imported.forEach((l, i) => {
          const want = edges(lines[i]!.box);
          if (format === 'page-xml') expect(edges(l.box)).toEqual(want.map(Math.round));
          else edges(l.box).forEach((v, k) => expect(Math.abs(v - want[k]!)).toBeLessThanOrEqual(0.01));
        });
        // Marked with their origin: the first version says where the line came from.
        const history = (await (await other.request('researcher', `/api/segments/${imported[0]!.id}/versions`)).json()) as { versions: Array<{ note: string | null }> };
        expect(history.versions[0]!.note).toBe(`import:${format}`);
        // Word boxes and confidences of the uncorrected lines come along.
        const uncorrected = lines.findIndex((l) => l.text === l.ocrText && l.words.length > 0);
        expect(imported[uncorrected]!.words.map((w) => w.text)).toEqual(lines[uncorrected]!.words.map((w) => w.text));
        expect(imported[uncorrected]!.words.map((w) => Math.round(w.box.x))).toEqual(lines[uncorrected]!.words.map((w) => Math.round(w.box.x)));
      }
    } finally {
      await other.close();
    }
  });

  it('names the certification in every format once the document is certified', async () => {
    // Reviewed and certified.
    await refresh();
    const approve = await t.json('reviewer', 'POST', `/api/review/pages/${(lines[0] as unknown as { pageId: number }).pageId}`, { action: 'approve' });
    expect(approve.status).toBe(200);
    await setCertifier(t.db, 'legal@example.test', true, null);
    const certified = await t.json('legal', 'POST', `/api/documents/${documentId}/certify`, { place: 'The Hague', qaOverride: { reason: 'Test page: only some lines are translated' } });
    expect(certified.status, await certified.clone().text()).toBe(201);
    const { certification } = (await certified.json()) as { certification: { id: number; pdfSha256: string; snapshotHash: string } };
    await refresh();

    const page = await (await exported('page', 'legal')).text();
    expect(await schemaErrors(page, 'page-2019')).toEqual([]);
    expect(page).toContain(`name="sijill.certification" type="xsd:integer" value="${certification.id}"`);
    expect(page).toContain(certification.pdfSha256);
    const alto = await (await exported('alto', 'legal')).text();
    expect(await schemaErrors(alto, 'alto-4')).toEqual([]);
    expect(alto).toContain(`certified translation ${certification.id}`);
    const tei = await (await exported('tei', 'legal')).text();
    expect(tei).toContain(`Certified translation ${certification.id}`);
    expect(tei).toContain(certification.snapshotHash);
    const docx = unzipSync(new Uint8Array(await (await exported('docx', 'legal')).arrayBuffer()));
    expect(new TextDecoder().decode(docx['word/document.xml'])).toContain(`certified translation ${certification.id}`);
    expect(await (await exported('txt', 'legal')).text()).toContain(`# Certified translation ${certification.id}`);
    const json = documentJsonSchema.parse(await (await exported('json', 'legal')).json());
    expect(json.certification).toMatchObject({ id: certification.id, pdfSha256: certification.pdfSha256 });
    // The versions carried are the certified ones.
    const snapshot = await t.db.query.certifications.findFirst({ where: (c, { eq }) => eq(c.id, certification.id) });
    expect(json.pages.flatMap((p) => p.lines.map((l) => [l.segmentId, l.version]))).toEqual(snapshot!.snapshot.lines.map((l) => [l.segmentId, l.version]));
  });
});
