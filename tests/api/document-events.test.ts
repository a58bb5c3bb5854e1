// A document's event stream (issue 17): who else has the document open and on which line, and
// the lines others save, as they happen; only for those who may read the document.
import { eq } from 'drizzle-orm';
import { SSEStreamingApi } from 'hono/streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceAccessChanged, documentLive, presenceExpiresMs, stopDocumentLive, type DocumentStatusChanged, type PresenceEvent, type SegmentSaved } from '../../api/documents/live';
import { findUserById } from '../../db/queries/users';
import { collectionMembers, collections, users, type Role } from '../../db/schema';
import { seedDocument, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

type Segment = { id: number; text: string; translation: string; version: number; status: string };
type Event = { event: string; data: unknown };

/** Reads a server-sent event stream as it comes; `next` waits for the first event that matches. */
function eventReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: Event[] = [];
  let buffer = '';
  let ended = false;
  let waiting = null as (() => void) | null;
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (event) events.push({ event, data: JSON.parse(data) });
      }
      waiting?.();
    }
    ended = true;
    waiting?.();
  })();
  let read = 0;
  return {
    /** The next event (after those already returned) of this name that passes `test`, within `ms`. */
    async next<T>(name: string, test: (data: T) => boolean = () => true, ms = 2000): Promise<T> {
      const until = Date.now() + ms;
      for (;;) {
        while (read < events.length) {
          const e = events[read++]!;
          if (e.event === name && test(e.data as T)) return e.data as T;
        }
        if (ended) throw new Error(`the stream ended before a ${name} event`);
        const left = until - Date.now();
        if (left <= 0) throw new Error(`no ${name} event within ${ms} ms (got ${events.map((e) => e.event).join(', ')})`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiting = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        waiting = null;
      }
    },
    /** Every event received so far. */
    all: () => events,
    ended: () => ended,
    /** Waits for the server to end the stream. */
    async closed(ms = 2000) {
      await Promise.race([pump, new Promise((_, reject) => setTimeout(() => reject(new Error('the stream stayed open')), ms))]);
    },
    /** Leaves, as a browser tab closing. */
    cancel: () => reader.cancel(),
  };
}

describe(`a document's event stream: presence and saved lines (${databaseKind} database)`, () => {
  let t: TestApp;
  let open: { documentId: number; pageId: number };
  let sealed: { documentId: number; pageId: number };
  const userId: Partial<Record<Role, number>> = {};
  const lines = async (documentId: number) =>
    ((await (await t.request('admin', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] }).segments;
  const follow = async (role: Role, documentId: number) => {
    const res = await t.request(role, `/api/documents/${documentId}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return eventReader(res);
  };

  beforeAll(async () => {
    t = await startTestApp();
    open = await seedDocument(t, ['الفرع 235', 'الموضوع: نقل موقوف', 'رئيس الفرع']);
    sealed = await seedDocument(t, ['سري للغاية', 'المدعو سامر'], { scan: 'corpus/clean/doc-01-007.jpg', collection: 'Sealed' });
    for (const role of ['admin', 'translator', 'reviewer', 'researcher', 'legal'] as const) {
      userId[role] = (await t.db.select({ id: users.id }).from(users).where(eq(users.email, `${role}@example.test`)))[0]!.id;
    }
    const [c] = await t.db.update(collections).set({ restricted: true }).where(eq(collections.name, 'Sealed')).returning({ id: collections.id });
    await t.db.insert(collectionMembers).values({ collectionId: c!.id, userId: userId.reviewer! });
  });
  afterAll(() => t?.close());

  it('is refused to anyone who may not read the document: not signed in 401, outside its restricted collection 404', async () => {
    expect((await t.request(null, `/api/documents/${sealed.documentId}/events`)).status).toBe(401);
    for (const role of ['translator', 'researcher', 'legal'] as const) {
      const res = await t.request(role, `/api/documents/${sealed.documentId}/events`);
      expect(res.status, role).toBe(404);
      expect(res.headers.get('content-type')).not.toMatch(/event-stream/);
      const [line] = await lines(sealed.documentId);
      expect((await t.json(role, 'POST', `/api/documents/${sealed.documentId}/presence`, { segmentId: line!.id })).status, role).toBe(404);
      expect((await t.request(role, `/api/segments/${line!.id}`)).status, role).toBe(404);
    }
    // The member reads it, and is the only one there.
    const member = await follow('reviewer', sealed.documentId);
    const first = await member.next<PresenceEvent>('presence');
    expect(first).toMatchObject({ change: 'join', userId: userId.reviewer });
    expect(first.people.map((p) => p.userId)).toEqual([userId.reviewer]);
    await member.cancel();
  });

  it('tells A who comes in, which line they are on, each line they save (committed, by version), and when they leave', async () => {
    const [l1, l2] = await lines(open.documentId);
    const a = await follow('admin', open.documentId);
    expect((await a.next<PresenceEvent>('presence')).people.map((p) => p.userId)).toEqual([userId.admin]);

    const b = await follow('translator', open.documentId);
    const joined = await a.next<PresenceEvent>('presence', (e) => e.change === 'join');
    expect(joined.userId).toBe(userId.translator);
    expect(joined.people.map((p) => p.userId)).toEqual([userId.admin, userId.translator]);
    await b.next<PresenceEvent>('presence');

    // B moves to line 2: A sees it.
    const said = await t.json('translator', 'POST', `/api/documents/${open.documentId}/presence`, { segmentId: l2!.id });
    expect(said.status).toBe(200);
    const focus = await a.next<PresenceEvent>('presence', (e) => e.change === 'focus');
    expect(focus.people.find((p) => p.userId === userId.translator)?.segmentId).toBe(l2!.id);
    // A line of another document is refused, and moves nobody.
    const [other] = await lines(sealed.documentId);
    expect((await t.json('translator', 'POST', `/api/documents/${open.documentId}/presence`, { segmentId: other!.id })).status).toBe(400);

    // B saves line 2; a stale save of line 1 before it changes nothing and is not announced (the
    // first event A gets is line 2's).
    expect((await t.json('translator', 'PATCH', `/api/segments/${l1!.id}`, { version: l1!.version + 5, translation: 'stale' })).status).toBe(409);
    const saved = await t.json('translator', 'PATCH', `/api/segments/${l2!.id}`, { version: l2!.version, translation: 'Subject: transfer of a detainee' });
    expect(saved.status).toBe(200);
    const event = await a.next<SegmentSaved>('segment');
    expect(event).toEqual({
      documentId: open.documentId,
      pageId: open.pageId,
      segmentId: l2!.id,
      version: l2!.version + 1,
      operation: 'edit',
      userId: userId.translator,
    });
    // What A then fetches is the saved line.
    const fetched = (await (await t.request('admin', `/api/segments/${l2!.id}`)).json()) as { segment: Segment };
    expect(fetched.segment).toMatchObject({ version: l2!.version + 1, translation: 'Subject: transfer of a detainee' });
    // B hears its own save too (another tab of B's would need it).
    await b.next<SegmentSaved>('segment', (e) => e.segmentId === l2!.id);

    // A split is announced for both lines it writes.
    const split = await t.json('translator', 'POST', `/api/segments/${l1!.id}/split`, { version: l1!.version, textOffset: 5 });
    expect(split.status).toBe(200);
    const { second } = (await split.json()) as { second: Segment };
    await a.next<SegmentSaved>('segment', (e) => e.segmentId === l1!.id && e.operation === 'split');
    await a.next<SegmentSaved>('segment', (e) => e.segmentId === second.id && e.operation === 'split' && e.version === 1);

    // B leaves: A is told, and B's stream is gone from the server.
    await b.cancel();
    const left = await a.next<PresenceEvent>('presence', (e) => e.change === 'leave');
    expect(left.userId).toBe(userId.translator);
    expect(left.people.map((p) => p.userId)).toEqual([userId.admin]);
    expect(documentLive(t.deps.database).sweeping).toBe(true);
    await a.cancel();
    await expect.poll(() => documentLive(t.deps.database).people(open.documentId)).toEqual([]);
    // Nothing of the streams is left running.
    expect(documentLive(t.deps.database).sweeping).toBe(false);
  });

  it('lets go of a client that stopped saying it is there, and says so to the others', async () => {
    const live = documentLive(t.deps.database);
    const a = await follow('admin', open.documentId);
    await a.next('presence');
    const b = await follow('researcher', open.documentId);
    await a.next<PresenceEvent>('presence', (e) => e.change === 'join' && e.userId === userId.researcher);
    // A keeps saying it is there; B has said nothing since it came, and the time runs out.
    const later = Date.now() + presenceExpiresMs - 1000;
    live.touch(open.documentId, userId.admin!, null, later);
    live.expireIdle(Date.now() + presenceExpiresMs + 1);
    await b.closed();
    const expired = await a.next<PresenceEvent>('presence', (e) => e.change === 'expired');
    expect(expired.userId).toBe(userId.researcher);
    expect(expired.people.map((p) => p.userId)).toEqual([userId.admin]);
    // Saying it is there after that does nothing: its stream is closed (the client opens a new one).
    const late = await t.json('researcher', 'POST', `/api/documents/${open.documentId}/presence`, { segmentId: null });
    expect(((await late.json()) as { people: unknown[] }).people).toEqual([]);
    await a.cancel();
    await expect.poll(() => live.people(open.documentId)).toEqual([]);
  });

  it("tells A each change of the document's status that B makes (sent to review, returned), with ids and statuses only", async () => {
    const doc = await seedDocument(t, ['الفرع 215', 'المدعو سامر']);
    const [l1] = await lines(doc.documentId);
    const a = await follow('admin', doc.documentId);
    await a.next('presence');

    expect((await t.json('translator', 'POST', `/api/review/documents/${doc.documentId}/submit`, {})).status).toBe(200);
    expect(await a.next<DocumentStatusChanged>('document')).toEqual({
      documentId: doc.documentId,
      status: 'in_review',
      from: 'in_progress',
      userId: userId.translator,
    });
    const returned = await t.json('reviewer', 'POST', `/api/review/segments/${l1!.id}`, { action: 'return', version: l1!.version, comment: 'Check the name' });
    expect(returned.status).toBe(200);
    expect(await a.next<DocumentStatusChanged>('document')).toEqual({
      documentId: doc.documentId,
      status: 'in_progress',
      from: 'in_review',
      userId: userId.reviewer,
    });
    // What A then fetches says the same.
    const fetched = (await (await t.request('admin', `/api/documents/${doc.documentId}`)).json()) as { document: { status: string } };
    expect(fetched.document.status).toBe('in_progress');
    // Approving one of its two lines changes no status: the line's event comes, no document event.
    const [again] = await lines(doc.documentId);
    expect((await t.json('reviewer', 'POST', `/api/review/segments/${again!.id}`, { action: 'approve', version: again!.version })).status).toBe(200);
    await a.next<SegmentSaved>('segment', (e) => e.segmentId === again!.id);
    expect(a.all().filter((e) => e.event === 'document')).toHaveLength(2);
    await a.cancel();
  });

  it('ends the stream of someone removed from the restricted collection, or disabled, at once, and refuses their reconnect', async () => {
    const [c] = await t.db.select({ id: collections.id }).from(collections).where(eq(collections.name, 'Sealed'));
    const member = await follow('reviewer', sealed.documentId);
    await member.next('presence');
    const admin = await follow('admin', sealed.documentId);
    await admin.next('presence');
    await member.next<PresenceEvent>('presence', (e) => e.userId === userId.admin);

    const removed = await t.request('admin', `/api/collections/${c!.id}/members/${userId.reviewer}`, { method: 'DELETE' });
    expect(removed.status).toBeLessThan(300);
    // Well before the presence timeout (60 s).
    await member.closed(2000);
    expect((await t.request('reviewer', `/api/documents/${sealed.documentId}/events`)).status).toBe(404);
    // The others' streams stay open, and are told the reviewer left.
    const left = await admin.next<PresenceEvent>('presence', (e) => e.change === 'leave');
    expect(left).toMatchObject({ userId: userId.reviewer, people: [{ userId: userId.admin }] });
    expect(admin.ended()).toBe(false);

    // An account disabled: its streams of an open document end too.
    const researcher = await follow('researcher', open.documentId);
    await researcher.next('presence');
    expect((await t.json('admin', 'PATCH', `/api/users/${userId.researcher}`, { disabled: true })).status).toBe(200);
    await researcher.closed(2000);
    expect((await t.request('researcher', `/api/documents/${open.documentId}/events`)).status).toBe(401);
    expect(admin.ended()).toBe(false);
    await admin.cancel();
    await expect.poll(() => documentLive(t.deps.database).people(sealed.documentId)).toEqual([]);
  });

  it('ends a stream whose permission was checked before an access change that it joined after', async () => {
    // The reviewer is no longer in Sealed (above). Their stream's check passed, say, just before
    // that was committed, and the stream joins just after the notice was heard.
    const live = documentLive(t.deps.database);
    await live.ready();
    const checkedAfter = live.accessNotices;
    await t.db.transaction((tx) => announceAccessChanged(tx, { userId: userId.reviewer!, documentId: null }));
    await expect.poll(() => live.accessNotices).toBe(checkedAfter + 1);
    const pipe = new TransformStream();
    const stream = new SSEStreamingApi(pipe.writable, pipe.readable);
    const done = live.follow(sealed.documentId, (await findUserById(t.db, userId.reviewer!))!, stream, checkedAfter);
    const reader = eventReader(new Response(stream.responseReadable));
    await reader.next('presence');
    await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error('the stream stayed open')), 2000))]);
    expect(live.people(sealed.documentId)).toEqual([]);
  });

  it('ends the streams of someone who signed out everywhere (their API tokens revoked), and refuses their reconnect', async () => {
    const legal = await follow('legal', open.documentId);
    await legal.next('presence');
    const admin = await follow('admin', open.documentId);
    await admin.next('presence');
    expect((await t.request('legal', '/api/auth/logout-everywhere', { method: 'POST' })).status).toBe(200);
    await legal.closed(2000);
    expect((await t.request('legal', `/api/documents/${open.documentId}/events`)).status).toBe(401);
    await admin.next<PresenceEvent>('presence', (e) => e.change === 'leave' && e.userId === userId.legal);
    expect(admin.ended()).toBe(false);
    await admin.cancel();
  });

  it('ends every stream when the server stops (its HTTP server waits for open responses)', async () => {
    const a = await follow('admin', open.documentId);
    await a.next('presence');
    await stopDocumentLive(t.deps.database);
    await a.closed();
    expect(documentLive(t.deps.database).people(open.documentId)).toEqual([]);
  });
});
