/**
 * Hostile requests (issue 12): bodies over their limit, NUL characters, ids past the integer
 * range, requests from other sites, password guessing across accounts, bidi controls in names,
 * oversized attribute objects, crafted ZIP archives, PUBLIC_URL. Each answer is clear JSON, and
 * nothing is stored. (Slow clients and oversized URLs on a real socket: tests/unit/http-server.test.ts.)
 */
import { count, eq } from 'drizzle-orm';
import { zipSync } from 'fflate';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents, documents, entities, segments } from '../../db/schema';
import { fixture, seedDocument, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

let t: TestApp;
let addressNo = 0;
/** Each test signs in from an address of its own (TRUST_PROXY is on), so limits do not spill over. */
const newAddress = () => `198.51.100.${++addressNo}`;

const call = (path: string, init: RequestInit & { role?: 'admin' | 'translator' | null; address?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.role) headers.set('authorization', `Bearer ${tokens[init.role]}`);
  headers.set('x-forwarded-for', init.address ?? '203.0.113.1');
  return t.app.request(path, { ...init, headers });
};
const jsonCall = (method: string, path: string, body: unknown, opts: { role?: 'admin' | 'translator' | null; address?: string; headers?: Record<string, string> } = {}) =>
  call(path, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...opts.headers }, role: opts.role, address: opts.address });
const tokens = {} as Record<'admin' | 'translator', string>;

/** A body produced as it is read, `total` bytes in 64 KB chunks, counting what the server pulled. */
function streamedBody(total: number, fill = 0x20) {
  const chunk = new Uint8Array(64 * 1024).fill(fill);
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(pulled.bytes === chunk.byteLength ? new TextEncoder().encode('{"email":"') : chunk);
    },
  });
  return { stream, pulled };
}

describe(`hostile requests (${databaseKind} database)`, () => {
  let segment: { id: number; version: number };
  let documentId: number;

  beforeAll(async () => {
    t = await startTestApp({ config: { trustProxy: true } });
    for (const role of ['admin', 'translator'] as const) {
      const res = await t.json(role, 'POST', '/api/tokens', { name: 'hardening' });
      tokens[role] = ((await res.json()) as { token: string }).token;
    }
    const seeded = await seedDocument(t, ['سطر أول', 'سطر ثان']);
    documentId = seeded.documentId;
    const [s] = await t.db.select().from(segments).where(eq(segments.documentId, documentId));
    segment = { id: s!.id, version: s!.version };
  });
  afterAll(() => t?.close());

  describe('request bodies are limited before they are read', () => {
    it('refuses a sign-in body whose declared length is over 8 KB, without reading it', async () => {
      const res = await call('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(150 * 1024 * 1024) },
        body: JSON.stringify({ email: 'a@b.c', password: 'x' }),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: 'too_large' });
    });

    it('cuts off a 150 MB sign-in body sent without a length after 8 KB, and says 413', async () => {
      const { stream, pulled } = streamedBody(150 * 1024 * 1024);
      const res = await call('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
      expect(res.status).toBe(413);
      expect(((await res.json()) as { message: string }).message).toMatch(/larger than the limit of 8 KB/);
      expect(pulled.bytes).toBeLessThan(256 * 1024); // stopped reading near the limit, never near 150 MB
    });

    it('limits every other JSON body to 1 MB, streamed or declared', async () => {
      const big = { version: segment.version, text: 'ا'.repeat(600_000) }; // 1.2 MB of UTF-8
      const declared = await jsonCall('PATCH', `/api/segments/${segment.id}`, big, { role: 'translator' });
      expect(declared.status).toBe(413);
      const { stream, pulled } = streamedBody(40 * 1024 * 1024);
      const streamed = await call('/api/entities', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half', role: 'admin' } as RequestInit);
      expect(streamed.status).toBe(413);
      expect(pulled.bytes).toBeLessThan(2 * 1024 * 1024);
      // The line is unchanged.
      const [row] = await t.db.select().from(segments).where(eq(segments.id, segment.id));
      expect(row!.version).toBe(segment.version);
    });
  });

  it('answers NUL characters and out-of-range ids with 400 or 404 and a JSON error, never 500, and stores nothing', async () => {
    const before = { documents: await rows(documents), entities: await rows(entities), version: segment.version };
    const nul = 'a\u0000b';
    const form = (fields: Record<string, string>, name = 'scan.jpg') => {
      const f = new FormData();
      f.set('file', new File([new Uint8Array(fixture('corpus/clean/doc-01-030.jpg'))], name));
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      return f;
    };
    const tries: Array<[string, () => Promise<Response> | Response]> = [
      ['NUL in a sign-in email', () => jsonCall('POST', '/api/auth/login', { email: `admin${nul}@example.test`, password: 'x' }, { address: newAddress() })],
      ['NUL in a sign-in password', () => jsonCall('POST', '/api/auth/login', { email: 'admin@example.test', password: nul }, { address: newAddress() })],
      ['NUL in a line’s text', () => jsonCall('PATCH', `/api/segments/${segment.id}`, { version: segment.version, text: nul }, { role: 'translator' })],
      ['NUL in a translation', () => jsonCall('PATCH', `/api/segments/${segment.id}`, { version: segment.version, translation: nul }, { role: 'translator' })],
      ['NUL in an entity name', () => jsonCall('POST', '/api/entities', { kind: 'person', canonicalAr: nul }, { role: 'admin' })],
      ['NUL in an attribute key', () => jsonCall('POST', '/api/entities', { kind: 'person', canonicalAr: 'سامر', attributes: { [nul]: 1 } }, { role: 'admin' })],
      ['NUL in a search', () => call(`/api/search?q=${encodeURIComponent(nul)}`, { role: 'translator' })],
      ['NUL in an entity search', () => call('/api/entities?q=%00', { role: 'translator' })],
      ['NUL in an upload title', () => call('/api/documents', { method: 'POST', body: form({ title: nul }), role: 'admin' })],
      ['NUL in an upload file name', () => call('/api/documents', { method: 'POST', body: form({}, `scan${nul}.jpg`), role: 'admin' })],
      ['NUL in a token name', () => jsonCall('POST', '/api/tokens', { name: nul }, { role: 'translator' })],
      ['id 2^31 in a path', () => call('/api/documents/2147483648', { role: 'translator' })],
      ['id 2^53 in a path', () => call('/api/segments/9007199254740993/versions', { role: 'translator' })],
      ['id 2^31 in a query', () => call('/api/mentions?documentId=2147483648', { role: 'translator' })],
      ['id 2^31 in a body', () => jsonCall('POST', '/api/mentions', { segmentId: 2147483648, segmentVersion: 1, start: 0, end: 1, kind: 'person' }, { role: 'translator' })],
      ['entity id 2^31 in a tag', () => jsonCall('POST', '/api/mentions', { segmentId: segment.id, segmentVersion: segment.version, start: 0, end: 3, kind: 'person', entityId: 2147483648 }, { role: 'translator' })],
      ['merge into id 2^31', () => jsonCall('POST', '/api/entities/1/merge', { intoId: 2147483648 }, { role: 'admin' })],
      ['version 2^31 of a line', () => jsonCall('PATCH', `/api/segments/${segment.id}`, { version: 2147483648, text: 'x' }, { role: 'translator' })],
      ['largest id, which exists nowhere', () => call('/api/documents/2147483647', { role: 'translator' })],
    ];
    const answers: string[] = [];
    for (const [what, attempt] of tries) {
      const res = await attempt();
      const body = (await res.json().catch(() => null)) as { error?: string } | null;
      answers.push(`${what}: ${res.status} ${body?.error}`);
      expect([400, 404, 409], `${what}: ${res.status} ${JSON.stringify(body)}`).toContain(res.status);
      expect(body?.error, what).toEqual(expect.any(String));
    }
    hostile.push(...answers);
    expect({ documents: await rows(documents), entities: await rows(entities), version: (await t.db.select().from(segments).where(eq(segments.id, segment.id)))[0]!.version }).toEqual(before);
  });

  describe('changes come from this site, or with a token', () => {
    let session: string;
    beforeAll(async () => {
      const res = await jsonCall('POST', '/api/auth/login', { email: 'translator@example.test', password: 'correct horse battery' }, { address: newAddress() });
      session = res.headers.get('set-cookie')!.split(';')[0]!;
    });
    const withCookie = (headers: Record<string, string>, body: unknown = { version: 999, translation: 'x' }) =>
      call(`/api/segments/${segment.id}`, { method: 'PATCH', headers: { cookie: session, 'content-type': 'application/json', host: 'sijill.test', ...headers }, body: JSON.stringify(body) });

    it('refuses a cookie-authenticated change sent from another site, by Origin or by Sec-Fetch-Site', async () => {
      const fromElsewhere: Array<Record<string, string>> = [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { origin: 'http://sijill.test.evil.example' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
      ];
      for (const headers of fromElsewhere) {
        const res = await withCookie(headers);
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect(await res.json()).toMatchObject({ error: 'cross_origin' });
      }
      // A plain HTML form posted from elsewhere (no preflight): refused too.
      const form = await call('/api/auth/logout', {
        method: 'POST',
        headers: { cookie: session, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded', host: 'sijill.test' },
        body: 'a=1',
      });
      expect(form.status).toBe(403);
      const signIn = await call('/api/auth/login', {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json', host: 'sijill.test', 'x-forwarded-for': newAddress() },
        body: JSON.stringify({ email: 'translator@example.test', password: 'correct horse battery' }),
      });
      expect(signIn.status).toBe(403);
    });

    it('accepts the same change from its own pages (Origin of the addressed host, or PUBLIC_URL), and from programs without Origin', async () => {
      const stale = 409; // the change itself reaches the line, which answers that version 999 is stale
      expect((await withCookie({ origin: 'http://sijill.test', 'sec-fetch-site': 'same-origin' })).status).toBe(stale);
      expect((await withCookie({})).status).toBe(stale);
      t.deps.config.publicUrl = 'https://archive.example.org';
      try {
        expect((await withCookie({ origin: 'https://archive.example.org' })).status).toBe(stale);
      } finally {
        t.deps.config.publicUrl = undefined;
      }
      // Reading is never refused for its origin.
      expect((await call(`/api/documents/${documentId}`, { headers: { cookie: session, origin: 'https://evil.example' } })).status).toBe(200);
    });

    it('lets an API token through from anywhere: a page elsewhere cannot send one, so it carries no ambient authority', async () => {
      const res = await call(`/api/segments/${segment.id}`, {
        method: 'PATCH',
        role: 'translator',
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
        body: JSON.stringify({ version: 999, translation: 'x' }),
      });
      expect(res.status).toBe(409);
    });
  });

  describe('password guessing', () => {
    it('stops 30 guesses across 30 accounts from one address, whatever the emails', async () => {
      const address = newAddress();
      for (let i = 0; i < 30; i++) {
        const res = await jsonCall('POST', '/api/auth/login', { email: `guess${i}@example.test`, password: 'wrong password' }, { address });
        expect(res.status, `guess ${i}`).toBe(401);
      }
      const blocked = await jsonCall('POST', '/api/auth/login', { email: 'admin@example.test', password: 'correct horse battery' }, { address });
      expect(blocked.status).toBe(429);
      expect(((await blocked.json()) as { message: string }).message).toMatch(/Too many failed sign-ins from here/);
      // Another address is not held up by it.
      expect((await jsonCall('POST', '/api/auth/login', { email: 'admin@example.test', password: 'correct horse battery' }, { address: newAddress() })).status).toBe(200);
    });

    it('records the first failed sign-in per account and window in the audit chain, not every guess, and none for unknown emails', async () => {
      const before = await rows(auditEvents);
      for (let a = 0; a < 2; a++) {
        const address = newAddress();
        for (const email of ['reviewer@example.test', 'researcher@example.test', `nobody${a}@example.test`]) {
          for (let i = 0; i < 2; i++) expect((await jsonCall('POST', '/api/auth/login', { email, password: `guess ${a}${i}` }, { address })).status).toBe(401);
        }
      }
      // 12 failed sign-ins from two addresses: one event for each of the two accounts, none for the unknown emails.
      const added = await t.db.select().from(auditEvents).orderBy(auditEvents.seq).offset(before);
      const failed = added.filter((e) => e.action === 'auth.login_failed');
      expect(failed.map((e) => (e.payload as { email: string }).email).sort()).toEqual(['researcher@example.test', 'reviewer@example.test']);
      expect(added).toHaveLength(2);
    });
  });

  it('stores titles, file names and register names without bidi controls, and lines as typed', async () => {
    const rlo = '\u202E';
    const f = new FormData();
    f.set('file', new File([new Uint8Array(fixture('corpus/clean/doc-01-031.jpg'))], `report${rlo}gpj.exe`));
    f.set('title', `تقرير ${rlo}abc\u2066 ٢٠١٤\u2069`);
    const up = await call('/api/documents', { method: 'POST', body: f, role: 'admin' });
    expect(up.status).toBe(201);
    const { document } = (await up.json()) as { document: { title: string; originalName: string } };
    expect(document.title).toBe('تقرير abc ٢٠١٤');
    expect(document.originalName).toBe('reportgpj.exe');
    const e = await jsonCall('POST', '/api/entities', { kind: 'person', canonicalAr: `سامر\u202B الأحمد`, canonicalEn: `Samer${rlo} al-Ahmad`, aliasesEn: [`\u2067Sam`] }, { role: 'admin' });
    expect(((await e.json()) as { entity: unknown }).entity).toMatchObject({ canonicalAr: 'سامر الأحمد', canonicalEn: 'Samer al-Ahmad', aliasesEn: ['Sam'] });
    const line = `الرقم ${rlo}123`;
    const edit = await jsonCall('PATCH', `/api/segments/${segment.id}`, { version: segment.version, text: line }, { role: 'translator' });
    expect(((await edit.json()) as { segment: { text: string } }).segment.text).toBe(line);
    segment.version++;
  });

  it('limits attribute objects: at most 50 facts, keys of 100 characters, values of 2000', async () => {
    const person = (attributes: Record<string, string | number>) => jsonCall('POST', '/api/entities', { kind: 'person', canonicalAr: 'سامر', attributes }, { role: 'admin' });
    expect((await person(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`fact${i}`, i])))).status).toBe(201);
    const answers = [
      await person(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`fact${i}`, i]))),
      await person({ ['k'.repeat(101)]: 1 }),
      await person({ note: 'x'.repeat(2001) }),
    ];
    for (const res of answers) expect(res.status).toBe(400);
  });

  it('warns when certifying without PUBLIC_URL, since the PDF would link to localhost', async () => {
    const preview = await call(`/api/documents/${documentId}/certify/preview`, { role: 'admin' });
    expect(((await preview.json()) as { warnings: string[] }).warnings).toEqual([expect.stringMatching(/PUBLIC_URL is not set/)]);
    t.deps.config.publicUrl = 'https://archive.example.org';
    try {
      const set = await call(`/api/documents/${documentId}/certify/preview`, { role: 'admin' });
      expect(((await set.json()) as { warnings: string[] }).warnings).toEqual([]);
    } finally {
      t.deps.config.publicUrl = undefined;
    }
  });

  it('`sijill import` of a ZIP says which entries it skipped and why, and refuses absolute paths and ..', async () => {
    const { runImport } = await import('../../api/cli/import');
    const dir = mkdtempSync(join(tmpdir(), 'sijill-zip-'));
    const scan = new Uint8Array(fixture('corpus/clean/doc-01-032.jpg'));
    const zip = zipSync({
      'scans/good.jpg': scan,
      '/etc/evil.jpg': scan,
      '../../outside.jpg': scan,
      'scans/../../../climb.jpg': scan,
      'C:\\Windows\\drive.jpg': scan,
      '.hidden.jpg': scan,
      '__MACOSX/scans/._good.jpg': new Uint8Array([0, 5, 22, 7]),
      'scans/': new Uint8Array(),
    });
    writeFileSync(join(dir, 'batch.zip'), zip);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const previousDataDir = process.env.DATA_DIR;
    process.env.DATA_DIR = t.testDb.dataDir;
    let code: number;
    try {
      code = await runImport(t.deps.database, [join(dir, 'batch.zip')]);
    } finally {
      process.env.DATA_DIR = previousDataDir;
      rmSync(dir, { recursive: true, force: true });
    }
    const said = err.mock.calls.map((c) => String(c[0])).join('');
    const printed = out.mock.calls.map((c) => String(c[0])).join('');
    err.mockRestore();
    out.mockRestore();
    expect(said).toMatch(/refused {2}.*batch\.zip:\/etc\/evil\.jpg: absolute path/);
    expect(said).toMatch(/refused {2}.*batch\.zip:C:\\Windows\\drive\.jpg: absolute path/);
    expect(said).toMatch(/refused {2}.*batch\.zip:\.\.\/\.\.\/outside\.jpg: path climbs out of the archive/);
    expect(said).toMatch(/refused {2}.*batch\.zip:scans\/\.\.\/\.\.\/\.\.\/climb\.jpg: path climbs out/);
    expect(said).toMatch(/skipped {2}.*batch\.zip:\.hidden\.jpg: hidden file/);
    expect(said).toMatch(/skipped {2}.*batch\.zip:__MACOSX\/scans\/\._good\.jpg: macOS metadata/);
    expect(printed).toMatch(/imported {2}.*batch\.zip:scans\/good\.jpg/);
    expect(printed).toMatch(/1 imported \(0 with their transcription\), 0 already stored, 0 skipped, 4 failed\n/);
    expect(code!).toBe(1);
  });
});

const hostile: string[] = [];
if (process.env.HOSTILE_REPORT) afterAll(() => console.log(hostile.join('\n')));

async function rows(table: typeof documents | typeof entities | typeof auditEvents) {
  return (await t.db.select({ n: count() }).from(table))[0]!.n;
}
