/**
 * Import of existing transcriptions: scans with PAGE XML or ALTO sidecars (as Transkribus and
 * eScriptorium export them), one by one, in a ZIP through the API, and in a folder through
 * `sijill import`. The OCR engine here refuses to run: every line must come from the sidecars.
 * (The round trip of Sijill's own PAGE and ALTO exports is in exchange.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrEngine } from '../../ocr';
import { fixture, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

type Segment = { text: string; translation: string; box: { x: number; y: number; w: number; h: number }; words: Array<{ text: string; confidence: number }> };

/** Fails any page that would be OCR'd: lines here must come from their transcriptions. */
const noOcr: OcrEngine = {
  size: 1,
  recognize: () => Promise.reject(new Error('OCR was asked for a page that has a transcription')),
  close: () => Promise.resolve(),
};

/** A Transkribus-style PAGE 2013 file: two regions whose reading order is the reverse of the file's order. */
const transkribusPage = (image: string, width: number, height: number) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15">
  <Metadata><Creator>Transkribus</Creator><Created>2024-03-01T10:00:00.000+01:00</Created><LastChange>2024-03-01T10:00:00.000+01:00</LastChange></Metadata>
  <Page imageFilename="${image}" imageWidth="${width}" imageHeight="${height}">
    <ReadingOrder><OrderedGroup id="ro1" caption="Regions reading order">
      <RegionRefIndexed index="0" regionRef="r2"/><RegionRefIndexed index="1" regionRef="r1"/>
    </OrderedGroup></ReadingOrder>
    <TextRegion id="r1" custom="readingOrder {index:1;}">
      <Coords points="100,600 900,600 900,700 100,700"/>
      <TextLine id="r1l2" custom="readingOrder {index:1;}">
        <Coords points="100,660 900,660 900,700 100,700"/>
        <TextEquiv><Unicode>رئيس الفرع</Unicode></TextEquiv>
      </TextLine>
      <TextLine id="r1l1" custom="readingOrder {index:0;}">
        <Coords points="100,600 900,600 900,640 100,640"/>
        <Word id="w1"><Coords points="500,600 900,600 900,640 500,640"/><TextEquiv conf="0.91"><Unicode>الموضوع:</Unicode></TextEquiv></Word>
        <Word id="w2"><Coords points="100,600 480,600 480,640 100,640"/><TextEquiv conf="0.62"><Unicode>طلب</Unicode></TextEquiv></Word>
        <TextEquiv conf="0.8"><Unicode>الموضوع: طلب</Unicode></TextEquiv>
      </TextLine>
    </TextRegion>
    <TextRegion id="r2">
      <Coords points="100,100 900,100 900,200 100,200"/>
      <TextLine id="r2l1"><Coords points="120,100 880,100 880,150 120,150"/><TextEquiv><Unicode>الجمهورية العربية السورية</Unicode></TextEquiv></TextLine>
    </TextRegion>
  </Page>
</PcGts>`;

/** An eScriptorium-style ALTO 4 file measuring in tenths of a millimetre (mm10): boxes are scaled to the image. */
const altoMm10 = `<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">
  <Description><MeasurementUnit>mm10</MeasurementUnit><sourceImageInformation><fileName>list.png</fileName></sourceImageInformation>
  <OCRProcessing ID="p1"><ocrProcessingStep><processingSoftware><softwareName>eScriptorium</softwareName></processingSoftware></ocrProcessingStep></OCRProcessing></Description>
  <Layout><Page ID="p1" PHYSICAL_IMG_NR="1" WIDTH="2000" HEIGHT="1000"><PrintSpace>
    <TextBlock ID="b1">
      <TextLine ID="l1" HPOS="200" VPOS="100" WIDTH="1600" HEIGHT="100"><String CONTENT="قائمة" WC="0.9"/><SP/><String CONTENT="الموقوفين" WC="0.7"/></TextLine>
      <TextLine ID="l2" HPOS="200" VPOS="300" WIDTH="1600" HEIGHT="100"><String CONTENT="سامر"/><SP/><String CONTENT="الأحمد"/></TextLine>
    </TextBlock>
  </PrintSpace></Page></Layout>
</alto>`;

const png = (width: number, height: number, shade = 250) =>
  sharp({ create: { width, height, channels: 3, background: { r: shade, g: shade, b: shade } } }).png().toBuffer();

describe(`import of transcriptions (${databaseKind} database)`, () => {
  let t: TestApp;
  const segmentsOf = async (id: number) => ((await (await t.request('researcher', `/api/documents/${id}/segments`)).json()) as { segments: Segment[] }).segments;
  const counts = async () => {
    const { count } = await import('drizzle-orm');
    const { documents } = await import('../../db/schema');
    return (await t.db.select({ n: count() }).from(documents))[0]!.n;
  };

  beforeAll(async () => {
    t = await startTestApp({ ocr: true, engine: noOcr });
  });
  afterAll(() => t?.close());

  it('imports a ZIP of scans with their transcriptions, in reading order, scaled, reporting each file by name', async () => {
    const scan = fixture('corpus/clean/doc-01-029.jpg');
    const { width, height } = await sharp(scan).metadata();
    // A scan uploaded before: reported as already stored.
    const earlier = await png(64, 48, 200);
    expect((await t.upload('translator', earlier, 'earlier.png')).status).toBe(201);
    const zip = zipSync({
      'export/letter.jpg': new Uint8Array(scan),
      // Transkribus puts the PAGE files in page/ beside the images, and they name their image.
      'export/page/letter.xml': new TextEncoder().encode(transkribusPage('letter.jpg', width! / 2, height! / 2)),
      'export/list.png': new Uint8Array(await png(1000, 500)),
      'export/list.xml': new TextEncoder().encode(altoMm10),
      'export/again.png': new Uint8Array(earlier),
      'export/orphan.xml': new TextEncoder().encode(transkribusPage('missing.jpg', 100, 100)),
      'export/mets.xml': new TextEncoder().encode('<?xml version="1.0"?><mets xmlns="http://www.loc.gov/METS/"/>'),
      'export/notes.txt': new TextEncoder().encode('not a scan'),
      '__MACOSX/export/._letter.jpg': new Uint8Array([0, 1, 2]),
    });
    const form = new FormData();
    form.set('file', new File([zip], 'export.zip'));
    form.set('collection', 'Transkribus imports');
    const res = await t.request('admin', '/api/documents/archive', { method: 'POST', body: form });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as {
      results: Array<{ name: string; outcome: string; documentId?: number; transcription?: { format: string } | null; error?: { code: string } }>;
      summary: Record<string, number>;
    };
    const byName = Object.fromEntries(body.results.map((r) => [r.name, r]));
    expect(byName['export/letter.jpg']).toMatchObject({ outcome: 'created', transcription: { format: 'page-xml' } });
    expect(byName['export/list.png']).toMatchObject({ outcome: 'created', transcription: { format: 'alto' } });
    expect(byName['export/again.png']).toMatchObject({ outcome: 'existing' });
    expect(byName['export/orphan.xml']).toMatchObject({ outcome: 'failed', error: { code: 'unpaired_transcription' } });
    expect(byName['export/mets.xml']).toMatchObject({ outcome: 'skipped' });
    expect(byName['export/notes.txt']).toMatchObject({ outcome: 'failed', error: { code: 'unsupported_type' } });
    expect(Object.keys(byName).some((n) => n.includes('__MACOSX'))).toBe(false);
    expect(body.summary).toMatchObject({ created: 2, existing: 1, failed: 2, skipped: 1, withTranscription: 2 });

    const letter = byName['export/letter.jpg']!.documentId!;
    const detail = (await t.waitForOcr(letter)) as { document: { status: string; collection: string }; pages: Array<{ textSource: string; ocrEngine: string }> };
    expect(detail.document).toMatchObject({ status: 'in_progress', collection: 'Transkribus imports' });
    expect(detail.pages[0]).toMatchObject({ textSource: 'page-xml', ocrEngine: 'Transkribus' });
    const lines = await segmentsOf(letter);
    // The reading order's regions first to last, and the lines by their readingOrder index.
    expect(lines.map((l) => l.text)).toEqual(['الجمهورية العربية السورية', 'الموضوع: طلب', 'رئيس الفرع']);
    // Drawn on an image half the size: boxes doubled to the scan's pixels.
    expect(lines[0]!.box).toEqual({ x: 240, y: 200, w: 1520, h: 100 });
    expect(lines[1]!.words.map((w) => [w.text, w.confidence])).toEqual([['الموضوع:', 91], ['طلب', 62]]);

    const list = byName['export/list.png']!.documentId!;
    await t.waitForOcr(list);
    const listLines = await segmentsOf(list);
    expect(listLines.map((l) => l.text)).toEqual(['قائمة الموقوفين', 'سامر الأحمد']);
    // 2000 × 1000 mm10 over a 1000 × 500 pixel image.
    expect(listLines[1]!.box).toEqual({ x: 100, y: 150, w: 800, h: 50 });
  });

  it('refuses a scan whose transcription is not PAGE XML or ALTO, or does not fit it, storing nothing', async () => {
    const before = await counts();
    const send = (transcription: string) => {
      const form = new FormData();
      form.set('file', new File([new Uint8Array(fixture('corpus/clean/doc-01-028.jpg'))], 'scan.jpg'));
      form.set('transcription', new File([transcription], 'scan.xml'));
      return t.request('translator', '/api/documents', { method: 'POST', body: form });
    };
    for (const [bad, says] of [
      ['<html><body>not a transcription</body></html>', /neither a PAGE XML file/],
      ['<PcGts><Page', /not a well-formed/],
      [`<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout>${'<Page ID="p" WIDTH="1" HEIGHT="1"/>'.repeat(3)}</Layout></alto>`, /describes 3 pages, but the scan has 1/],
    ] as const) {
      const res = await send(bad);
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe('invalid_transcription');
      expect(body.message).toMatch(says);
    }
    expect(await counts()).toBe(before);
    const { sha256Hex } = await import('../../api/storage/blob-store');
    expect(await t.deps.blobs.has('original', sha256Hex(fixture('corpus/clean/doc-01-028.jpg')))).toBe(false);
  });

  it('refuses a damaged archive and one that is not a ZIP', async () => {
    for (const bytes of [new TextEncoder().encode('PK\u0003\u0004 broken'), new Uint8Array(fixture('corpus/clean/doc-01-028.jpg'))]) {
      const form = new FormData();
      form.set('file', new File([bytes], 'batch.zip'));
      const res = await t.request('translator', '/api/documents/archive', { method: 'POST', body: form });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { message: string }).message).toMatch(/ZIP archive is damaged/);
    }
  });

  it('links a person known only from a restricted collection in tags suggested on its documents, never on an open collection’s', async () => {
    // A fictional person, registered before any document mentions them, so visible to everyone
    // until the first restricted import links them; then known only from the restricted collection.
    const name = 'مهند فايز العبدالله';
    expect((await t.json('admin', 'POST', '/api/collections', { name: 'Closed branch files', restricted: true })).status).toBe(201);
    expect((await t.json('admin', 'POST', '/api/collections', { name: 'Open branch files' })).status).toBe(201);
    const person = ((await (await t.json('admin', 'POST', '/api/entities', { kind: 'person', canonicalAr: name, canonicalEn: 'Muhannad Fayez al-Abdullah' })).json()) as { entity: { id: number } }).entity.id;
    const pageXml = (line: string) => `<?xml version="1.0" encoding="UTF-8"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15">
  <Page imageFilename="scan.png" imageWidth="1000" imageHeight="800">
    <TextRegion id="r1"><Coords points="100,100 900,100 900,200 100,200"/>
      <TextLine id="l1"><Coords points="100,100 900,100 900,150 100,150"/><TextEquiv><Unicode>${line}</Unicode></TextEquiv></TextLine>
    </TextRegion>
  </Page>
</PcGts>`;
    let shade = 200;
    // A scan (its own bytes: documents are stored by SHA-256) with its PAGE XML, as a translator
    // uploads it into a collection; its lines are written by the OCR runner, tags suggested without a user.
    const imported = async (collection: string, line: string) => {
      const form = new FormData();
      form.set('file', new File([new Uint8Array(await png(1000, 800, shade++))], 'scan.png'));
      form.set('transcription', new File([pageXml(line)], 'scan.xml'));
      form.set('collection', collection);
      const res = await t.request('admin', '/api/documents', { method: 'POST', body: form });
      expect(res.status).toBe(201);
      const id = ((await res.json()) as { document: { id: number } }).document.id;
      await t.waitForOcr(id);
      const { segments } = (await (await t.request('admin', `/api/documents/${id}/segments`)).json()) as { segments: Segment[] };
      expect(segments.map((l) => l.text)).toEqual([line]);
      return id;
    };
    type Tag = { id: number; kind: string; entityId: number | null; start: number; end: number; status: string };
    const tagsOf = async (documentId: number) =>
      ((await (await t.request('admin', `/api/mentions?documentId=${documentId}&status=suggested,accepted,rejected`)).json()) as { mentions: Tag[] }).mentions.filter((m) => m.kind === 'person');
    const line = `شوهد المدعو ${name} في حمص`;
    const at = { start: line.indexOf(name), end: line.indexOf(name) + name.length };

    const first = await imported('Closed branch files', line);
    expect(await tagsOf(first)).toEqual([expect.objectContaining({ entityId: person, ...at, status: 'suggested' })]);

    // An open collection's document: the name is still suggested, as a name the register does not
    // hold for its readers, but not linked to the person (which would show them to every reader).
    const open = await imported('Open branch files', line);
    const openTags = await tagsOf(open);
    expect(openTags.map((m) => m.entityId)).not.toContain(person);
    expect(openTags.some((m) => m.entityId === null && m.start < at.end && at.start < m.end)).toBe(true);
    // Nor when someone who sees the person (an admin) asks for suggestions on it again (the
    // unlinked tag removed, so that the name is read afresh): the tags are for all its readers.
    for (const m of openTags) expect((await t.request('admin', `/api/mentions/${m.id}`, { method: 'DELETE' })).status).toBeLessThan(300);
    expect((await t.json('admin', 'POST', '/api/mentions/suggest', { documentId: open })).status).toBe(200);
    const asked = await tagsOf(open);
    expect(asked.map((m) => m.entityId)).not.toContain(person);
    expect(asked.some((m) => m.entityId === null && m.start < at.end && at.start < m.end)).toBe(true);
    // Nor when an editor who sees the person (an admin) edits a tagged name on an open line into theirs.
    const other = ((await (await t.json('admin', 'POST', '/api/entities', { kind: 'person', canonicalAr: 'سامر الأحمد', canonicalEn: 'Samer al-Ahmad' })).json()) as { entity: { id: number } }).entity.id;
    const edited = await imported('Open branch files', 'شوهد المدعو سامر الأحمد في حمص');
    const [tag] = await tagsOf(edited);
    expect(tag!.entityId).toBe(other);
    expect((await t.json('admin', 'POST', `/api/mentions/${tag!.id}/accept`, {})).status).toBe(200);
    const [before] = ((await (await t.request('admin', `/api/documents/${edited}/segments`)).json()) as { segments: Array<Segment & { id: number; version: number }> }).segments;
    const patched = await t.json('admin', 'PATCH', `/api/segments/${before!.id}`, { version: before!.version, text: before!.text.replace('سامر الأحمد', name) });
    expect(patched.status).toBe(200);
    const after = await tagsOf(edited);
    expect(after.map((m) => m.id)).toContain(tag!.id);
    expect(after.map((m) => m.entityId)).not.toContain(person);
    expect((await t.request('researcher', `/api/entities/${person}`)).status).toBe(404);

    // Another document of the restricted collection: its readers all see the person.
    const second = await imported('Closed branch files', line);
    expect(await tagsOf(second)).toEqual([expect.objectContaining({ entityId: person, ...at, status: 'suggested' })]);
  });

  it('sijill import takes a Transkribus export folder: scans with their page/ transcriptions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sijill-import-'));
    const previous = process.env.DATA_DIR;
    try {
      mkdirSync(join(dir, 'page'));
      const scan = await sharp(fixture('corpus/clean/doc-01-017.jpg')).jpeg({ quality: 90 }).toBuffer();
      const { width, height } = await sharp(scan).metadata();
      writeFileSync(join(dir, 'p001.jpg'), scan);
      writeFileSync(join(dir, 'page', 'p001.xml'), transkribusPage('p001.jpg', width!, height!));
      process.env.DATA_DIR = t.testDb.dataDir; // the CLI's blob store: the test app's
      const { runImport } = await import('../../api/cli/import');
      const out: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
      let code: number;
      try {
        code = await runImport(t.deps.database, [dir, '--collection', 'Transkribus imports']);
      } finally {
        process.stdout.write = write;
      }
      expect(code).toBe(0);
      expect(out.join('')).toMatch(/imported {2}p001\.jpg {2}→ document \d+ \(lines from page\/p001\.xml, page-xml\)/);
      expect(out.join('')).toContain('1 imported (1 with their transcription)');
      const id = Number(/document (\d+)/.exec(out.join(''))![1]);
      t.deps.notifyJobs();
      await t.waitForOcr(id);
      expect((await segmentsOf(id)).map((l) => l.text)).toEqual(['الجمهورية العربية السورية', 'الموضوع: طلب', 'رئيس الفرع']);
    } finally {
      process.env.DATA_DIR = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
