/**
 * The permission walk: every route in /api/openapi.json, called as nobody, as each role outside
 * a restricted collection and as each role inside it, against things that live in that
 * collection. Each answer is checked against the route's entry in the permission table
 * (api/auth/permissions.ts `routeAccess`), and no answer to someone outside the collection may
 * carry any of its text.
 *
 * ADDING A ROUTE? Give it an entry in `routeAccess` (api/auth/permissions.ts): `anyone`,
 * `signedIn`, `reads('document')` or `needs('segment.edit', 'segment')` say who may call it and
 * what its id names. The walk builds a request from the route's OpenAPI description (ids point at
 * the restricted collection's document, page, line, tag or entity); if that request is refused as
 * invalid (400), add one to `walkRequests` below.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAccount, issueApiToken } from '../../api/auth/credentials';
import { can, routeAccess, type RouteAccess, type RouteTarget } from '../../api/auth/permissions';
import { ensureCollection } from '../../db/queries/documents';
import { collectionMembers, collections, documents, pages, roles, segments, type Role } from '../../db/schema';
import { fixture, seedDocument, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

/** In every title, translation and English name of the restricted collection; never sent in a request. */
const canary = 'Zqxv';
/** In every Arabic line and name there; never sent in a request either. */
const canaryAr = 'ظغثخ';
/** Sent in searches, so that they have something to find. */
const searchWord = 'زقكسف';
const password = 'correct horse battery';

type Json = Record<string, unknown>;
type Schema = Json & { $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema };
type Operation = { parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema }>; requestBody?: { content: Record<string, { schema: Schema }> } };
/** `place`: the caller's role in the restricted collection in place of their global one, and whether they manage it. */
type Caller = {
  label: string;
  role: Role | null;
  member: boolean;
  token: string | null;
  canCertify: boolean;
  userId: number | null;
  place?: { role: Role | null; manager: boolean };
};
type WalkRequest = { path?: Record<string, string | number>; query?: Record<string, string | number>; body?: Json | FormData };

let t: TestApp;
let spec: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
const fx = {} as {
  document: number;
  page: number;
  segment: number;
  mention: number;
  entity: number;
  entity2: number;
  sha256: string;
  collection: number;
  /** An account the walk adds to and removes from the restricted collection. */
  subject: number;
};
const callers: Caller[] = [];

/** Setup calls, as an administrator whose token no walked call ends (the walk signs its callers out everywhere). */
let setupToken = '';
const admin = async <T = Json>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await t.app.request(path, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${setupToken}`, 'content-type': 'application/json' },
  });
  if (res.status >= 300) throw new Error(`setup: ${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const versionOf = async (segmentId: number) =>
  (await t.db.select({ v: segments.version }).from(segments).where(eq(segments.id, segmentId)))[0]!.v;

let nextY = 1500;
/** A new line in the restricted document (for routes that delete or merge what they are given). */
const freshSegment = async (text = `${searchWord} ${canaryAr} سطر`) => {
  const { segment } = await admin<{ segment: { id: number; version: number } }>('POST', `/api/pages/${fx.page}/segments`, {
    box: { x: 100, y: (nextY += 60), w: 800, h: 50 },
    text,
    translation: `${canary} line`,
  });
  return segment;
};
const freshMention = async (entityId: number | null = null) => {
  const s = await freshSegment();
  const { mention } = await admin<{ mention: { id: number } }>('POST', '/api/mentions', {
    segmentId: s.id,
    segmentVersion: s.version,
    start: 0,
    end: searchWord.length,
    kind: entityId ? 'person' : 'other',
    entityId,
  });
  return mention.id;
};
/** A person known only from the restricted collection: registered, then tagged there. */
const freshPerson = async (n: number) => {
  const { entity } = await admin<{ entity: { id: number } }>('POST', '/api/entities', {
    kind: 'person',
    canonicalAr: `${canaryAr} ${searchWord} ${n}`,
    canonicalEn: `${canary} Person ${n}`,
  });
  await freshMention(entity.id);
  return entity.id;
};
let people = 10;

/**
 * Requests the OpenAPI description alone cannot make valid: what a line's offsets or versions
 * must be, and routes that use up what they are given (they get a fresh one per call).
 */
const walkRequests: Record<string, (caller: Caller) => Promise<WalkRequest>> = {
  'POST /api/auth/login': async () => ({ body: { email: 'researcher@example.test', password } }),
  'POST /api/documents': async () => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(fixture('corpus/clean/doc-01-010.jpg'))], `${canary}.jpg`));
    form.set('collection', 'Sealed');
    form.set('title', `${canary} upload`);
    return { body: form };
  },
  'POST /api/documents/archive': async () => {
    const { zipSync } = await import('fflate');
    const form = new FormData();
    form.set('file', new File([zipSync({ [`${canary}.jpg`]: new Uint8Array(fixture('corpus/clean/doc-01-011.jpg')) })], 'batch.zip'));
    form.set('collection', 'Sealed');
    return { body: form };
  },
  'GET /api/verify/{sha256}': async () => ({ path: { sha256: fx.sha256 } }),
  // Credentials and accounts (issue 12): the caller's own token to revoke, their own password
  // (set to itself), an invitation's token, fresh accounts to change.
  'DELETE /api/tokens/{id}': async (caller) => ({
    path: { id: caller.userId ? (await issueApiToken(t.db, caller.userId, 'walk revoke')).id : 1 },
  }),
  'POST /api/auth/password': async () => ({ body: { currentPassword: password, newPassword: password } }),
  'POST /api/auth/set-password': async () => ({ body: { token: (await invite()).setPassword!.token, password } }),
  'POST /api/users': async () => ({ body: { email: `walk${accounts++}@example.test`, role: 'translator', password } }),
  'PATCH /api/users/{id}': async () => ({ path: { id: (await invite()).user.id }, body: { role: 'reviewer', disabled: true } }),
  'POST /api/users/{id}/password': async () => ({ path: { id: (await invite()).user.id }, body: {} }),
  'POST /api/collections': async () => ({ body: { name: `Walk collection ${accounts++}` } }),
  'PATCH /api/collections/{id}': async () => ({ body: { restricted: true } }),
  'PUT /api/collections/{id}/members/{userId}': async () => ({ body: { role: 'researcher' } }),
  // The fixture's tags name people its translations do not: QA errors, overridden (audited).
  'POST /api/documents/{id}/certify': async () => ({ body: { place: 'The Hague', qaOverride: { reason: 'permission walk fixture' } } }),
  'PATCH /api/segments/{id}': async () => ({ body: { version: await versionOf(fx.segment), translation: `${canary} revised` } }),
  'POST /api/segments/{id}/split': async () => {
    const s = await freshSegment();
    return { path: { id: s.id }, body: { version: s.version, textOffset: searchWord.length } };
  },
  'POST /api/segments/{id}/merge': async () => {
    const first = await freshSegment();
    const next = await freshSegment();
    return { path: { id: first.id }, body: { version: first.version, nextId: next.id, nextVersion: next.version } };
  },
  'DELETE /api/segments/{id}': async () => {
    const s = await freshSegment();
    return { path: { id: s.id }, query: { version: s.version } };
  },
  'POST /api/segments/{id}/restore': async () => ({ body: { version: await versionOf(fx.segment), restore: 1 } }),
  'POST /api/pages/{id}/segments': async () => ({ body: { box: { x: 100, y: (nextY += 60), w: 800, h: 50 }, text: 'سطر' } }),
  'POST /api/review/segments/{id}': async () => ({ body: { action: 'approve', version: await versionOf(fx.segment) } }),
  'POST /api/review/pages/{id}': async () => ({ body: { action: 'approve' } }),
  'POST /api/entities': async () => ({ body: { kind: 'unit', canonicalAr: 'فرع جديد' } }),
  'POST /api/entities/{id}/merge': async () => ({ path: { id: await freshPerson(people++) }, body: { intoId: await freshPerson(people++) } }),
  'POST /api/mentions': async () => ({
    body: { segmentId: fx.segment, segmentVersion: await versionOf(fx.segment), start: 0, end: searchWord.length, kind: 'person', entityId: fx.entity },
  }),
  'PATCH /api/mentions/{id}': async () => ({ body: { segmentVersion: await versionOf(fx.segment), kind: 'person', entityId: fx.entity } }),
  'DELETE /api/mentions/{id}': async () => ({ path: { id: await freshMention() } }),
  // Translation (issue 15): files to import, a job and terms that live in the restricted collection.
  'POST /api/translation/suggest': async () => ({ body: { text: `${searchWord} السطر الثالث` } }),
  'POST /api/translation/pretranslate': async () => ({ body: { documentId: fx.document } }),
  'GET /api/translation/jobs/{id}': async () => ({ path: { id: (await admin<{ job: { id: number } }>('POST', '/api/translation/pretranslate', { documentId: fx.document })).job.id } }),
  'POST /api/translation/memory.tmx': async () => ({
    body: fileForm(`<tmx version="1.4"><header srclang="ar"/><body><tu><tuv xml:lang="ar"><seg>${searchWord} وحدة</seg></tuv><tuv xml:lang="en"><seg>unit</seg></tuv></tu></body></tmx>`),
  }),
  'POST /api/translation/terms.csv': async () => ({ body: fileForm(`arabic,english\n${searchWord},term\n`) }),
  'POST /api/documents/{id}/xliff': async () => ({ body: fileForm(`<xliff version="1.2"><file original="sijill-document-${fx.document}"><body></body></file></xliff>`) }),
  // Collection exports (issue 16): the restricted collection; a job is its requester's, so a
  // member or administrator is given a job of their own, anyone else the setup administrator's.
  'POST /api/exports': async () => ({ body: { format: 'txt', collectionId: fx.collection } }),
  'GET /api/exports/{id}': async (caller) => ({ path: { id: await exportJobOf(caller) } }),
  'GET /api/exports/{id}/download': async (caller) => ({ path: { id: await exportJobOf(caller) } }),
  'PATCH /api/translation/terms/{id}': async () => ({ path: { id: await freshTerm() }, body: { note: 'n' } }),
  'DELETE /api/translation/terms/{id}': async () => ({ path: { id: await freshTerm() } }),
};

/** An export job of the restricted collection: the caller's own when they may read it, else the setup administrator's. */
const exportJobOf = async (caller: Caller) => {
  const body = JSON.stringify({ format: 'txt', collectionId: fx.collection });
  const own = caller.token && (caller.member || caller.role === 'admin');
  const res = await t.app.request('/api/exports', {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${own ? caller.token : setupToken}`, 'content-type': 'application/json' },
  });
  if (res.status !== 202) throw new Error(`setup: export job → ${res.status} ${await res.text()}`);
  return ((await res.json()) as { job: { id: number } }).job.id;
};

let accounts = 0;
const invite = () =>
  admin<{ user: { id: number }; setPassword: { token: string } | null }>('POST', '/api/users', { email: `invited${accounts++}@example.test`, role: 'researcher' });

/** Routes that end the caller's own credentials: the walk gives the caller a new token after each call. */
const endsCallersToken = new Set(['POST /api/auth/logout-everywhere']);

const fileForm = (text: string) => {
  const form = new FormData();
  form.set('file', new File([text], 'file'));
  return form;
};
let terms = 0;
const freshTerm = async () =>
  (await admin<{ term: { id: number } }>('POST', '/api/translation/terms', { collectionId: fx.collection, sourceTerm: `${searchWord} ${terms++}`, targetTerm: 'term' })).term.id;

describe(`permission walk (${databaseKind} database)`, () => {
  beforeAll(async () => {
    t = await startTestApp();
    spec = (await (await t.request(null, '/api/openapi.json')).json()) as typeof spec;
    const setupAdmin = await createUserAccount(t.db, { email: 'setup.admin@example.test', password, role: 'admin' }, { actorId: null, via: 'api' });
    setupToken = (await issueApiToken(t.db, setupAdmin.id, 'walk setup')).token;

    // The restricted collection and one member account per role.
    const sealed = await ensureCollection(t.db, 'Sealed');
    fx.collection = sealed.id;
    await t.db.update(collections).set({ restricted: true }).where(eq(collections.id, sealed.id));
    const tokenOf: Record<string, string> = {};
    for (const role of roles) {
      for (const member of [false, true]) {
        const email = member ? `${role}.member@example.test` : `${role}@example.test`;
        let user = await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, email) });
        if (!user) {
          const created = await createUserAccount(t.db, { email, password, role }, { actorId: null, via: 'api' });
          user = (await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, created.id) }))!;
        }
        if (member) await t.db.insert(collectionMembers).values({ collectionId: sealed.id, userId: user.id });
        tokenOf[email] = (await issueApiToken(t.db, user.id, 'walk')).token;
        callers.push({ label: `${role}${member ? ' (member)' : ''}`, role, member, token: tokenOf[email]!, canCertify: user.canCertify, userId: user.id });
      }
    }
    // Members whose role in the collection is not their global one: lower, higher, and a manager.
    const places: Array<{ role: Role; place: { role: Role | null; manager: boolean }; label: string }> = [
      { role: 'translator', place: { role: 'researcher', manager: false }, label: 'translator (researcher in it)' },
      { role: 'researcher', place: { role: 'translator', manager: false }, label: 'researcher (translator in it)' },
      { role: 'reviewer', place: { role: 'legal', manager: false }, label: 'reviewer (legal in it)' },
      { role: 'researcher', place: { role: null, manager: true }, label: 'researcher (its manager)' },
    ];
    for (const [i, p] of places.entries()) {
      const created = await createUserAccount(t.db, { email: `placed${i}@example.test`, password, role: p.role }, { actorId: null, via: 'api' });
      await t.db.insert(collectionMembers).values({ collectionId: sealed.id, userId: created.id, ...p.place });
      const token = (await issueApiToken(t.db, created.id, 'walk')).token;
      callers.push({ label: p.label, role: p.role, member: true, token, canCertify: created.canCertify, userId: created.id, place: p.place });
    }
    fx.subject = (await createUserAccount(t.db, { email: 'walk.subject@example.test', password, role: 'researcher' }, { actorId: null, via: 'api' })).id;
    // Nobody first, then everyone who is refused, then members (whose calls may change things).
    callers.sort((a, b) => Number(a.member || a.role === 'admin') - Number(b.member || b.role === 'admin'));
    callers.unshift({ label: 'nobody', role: null, member: false, token: null, canCertify: false, userId: null });

    // A document in it whose title, lines, names and translations carry the canaries.
    const lines = [`${searchWord} ${canaryAr} الأول`, `قائمة ${searchWord} ${canaryAr}`, `${searchWord} السطر الثالث`];
    const seeded = await seedDocument(t, lines, { collection: 'Sealed' });
    fx.document = seeded.documentId;
    fx.page = seeded.pageId;
    const image = await t.deps.blobs.put('page', fixture('corpus/clean/doc-01-005.jpg'));
    await t.db.update(pages).set({ imageKey: image.key, imageMime: 'image/jpeg' }).where(eq(pages.id, fx.page));
    const [doc] = await t.db.update(documents).set({ title: `${canary} sealed file`, originalName: `${canary}.jpg` }).where(eq(documents.id, fx.document)).returning();
    fx.sha256 = doc!.sha256;
    const { segments: segs } = await admin<{ segments: Array<{ id: number; version: number }> }>('GET', `/api/documents/${fx.document}/segments`);
    for (const s of segs) await admin('PATCH', `/api/segments/${s.id}`, { version: s.version, translation: `${canary} translation` });
    fx.segment = segs[0]!.id;
    fx.entity = await freshPerson(1);
    fx.entity2 = await freshPerson(2);
    fx.mention = (
      await admin<{ mention: { id: number } }>('POST', '/api/mentions', {
        segmentId: fx.segment,
        segmentVersion: await versionOf(fx.segment),
        start: 0,
        end: searchWord.length,
        kind: 'person',
        entityId: fx.entity,
      })
    ).mention.id;
    // Reviewed and certified, so that the certified PDF and custody routes have something to give.
    const current = await admin<{ segments: Array<{ id: number; version: number }> }>('GET', `/api/documents/${fx.document}/segments`);
    for (const s of current.segments) await admin('POST', `/api/review/segments/${s.id}`, { action: 'approve', version: s.version });
    const legal = callers.find((c) => c.label === 'legal (member)')!;
    const certified = await t.app.request(`/api/documents/${fx.document}/certify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${legal.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ place: 'The Hague', qaOverride: { reason: 'permission walk fixture' } }),
    });
    expect(certified.status, await certified.clone().text()).toBe(201);
  });
  afterAll(() => t?.close());

  it('gives a non-member 404 for a restricted person on every way of naming them in a tag, the same 404 as for no such entity', async () => {
    // The translator's own line, in an open collection.
    const open = await seedDocument(t, ['المدعو سامر الأحمد من حمص'], { scan: 'corpus/clean/doc-01-000.jpg' });
    const [line] = (await (await t.request('translator', `/api/documents/${open.documentId}/segments`)).json() as { segments: Array<{ id: number; version: number }> }).segments;
    const tag = (entityId: number, kind = 'person') =>
      t.json('translator', 'POST', '/api/mentions', { segmentId: line!.id, segmentVersion: line!.version, start: 7, end: 17, kind, entityId });
    const person = await freshPerson(people++);
    const missing = await tag(2_000_000_000);
    expect(missing.status).toBe(404);
    const missingBody = await missing.json();
    for (const kind of ['person', 'place']) {
      const res = await tag(person, kind);
      expect(res.status, `tag as ${kind}`).toBe(404);
      expect(await res.json()).toEqual(missingBody); // not kind_mismatch: nothing tells that the id exists
    }
    // A tag of their own, then pointed at the restricted person: by PATCH and by accepting it.
    const own = await t.json('translator', 'POST', '/api/mentions', { segmentId: line!.id, segmentVersion: line!.version, start: 7, end: 17, kind: 'person' });
    expect(own.status).toBe(201);
    const { mention } = (await own.json()) as { mention: { id: number } };
    const patch = await t.json('translator', 'PATCH', `/api/mentions/${mention.id}`, { segmentVersion: line!.version, entityId: person });
    expect(patch.status).toBe(404);
    const accept = await t.json('translator', 'POST', `/api/mentions/${mention.id}/accept`, { entityId: person });
    expect(accept.status).toBe(404);
    // So the person stays out of sight, with their name and facts.
    expect((await t.request('translator', `/api/entities/${person}`)).status).toBe(404);
    const listed = await (await t.request('translator', `/api/entities?q=${encodeURIComponent(canary)}`)).text();
    expect(listed).not.toContain(canary);
  });

  it('keeps a restricted person out of sight when the tag engine reads their name on a non-member’s line', async () => {
    // Registered and tagged only in the restricted collection; its Arabic name (free of the canary,
    // which the walk looks for in every answer) then written in open documents.
    const name = 'ظافر بن قيس الطحان';
    const { entity } = await admin<{ entity: { id: number } }>('POST', '/api/entities', { kind: 'person', canonicalAr: name, canonicalEn: `${canary} Tag Engine` });
    const person = entity.id;
    await freshMention(person);
    const lineOf = async (documentId: number) => ((await (await t.request('translator', `/api/documents/${documentId}/segments`)).json()) as { segments: Array<{ id: number; version: number; text: string }> }).segments[0]!;
    const linked = async (documentId: number) => ((await (await t.request('admin', `/api/mentions?documentId=${documentId}&status=suggested,accepted,rejected`)).json()) as { mentions: Array<{ entityId: number | null }> }).mentions.filter((m) => m.entityId === person);

    // Tag suggestions the translator asks for on their own document.
    const asked = await seedDocument(t, [`شوهد ${name} في حمص`], { scan: 'corpus/clean/doc-01-031.jpg' });
    expect((await t.json('translator', 'POST', '/api/mentions/suggest', { documentId: asked.documentId })).status).toBe(200);
    expect(await linked(asked.documentId)).toEqual([]);

    // A tagged name edited into the restricted person's name: the tag is not re-pointed at them.
    const own = await t.json('translator', 'POST', '/api/entities', { kind: 'person', canonicalAr: 'سامر الأحمد', canonicalEn: 'Samer al-Ahmad' });
    const ownId = ((await own.json()) as { entity: { id: number } }).entity.id;
    const edited = await seedDocument(t, ['المدعو سامر الأحمد من حمص'], { scan: 'corpus/clean/doc-01-032.jpg' });
    const line = await lineOf(edited.documentId);
    expect((await t.json('translator', 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version, start: 7, end: 18, kind: 'person', entityId: ownId })).status).toBe(201);
    const patched = await t.json('translator', 'PATCH', `/api/segments/${line.id}`, { version: line.version, text: line.text.replace('سامر الأحمد', name) });
    expect(patched.status).toBe(200);
    expect(await linked(edited.documentId)).toEqual([]);

    expect((await t.request('translator', `/api/entities/${person}`)).status).toBe(404);
    expect(await (await t.request('translator', `/api/entities?q=${encodeURIComponent(canary)}`)).text()).not.toContain(canary);
  });

  it('keeps a restricted person out of sight after they are merged away', async () => {
    const from = await freshPerson(people++);
    const into = await freshPerson(people++);
    expect((await t.request('translator', `/api/entities/${from}`)).status).toBe(404);
    await admin('POST', `/api/entities/${from}/merge`, { intoId: into });
    // The merged entry has no mentions of its own any more; it is still seen only where its survivor is.
    expect((await t.request('translator', `/api/entities/${from}`)).status).toBe(404);
    expect(await (await t.request('translator', `/api/entities?includeMerged=true&q=${encodeURIComponent(canary)}`)).text()).not.toContain(canary);
    expect((await t.request('admin', `/api/entities/${from}`)).status).toBe(200);
  });

  it('refuses an upload into a restricted collection from a non-member with 403, and stores nothing', async () => {
    const scan = fixture('corpus/clean/doc-01-020.jpg');
    const before = await counts();
    const res = await t.upload('translator', scan, 'sealed.jpg', { collection: 'Sealed' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toBe('collection_forbidden');
    expect(await counts()).toEqual(before);
    const { sha256Hex } = await import('../../api/storage/blob-store');
    expect(await t.deps.blobs.has('original', sha256Hex(scan))).toBe(false);
  });

  it('lets only those allowed create a collection by naming it in an upload', async () => {
    const scan = fixture('corpus/clean/doc-01-020.jpg');
    const before = await counts();
    const refused = await t.upload('translator', scan, 'new.jpg', { collection: 'Brand new' });
    expect(refused.status).toBe(403);
    const restrictedRefusal = await t.upload('translator', scan, 'new.jpg', { collection: 'Sealed' });
    // The same words whether the collection is restricted or does not exist.
    expect(((await refused.json()) as { message: string }).message.replace('Brand new', 'X')).toBe(
      ((await restrictedRefusal.json()) as { message: string }).message.replace('Sealed', 'X'),
    );
    expect(await counts()).toEqual(before);
    const created = await t.upload('admin', scan, 'new.jpg', { collection: 'Brand new' });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { document: { collection: string } }).document.collection).toBe('Brand new');
  });

  it('has an entry in the permission table for every route, and none for a route that does not exist', () => {
    const listed = new Set(Object.keys(routeAccess));
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const missing = routes.filter((r) => !listed.has(r));
    expect(
      missing,
      `Routes without an entry in the permission table (routeAccess in api/auth/permissions.ts): ${missing.join(', ')}. ` +
        'Add one per route, e.g. `reads(\'document\')` or `needs(\'segment.edit\', \'segment\')` (see the comment there); ' +
        'this walk then calls it as every role, member or not. If the request it builds is invalid (400), add one to walkRequests in tests/api/permission-walk.test.ts.',
    ).toEqual([]);
    const stale = [...listed].filter((r) => !routes.includes(r));
    expect(stale, `Entries in routeAccess for routes that no longer exist: ${stale.join(', ')}`).toEqual([]);
  });

  it('answers every route, as every caller, as the permission table says, and shows nobody outside the collection its text', async () => {
    const problems: string[] = [];
    let calls = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        const rule = routeAccess[key];
        if (!rule) continue; // reported by the test above
        const started = performance.now();
        for (const caller of callers) {
          const request = await buildRequest(key, path, method.toUpperCase(), op, rule, caller);
          const headers = new Headers();
          if (caller.token) headers.set('authorization', `Bearer ${caller.token}`);
          let body: BodyInit | undefined;
          if (request.body instanceof FormData) body = request.body;
          else if (request.body !== undefined) {
            body = JSON.stringify(request.body);
            headers.set('content-type', 'application/json');
          }
          const res = await t.app.request(request.url, { method: method.toUpperCase(), headers, body });
          const text = await answerText(res);
          calls++;
          const want = expected(rule, caller);
          const got = res.status;
          const ok = want === 'allowed' ? (got >= 200 && got < 300) || got === 409 || got === 422 : want.includes(got);
          if (!ok) {
            const hint = got === 400 ? ' (the walk’s request is invalid: add one to walkRequests)' : '';
            problems.push(`${key} as ${caller.label}: ${got}, expected ${want === 'allowed' ? 'allowed (2xx, 409, 422)' : want.join(' or ')}${hint} — ${text.slice(0, 160)}`);
          }
          const outsider = caller.role !== 'admin' && !caller.member;
          if (outsider && (text.includes(canary) || text.includes(canaryAr))) {
            problems.push(`${key} as ${caller.label}: ${got}, and the answer carries text of the restricted collection — ${text.slice(0, 160)}`);
          }
          (walked.statuses[key] ??= []).push(got);
          if (endsCallersToken.has(key) && caller.userId && got < 300) caller.token = (await issueApiToken(t.db, caller.userId, 'walk')).token;
        }
        walked.ms[key] = performance.now() - started;
      }
    }
    walked.calls = calls;
    expect(problems, problems.join('\n')).toEqual([]);
    expect(calls).toBe(Object.keys(routeAccess).length * callers.length);
    console.log(`permission walk: ${Object.keys(routeAccess).length} routes × ${callers.length} callers = ${calls} calls`);
    // its own limit: the walk grows with routes × callers (1,380 calls; 106 s once on a loaded machine)
  }, 600_000);
});

/**
 * The answer's body; of an event stream, its first event and then the stream is cancelled (as a
 * client leaving): a document's event stream lasts as long as the client stays.
 */
async function answerText(res: Response): Promise<string> {
  if (!res.headers.get('content-type')?.startsWith('text/event-stream') || !res.body) return res.text();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  while (!/\n\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  await reader.cancel();
  return text;
}

async function counts() {
  const { count } = await import('drizzle-orm');
  const { ocrJobs } = await import('../../db/schema');
  const n = async (table: typeof documents | typeof collections | typeof ocrJobs | typeof pages) => (await t.db.select({ n: count() }).from(table))[0]!.n;
  return { documents: await n(documents), collections: await n(collections), jobs: await n(ocrJobs), pages: await n(pages) };
}

const walked = { calls: 0, statuses: {} as Record<string, number[]>, ms: {} as Record<string, number> };
if (process.env.WALK_REPORT) {
  afterAll(() => {
    for (const [key, statuses] of Object.entries(walked.statuses)) console.log(`${key.padEnd(44)} ${String(Math.round(walked.ms[key]!)).padStart(5)} ms  ${statuses.join(' ')}`);
  });
}

/** What the table says this caller gets: through the checks ('allowed'), or one of these statuses. */
function expected(rule: RouteAccess, caller: Caller): 'allowed' | number[] {
  if (rule.access === 'public') return 'allowed';
  if (!caller.role) return [401];
  const memberships = caller.member ? { [fx.collection]: caller.place ?? { role: null, manager: false } } : {};
  const user = { id: 0, email: '', name: '', role: caller.role, canCertify: caller.canCertify, memberships };
  const permitted = !rule.permission || can(user, rule.permission);
  if (!rule.target) return permitted ? 'allowed' : [403];
  const readable = caller.role === 'admin' || caller.member;
  // Every target lives in the restricted collection: there, the caller's role in it counts.
  if (readable) return !rule.permission || can(user, rule.permission, fx.collection) ? 'allowed' : [403];
  if (rule.target === 'collection') return [403];
  // The target is out of sight: 404, as for an id that does not exist. A role that may not do
  // this anywhere may be told so first (403); both answers are the same whether the id exists.
  return permitted ? [404] : [403, 404];
}

const targetId = (target: RouteTarget | undefined): number => {
  switch (target) {
    case 'document':
      return fx.document;
    case 'page':
      return fx.page;
    case 'segment':
      return fx.segment;
    case 'mention':
      return fx.mention;
    case 'entity':
      return fx.entity;
    case 'collection-path':
      return fx.collection;
    case 'export':
      throw new Error('export routes get their job from walkRequests');
    default:
      throw new Error(`a route with an {id} needs a target in routeAccess (got ${target})`);
  }
};

/** Ids named in queries and bodies point at the restricted collection's things too. */
const idByName: Record<string, () => number> = {
  documentId: () => fx.document,
  segmentId: () => fx.segment,
  pageId: () => fx.page,
  entityId: () => fx.entity,
  intoId: () => fx.entity2,
  mentionId: () => fx.mention,
  collectionId: () => fx.collection,
  userId: () => fx.subject,
};

async function buildRequest(key: string, path: string, method: string, op: Operation, rule: RouteAccess, caller: Caller) {
  const special = walkRequests[key] ? await walkRequests[key](caller) : {};
  const target = rule.access === 'signed-in' ? rule.target : undefined;
  const params: Record<string, string | number> = {};
  const query = new URLSearchParams();
  for (const p of op.parameters ?? []) {
    if (p.in === 'path') params[p.name] = special.path?.[p.name] ?? (p.name === 'id' ? targetId(target) : String(sample(p.schema, p.name)));
    if (p.in === 'query' && (p.required || p.name in idByName || p.name === 'q') && special.query?.[p.name] === undefined) {
      query.set(p.name, String(sample(p.schema, p.name)));
    }
  }
  for (const [k, v] of Object.entries(special.query ?? {})) query.set(k, String(v));
  let body = special.body;
  if (body === undefined && op.requestBody && method !== 'GET') {
    const json = op.requestBody.content['application/json'];
    if (json) body = sample(json.schema, '') as Json;
  }
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name]))) + (query.size ? `?${query}` : '');
  return { url, body };
}

/** A minimal valid value for a JSON schema from the OpenAPI description. */
function sample(schema: Schema, name: string): unknown {
  if (name in idByName) return idByName[name]!();
  if (name === 'q') return searchWord;
  if (schema.$ref) return sample(spec.components.schemas[schema.$ref.split('/').pop()!]!, name);
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Json = {};
      for (const k of schema.required ?? []) out[k] = sample(schema.properties?.[k] ?? {}, k);
      return out;
    }
    case 'array':
      return Array.from({ length: Number(schema.minItems ?? 0) }, () => sample(schema.items ?? {}, name));
    case 'integer':
    case 'number':
      return schema.minimum !== undefined ? Number(schema.minimum) : schema.exclusiveMinimum !== undefined ? Number(schema.exclusiveMinimum) + 1 : 1;
    case 'boolean':
      return false;
    default:
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
  }
}
