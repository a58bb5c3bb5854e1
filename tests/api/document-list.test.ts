/**
 * The document list at archive scale (search by title, reference and file name; filters; sort;
 * stable paging) and a document's details edited after upload (audited, conflicts refused,
 * collection moves under the collection rules).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, collections, documents, reviewNotes, users } from '../../db/schema';
import { ensureCollection } from '../../db/queries/documents';
import { seedDocument, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

type Doc = { id: number; title: string; archiveRef: string | null; documentDate: string | null; collection: string; status: string; notes: string | null; openReturns: number; uploadedBy: { id: number; name: string } | null };
type List = { documents: Doc[]; total: number };

describe(`document list and details (${databaseKind} database)`, () => {
  let t: TestApp;
  const ids: number[] = [];
  const list = async (query: string, role: 'researcher' | 'admin' | 'translator' = 'researcher') => {
    const res = await t.request(role, `/api/documents?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as List;
  };
  const patch = (role: 'translator' | 'researcher' | 'admin' | 'reviewer', id: number, body: unknown) => t.json(role, 'PATCH', `/api/documents/${id}`, body);

  beforeAll(async () => {
    t = await startTestApp();
    const scans = ['corpus/clean/doc-01-002.jpg', 'corpus/clean/doc-01-003.jpg', 'corpus/clean/doc-01-004.jpg', 'corpus/clean/doc-01-006.jpg'];
    for (const [i, scan] of scans.entries()) {
      const { documentId } = await seedDocument(t, [`سطر ${i}`], { scan, collection: i < 2 ? 'Branch 235' : 'Branch 251' });
      ids.push(documentId);
    }
    const details: Array<Partial<typeof documents.$inferInsert>> = [
      { title: 'Transfer order', archiveRef: 'B235/0012', documentDate: '2013-04-02', originalName: 'scan-0012.jpg' },
      { title: 'قائمة الموقوفين', archiveRef: 'B235/0044', documentDate: '2014-11-30', originalName: 'list_44.tif' },
      { title: 'Death notification', archiveRef: 'B251/1290', documentDate: '2012-01-15', originalName: 'notice.pdf', status: 'in_review' },
      { title: 'Memo between branches', archiveRef: null, documentDate: null, originalName: 'memo_7.jpg' },
    ];
    for (const [i, d] of details.entries()) await t.db.update(documents).set(d).where(eq(documents.id, ids[i]!));
    // One document has a line a reviewer returned.
    const reviewer = await t.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, 'reviewer@example.test') });
    await t.db.insert(reviewNotes).values({ documentId: ids[3]!, action: 'returned', comment: 'check', reviewerId: reviewer!.id });
  });
  afterAll(() => t?.close());

  it('searches title, archive reference and file name, case-insensitively and in Arabic', async () => {
    expect((await list('q=transfer')).documents.map((d) => d.id)).toEqual([ids[0]]);
    expect((await list('q=b235')).documents.map((d) => d.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect((await list('q=list_44')).documents.map((d) => d.id)).toEqual([ids[1]]);
    expect((await list(`q=${encodeURIComponent('الموقوفين')}`)).documents.map((d) => d.id)).toEqual([ids[1]]);
    // Every word must match, anywhere.
    expect((await list('q=memo%207')).documents.map((d) => d.id)).toEqual([ids[3]]);
    // LIKE's wildcards are text.
    expect((await list('q=%25')).total).toBe(0);
  });

  it('filters by collection, status, document date, upload date, uploader and returned lines', async () => {
    const [branch251] = await t.db.select().from(collections).where(eq(collections.name, 'Branch 251'));
    expect((await list(`collectionId=${branch251!.id}`)).documents.map((d) => d.id).sort()).toEqual([ids[2], ids[3]].sort());
    expect((await list('status=in_review')).documents.map((d) => d.id)).toEqual([ids[2]]);
    expect((await list('status=in_review,in_progress')).total).toBe(4);
    expect((await list('dateFrom=2013-01-01&dateTo=2014-12-31')).documents.map((d) => d.id).sort()).toEqual([ids[0], ids[1]].sort());
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(`uploadedFrom=${today}&uploadedTo=${today}`)).total).toBe(4);
    expect((await list('uploadedTo=2000-01-01')).total).toBe(0);
    const [admin] = await t.db.select().from(users).where(eq(users.email, 'admin@example.test'));
    expect((await list(`uploadedBy=${admin!.id}`)).total).toBe(4);
    const returned = await list('hasReturned=true');
    expect(returned.documents.map((d) => d.id)).toEqual([ids[3]]);
    expect(returned.documents[0]!.openReturns).toBe(1);
    const bad = await t.request('researcher', '/api/documents?status=lost&dateFrom=yesterday');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/Unknown status lost.*YYYY-MM-DD|YYYY-MM-DD.*Unknown status lost/s);
  });

  it('sorts by any column, empty values last, and pages without repeating or losing a row', async () => {
    expect((await list('sort=title&order=asc')).documents.map((d) => d.title)).toEqual(['Death notification', 'Memo between branches', 'Transfer order', 'قائمة الموقوفين']);
    expect((await list('sort=documentDate&order=desc')).documents.map((d) => d.documentDate)).toEqual(['2014-11-30', '2013-04-02', '2012-01-15', null]);
    expect((await list('sort=archiveRef')).documents.at(-1)!.archiveRef).toBeNull();
    const seen: number[] = [];
    for (let offset = 0; offset < 4; offset += 3) seen.push(...(await list(`sort=collection&limit=3&offset=${offset}`)).documents.map((d) => d.id));
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('offers the collections and uploaders to filter by, only those the user may read', async () => {
    const sealed = await ensureCollection(t.db, 'Sealed');
    await t.db.update(collections).set({ restricted: true }).where(eq(collections.id, sealed.id));
    const res = await t.request('researcher', '/api/documents/filters');
    const body = (await res.json()) as { collections: Array<{ name: string }>; uploaders: Array<{ name: string }>; statuses: string[] };
    expect(body.collections.map((c) => c.name)).toEqual(expect.arrayContaining(['Branch 235', 'Branch 251']));
    expect(body.collections.map((c) => c.name)).not.toContain('Sealed');
    expect(body.uploaders.map((u) => u.name)).toEqual(['admin']);
    expect(body.statuses).toContain('certified');
  });

  it('lets a translator set the title, reference, date, notes and collection, audited without the values', async () => {
    const id = ids[3]!;
    const res = await patch('translator', id, {
      title: '  Memo  from Branch 251\u202e ',
      archiveRef: 'B251/0007',
      documentDate: '2012-06-30',
      notes: 'Stamp partly illegible.',
      collection: 'Branch 235',
      previous: { title: 'Memo between branches', archiveRef: null },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { document } = (await res.json()) as { document: Doc };
    expect(document).toMatchObject({ title: 'Memo from Branch 251', archiveRef: 'B251/0007', documentDate: '2012-06-30', notes: 'Stamp partly illegible.', collection: 'Branch 235' });
    // Its lines moved with it: search and collection rules read them by their own collection id.
    const { segments } = await import('../../db/schema');
    const lineCollections = await t.db.select({ c: segments.collectionId }).from(segments).where(eq(segments.documentId, id));
    expect(new Set(lineCollections.map((l) => l.c))).toEqual(new Set([(await ensureCollection(t.db, 'Branch 235')).id]));
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'document.updated'));
    expect(event!.payload).toMatchObject({ fields: ['title', 'archiveRef', 'documentDate', 'notes', 'collection'], collection: { from: 'Branch 251', to: 'Branch 235' } });
    expect(JSON.stringify(event!.payload)).not.toContain('Memo');
    expect(JSON.stringify(event!.payload)).not.toContain('illegible');
  });

  it('refuses a change made on values someone changed since, a researcher, bad values, and a move into or out of a restricted collection by a non-admin', async () => {
    const id = ids[0]!;
    const stale = await patch('reviewer', id, { title: 'Mine', previous: { title: 'Not what it is' } });
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { error: string; current: Doc };
    expect(body.error).toBe('stale_document');
    expect(body.current.title).toBe('Transfer order');
    expect((await patch('researcher', id, { title: 'x' })).status).toBe(403);
    expect((await patch('translator', id, { title: '   ' })).status).toBe(400);
    expect((await patch('translator', id, { documentDate: '30/06/2012' })).status).toBe(400);
    expect((await patch('translator', id, { colour: 'red' })).status).toBe(400);
    expect((await patch('translator', id, { collection: 'Sealed' })).status).toBe(403);
    expect((await patch('translator', 999_999, { title: 'x' })).status).toBe(404);
    // An administrator moves it in; a translator who is not a member no longer sees it, and cannot move it out.
    expect((await patch('admin', id, { collection: 'Sealed' })).status).toBe(200);
    expect((await patch('translator', id, { collection: 'Branch 235' })).status).toBe(404);
    expect((await list('q=transfer', 'translator')).total).toBe(0);
    const [translator] = await t.db.select().from(users).where(eq(users.email, 'translator@example.test'));
    const [sealed] = await t.db.select().from(collections).where(eq(collections.name, 'Sealed'));
    const { collectionMembers } = await import('../../db/schema');
    await t.db.insert(collectionMembers).values({ collectionId: sealed!.id, userId: translator!.id });
    const out = await patch('translator', id, { collection: 'Branch 235' });
    expect(out.status).toBe(403);
    expect(((await out.json()) as { message: string }).message).toMatch(/administrators/);
  });
});
