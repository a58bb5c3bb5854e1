/**
 * Collections and per-collection roles (issue 12): created by administrators, restricted and
 * opened, members added and removed by administrators and the collection's managers, and a
 * member's role in a collection in place of their global role there, higher or lower.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema';
import { seedDocument, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

const password = 'correct horse battery';
type Json = Record<string, any>;

describe(`collections and members (${databaseKind} database)`, () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const as = (token: string, method: string, path: string, body?: unknown) =>
    t.app.request(path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
  /** A new account and an API token for it. */
  const person = async (role: string) => {
    const res = await t.json('admin', 'POST', '/api/users', { email: `c${n++}@example.test`, role, password });
    const { user } = (await res.json()) as Json;
    // A token of their own: sign in, then make one with the session cookie.
    const login = await t.json(null, 'POST', '/api/auth/login', { email: user.email, password });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const made = await t.app.request('/api/tokens', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    return { id: user.id as number, token: ((await made.json()) as Json).token as string };
  };
  const create = async (name: string, restricted = false) => {
    const res = await t.json('admin', 'POST', '/api/collections', { name, restricted });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as Json).collection.id as number;
  };
  const firstLine = async (documentId: number) =>
    ((await (await t.request('admin', `/api/documents/${documentId}/segments`)).json()) as Json).segments[0] as { id: number; version: number };
  const editLine = async (token: string, documentId: number) => {
    const line = await firstLine(documentId);
    return (await as(token, 'PATCH', `/api/segments/${line.id}`, { version: line.version, translation: `edited ${n++}` })).status;
  };

  it('lets administrators create collections, and nobody else', async () => {
    const id = await create('Case files 2014');
    for (const role of ['translator', 'reviewer', 'researcher', 'legal'] as const) {
      expect((await t.json(role, 'POST', '/api/collections', { name: `By ${role}` })).status, role).toBe(403);
    }
    expect((await t.json('admin', 'POST', '/api/collections', { name: 'Case files 2014' })).status).toBe(409);
    const listed = ((await (await t.request('translator', '/api/collections')).json()) as Json).collections as Json[];
    expect(listed.find((c) => c.id === id)).toMatchObject({ name: 'Case files 2014', restricted: false, myRole: 'translator', canManage: false });
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'collection.created'));
    expect(event!.payload).toMatchObject({ collectionId: id, name: 'Case files 2014', restricted: false });
  });

  it('restricts a collection to its members, and lets its manager decide who they are', async () => {
    const id = await create('Photographs');
    const doc = await seedDocument(t, ['صورة رقم ١'], { collection: 'Photographs', scan: 'corpus/clean/doc-01-001.jpg' });
    const manager = await person('researcher');
    const outsider = await person('translator');
    const colleague = await person('translator');
    expect((await as(outsider.token, 'GET', `/api/documents/${doc.documentId}`)).status).toBe(200);

    expect((await t.json('admin', 'PUT', `/api/collections/${id}/members/${manager.id}`, { role: null, manager: true })).status).toBe(200);
    const restricted = await as(manager.token, 'PATCH', `/api/collections/${id}`, { restricted: true });
    expect(restricted.status).toBe(200);
    expect(((await restricted.json()) as Json).collection).toMatchObject({ restricted: true, canManage: true, myRole: 'researcher' });
    expect((await as(outsider.token, 'GET', `/api/documents/${doc.documentId}`)).status).toBe(404);
    // Outside it, the collection is as absent as one that does not exist.
    for (const [method, path] of [['GET', `/api/collections/${id}/members`], ['PATCH', `/api/collections/${id}`], ['GET', '/api/collections/2000000000/members']] as const) {
      expect((await as(outsider.token, method, path, method === 'PATCH' ? { restricted: false } : undefined)).status, path).toBe(404);
    }
    expect(JSON.stringify(await (await as(outsider.token, 'GET', '/api/collections')).json())).not.toContain('Photographs');

    // The manager adds a colleague as a translator there; a member who is no manager may not add anyone.
    const added = await as(manager.token, 'PUT', `/api/collections/${id}/members/${colleague.id}`, { role: 'translator' });
    expect(added.status).toBe(200);
    expect(((await added.json()) as Json).members).toEqual(
      expect.arrayContaining([expect.objectContaining({ userId: colleague.id, role: 'translator', manager: false, globalRole: 'translator' })]),
    );
    expect((await as(colleague.token, 'GET', `/api/documents/${doc.documentId}`)).status).toBe(200);
    expect((await as(colleague.token, 'PUT', `/api/collections/${id}/members/${outsider.id}`, { role: 'researcher' })).status).toBe(403);
    expect((await as(colleague.token, 'GET', `/api/collections/${id}/members`)).status).toBe(403);
    // Administrators are administrators everywhere: not a collection role.
    expect((await as(manager.token, 'PUT', `/api/collections/${id}/members/${outsider.id}`, { role: 'admin' })).status).toBe(400);

    const removed = await as(manager.token, 'DELETE', `/api/collections/${id}/members/${colleague.id}`);
    expect(((await removed.json()) as Json).removed).toBe(true);
    expect((await as(colleague.token, 'GET', `/api/documents/${doc.documentId}`)).status).toBe(404);

    expect((await as(manager.token, 'PATCH', `/api/collections/${id}`, { restricted: false })).status).toBe(200);
    expect((await as(outsider.token, 'GET', `/api/documents/${doc.documentId}`)).status).toBe(200);

    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, String(id)));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['collection.created', 'collection.member_set', 'collection.updated', 'collection.member_removed']),
    );
    const set = events.find((e) => e.action === 'collection.member_set' && (e.payload as Json).userId === colleague.id)!;
    expect(set.actorId).toBe(manager.id);
    expect(set.payload).toMatchObject({ role: 'translator', manager: false, added: true });
  });

  it('lets a manager decide other people’s place in the collection, never their own; an administrator decides theirs', async () => {
    const id = await create('Legal case files');
    const doc = await seedDocument(t, ['سطر في ملف قضية'], { collection: 'Legal case files', scan: 'corpus/clean/doc-01-006.jpg' });
    // A translator who only reads here, and manages the collection.
    const manager = await person('translator');
    const other = await person('translator');
    expect((await t.json('admin', 'PUT', `/api/collections/${id}/members/${manager.id}`, { role: 'researcher', manager: true })).status).toBe(200);
    expect((await t.json('admin', 'PUT', `/api/collections/${id}/members/${other.id}`, { role: 'researcher', manager: true })).status).toBe(200);
    expect(await editLine(manager.token, doc.documentId)).toBe(403);
    const place = async () => (((await (await t.request('admin', `/api/collections/${id}/members`)).json()) as Json).members as Json[]).find((m) => m.userId === manager.id);
    // Raising their own role, clearing it (their global translator role would apply), dropping the
    // manager flag, leaving: all refused, nothing changed.
    for (const body of [{ role: 'translator', manager: true }, { role: null, manager: true }, { role: 'researcher', manager: false }]) {
      const res = await as(manager.token, 'PUT', `/api/collections/${id}/members/${manager.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(((await res.json()) as Json).message).toMatch(/cannot change their own/);
    }
    expect((await as(manager.token, 'DELETE', `/api/collections/${id}/members/${manager.id}`)).status).toBe(403);
    expect(await place()).toMatchObject({ role: 'researcher', manager: true });
    expect(await editLine(manager.token, doc.documentId)).toBe(403);
    // Another manager's place is theirs to decide, and the other way round.
    expect((await as(manager.token, 'PUT', `/api/collections/${id}/members/${other.id}`, { role: 'translator', manager: true })).status).toBe(200);
    expect((await as(other.token, 'PUT', `/api/collections/${id}/members/${manager.id}`, { role: 'translator', manager: true })).status).toBe(200);
    expect(await editLine(manager.token, doc.documentId)).toBe(200);
    // An administrator changes anyone's place, their own included.
    expect((await t.json('admin', 'PUT', `/api/collections/${id}/members/${manager.id}`, { role: 'reviewer', manager: false })).status).toBe(200);
    expect(await place()).toMatchObject({ role: 'reviewer', manager: false });
    const admin = (((await (await t.request('admin', '/api/auth/me')).json()) as Json).user as Json).id as number;
    expect((await t.json('admin', 'PUT', `/api/collections/${id}/members/${admin}`, { role: null, manager: true })).status).toBe(200);
    expect((await t.request('admin', `/api/collections/${id}/members/${admin}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('gives a member their role in the collection in place of their global one, lower or higher', async () => {
    const x = await create('Collection X');
    const y = await create('Collection Y');
    const inX = await seedDocument(t, ['سطر في المجموعة س'], { collection: 'Collection X', scan: 'corpus/clean/doc-01-002.jpg' });
    const inY = await seedDocument(t, ['سطر في المجموعة ع'], { collection: 'Collection Y', scan: 'corpus/clean/doc-01-003.jpg' });
    const translator = await person('translator');
    const researcher = await person('researcher');
    expect(await editLine(translator.token, inX.documentId)).toBe(200);
    expect(await editLine(researcher.token, inX.documentId)).toBe(403);

    // A translator who is only a reader in X, a researcher who translates in X.
    await t.json('admin', 'PUT', `/api/collections/${x}/members/${translator.id}`, { role: 'researcher' });
    await t.json('admin', 'PUT', `/api/collections/${x}/members/${researcher.id}`, { role: 'translator' });
    const refused = await (async () => {
      const line = await firstLine(inX.documentId);
      return as(translator.token, 'PATCH', `/api/segments/${line.id}`, { version: line.version, translation: 'not allowed' });
    })();
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Json).message).toMatch(/role in this collection is researcher/);
    expect(await editLine(researcher.token, inX.documentId)).toBe(200);
    // A document's detail tells the web client what its caller may do with it: their role in
    // its collection, not what they may do somewhere.
    const detailPermissions = async (token: string, documentId: number) =>
      ((await (await as(token, 'GET', `/api/documents/${documentId}`)).json()) as { permissions: string[] }).permissions;
    expect(await detailPermissions(translator.token, inX.documentId)).not.toContain('segment.edit');
    expect(await detailPermissions(researcher.token, inX.documentId)).toEqual(expect.arrayContaining(['segment.edit', 'tag.edit']));
    expect(await detailPermissions(translator.token, inY.documentId)).toContain('segment.edit');
    expect(await detailPermissions(researcher.token, inY.documentId)).not.toContain('segment.edit');
    // Elsewhere their global roles hold.
    expect(await editLine(translator.token, inY.documentId)).toBe(200);
    expect(await editLine(researcher.token, inY.documentId)).toBe(403);
    // Tags, uploads and document details follow the same rule.
    const line = await firstLine(inX.documentId);
    expect((await as(translator.token, 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version, start: 0, end: 3, kind: 'other' })).status).toBe(403);
    expect((await as(researcher.token, 'POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version, start: 0, end: 3, kind: 'other' })).status).toBe(201);
    expect((await as(translator.token, 'PATCH', `/api/documents/${inX.documentId}`, { title: 'renamed' })).status).toBe(403);
    expect((await as(researcher.token, 'PATCH', `/api/documents/${inX.documentId}`, { title: 'renamed' })).status).toBe(200);
    const { fixture } = await import('../helpers/test-app');
    const upload = (token: string, collection: string) => {
      const form = new FormData();
      form.set('file', new File([new Uint8Array(fixture('corpus/clean/doc-01-004.jpg'))], 'scan.jpg'));
      form.set('collection', collection);
      return t.app.request('/api/documents', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    };
    expect((await upload(translator.token, 'Collection X')).status).toBe(403);
    expect((await upload(researcher.token, 'Collection Y')).status).toBe(403);
    expect((await upload(researcher.token, 'Collection X')).status).toBe(201);
    const listed = ((await (await as(researcher.token, 'GET', '/api/collections')).json()) as Json).collections as Json[];
    expect(listed.find((c) => c.id === x)!.myRole).toBe('translator');
    expect(listed.find((c) => c.id === y)!.myRole).toBe('researcher');

    // Back to the global role when the collection's role is cleared.
    await t.json('admin', 'PUT', `/api/collections/${x}/members/${translator.id}`, { role: null });
    expect(await editLine(translator.token, inX.documentId)).toBe(200);
  });
});
