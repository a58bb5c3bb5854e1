// A document as several people work in it at once (issue 17): who else has it open and on
// which line, and each line anyone saves in it, as it happens — GET /api/documents/:id/events
// (server-sent events) and POST /api/documents/:id/presence.
//
// Saves reach the streams through the database: the write path (api/segments/update-segment.ts)
// sends a NOTIFY in the transaction that saves the line, so an event goes out only once the line
// is committed, never for a save rolled back, and from whichever process saved it (a
// pre-translation job included).
//
// Presence is kept in this process's memory, per document: people connected to different
// processes would not see each other. One process serves the web app (`sijill worker` processes
// only read OCR); a second one behind the same address would need presence in the database too.
import { sql } from 'drizzle-orm';
import type { SSEStreamingApi } from 'hono/streaming';
import type { DbHandle, Executor } from '../../db/client';
import { getDocument } from '../../db/queries/documents';
import { findUserById, type SessionUser } from '../../db/queries/users';
import type { DocumentStatus } from '../../db/schema';
import { log } from '../lib/log';

/** One channel for every notice about documents (see `Notice`): one listening connection. */
const noticeChannel = 'sijill_document_notices';

/** A client that has not said it is still there (POST …/presence) for this long is let go. */
export const presenceExpiresMs = 60_000;
/** How often presence is checked for expiry, while anyone is connected. */
const sweepEveryMs = 10_000;
/** A comment line this often keeps the stream from counting as idle (the server closes idle connections after IDLE_TIMEOUT_S). */
const keepAliveMs = 25_000;

/** One line saved: the event `segment` on the document's stream (ids and the new version; never the text). */
export type SegmentSaved = {
  documentId: number;
  pageId: number;
  segmentId: number;
  /** The line's version after this save. */
  version: number;
  /** What was done: edit, suggest, split, merge, create, delete, restore. */
  operation: string;
  /** Who saved it. */
  userId: number;
};

/** The document's status changed: the event `document` on its stream (ids and statuses; never text). */
export type DocumentStatusChanged = {
  documentId: number;
  status: DocumentStatus;
  /** The status before. */
  from: DocumentStatus;
  /** Who changed it (the certifier, the reviewer who returned it, the person whose edit superseded a certification). */
  userId: number;
};

/**
 * Who may read what may have changed: `userId` null for everyone (a collection restricted), a
 * number for one account (removed from a collection, role changed, disabled); `documentId` null
 * for every document, a number for one (moved to another collection). `credentialsEnded`: some
 * of the account's sessions or API tokens ended (sign-out, password changed, token revoked);
 * a stream does not know which it was opened with, so all of theirs end unchecked, and those
 * whose credential still works are let in again by the route. Never sent to clients.
 */
export type AccessChanged = { userId: number | null; documentId: number | null; credentialsEnded?: boolean };

type Notice =
  | { kind: 'segment'; saved: SegmentSaved }
  | { kind: 'document'; changed: DocumentStatusChanged }
  | { kind: 'access'; changed: AccessChanged };

/** A person who has the document open: the line they are on (null: none yet), since when (ISO). */
export type PresentPerson = { userId: number; name: string; segmentId: number | null; since: string };

/** The event `presence`: who is in the document now, after `change` by `userId`. */
export type PresenceEvent = {
  change: 'join' | 'leave' | 'focus' | 'expired';
  userId: number;
  people: PresentPerson[];
};

/**
 * Tells every stream of the line's document that it was saved, once `tx` commits. Called by the
 * write path for each line it writes.
 */
export async function announceSegmentSaved(tx: Executor, saved: SegmentSaved): Promise<void> {
  await notify(tx, { kind: 'segment', saved });
}

/**
 * Tells every stream of the document its new status, once `tx` commits. Called only by the one
 * place a document's status changes in the work on it (api/review/status.ts `setStatus`).
 */
export async function announceDocumentStatus(tx: Executor, changed: DocumentStatusChanged): Promise<void> {
  await notify(tx, { kind: 'document', changed });
}

/**
 * Once `tx` commits, every process checks again whether the streams concerned may still be
 * read, and ends those that may not (the client's reconnect is then refused by the route's
 * own check). Called where membership, a collection's restriction, an account's role or
 * disabled state, or a document's collection change.
 */
export async function announceAccessChanged(tx: Executor, changed: AccessChanged): Promise<void> {
  await notify(tx, { kind: 'access', changed });
}

async function notify(tx: Executor, notice: Notice) {
  await tx.execute(sql`select pg_notify(${noticeChannel}, ${JSON.stringify(notice)})`);
}

type Message = { event: 'presence' | 'segment' | 'document'; data: string };

type Listener = {
  documentId: number;
  user: { id: number; name: string };
  segmentId: number | null;
  /** When this line was chosen (ms): of a person's several tabs, the latest choice counts. */
  focusedAt: number;
  joinedAt: number;
  /** Last sign of life from the client (ms): joining, or POST …/presence. */
  lastSeen: number;
  send(m: Message): void;
  /** Ends the stream (expired, or the server stops). */
  end(): void;
  expired: boolean;
};

class DocumentLive {
  private readonly byDocument = new Map<number, Set<Listener>>();
  private sweep: ReturnType<typeof setInterval> | null = null;
  private listening: Promise<() => Promise<void>> | null = null;
  /**
   * Access notices heard so far: a stream whose permission was checked before one of them and
   * that joins after it is checked again (the notice found no stream of it to end).
   */
  accessNotices = 0;

  constructor(private readonly database: DbHandle) {}

  /** Whether the expiry check is scheduled: only while a stream is open, so that none outlives them. */
  get sweeping(): boolean {
    return this.sweep !== null;
  }

  /** Listening for notices; resolves once those committed from now on are heard. */
  ready(): Promise<unknown> {
    this.listening ??= this.database.listen(noticeChannel, (payload) => this.heard(payload));
    return this.listening;
  }

  private heard(payload: string) {
    let notice: Notice;
    try {
      notice = JSON.parse(payload) as Notice;
    } catch {
      return log.warn('live: unreadable notification');
    }
    if (notice.kind === 'segment') this.sendAll(notice.saved.documentId, { event: 'segment', data: JSON.stringify(notice.saved) });
    else if (notice.kind === 'document') this.sendAll(notice.changed.documentId, { event: 'document', data: JSON.stringify(notice.changed) });
    else if (notice.kind === 'access') {
      this.accessNotices++;
      void this.recheck(notice.changed);
    }
  }

  private sendAll(documentId: number, m: Message) {
    for (const l of this.byDocument.get(documentId) ?? []) l.send(m);
  }

  /**
   * Ends the streams whose reader may no longer read their document. Permission is checked when
   * a stream opens, and again here only when access changed, rather than before every event:
   * an idle stream sends no event to check at, yet still tells who is on which line, and a
   * pre-translation's hundreds of saves would be as many queries per reader. The check is the
   * route's own (the account as it is now, enabled, and `getDocument`); if it cannot be made
   * the stream ends as well, and its reconnect is checked by the route.
   */
  private async recheck(changed: AccessChanged) {
    const concerned = [...this.byDocument.entries()]
      .filter(([documentId]) => changed.documentId === null || changed.documentId === documentId)
      .flatMap(([, set]) => [...set])
      .filter((l) => changed.userId === null || changed.userId === l.user.id);
    if (changed.credentialsEnded) {
      for (const l of concerned) l.end();
      return;
    }
    const accounts = new Map<number, Promise<SessionUser | null>>();
    const db = this.database.db;
    await Promise.all(
      concerned.map(async (l) => {
        let allowed = false;
        try {
          if (!accounts.has(l.user.id)) accounts.set(l.user.id, findUserById(db, l.user.id));
          const account = await accounts.get(l.user.id)!;
          allowed = account !== null && (await getDocument(db, account, l.documentId)) !== null;
        } catch (err) {
          log.warn('live: could not check access again; ending the stream', { error: String(err) });
        }
        if (!allowed) l.end();
      }),
    );
  }

  /** Who has the document open, one entry per person (a person with two tabs is there once). */
  people(documentId: number): PresentPerson[] {
    const byUser = new Map<number, { first: Listener; latest: Listener }>();
    for (const l of this.byDocument.get(documentId) ?? []) {
      const seen = byUser.get(l.user.id);
      if (!seen) byUser.set(l.user.id, { first: l, latest: l });
      else {
        if (l.joinedAt < seen.first.joinedAt) seen.first = l;
        if (l.focusedAt > seen.latest.focusedAt) seen.latest = l;
      }
    }
    return [...byUser.values()]
      .sort((a, b) => a.first.joinedAt - b.first.joinedAt)
      .map(({ first, latest }) => ({
        userId: first.user.id,
        name: first.user.name,
        segmentId: latest.segmentId,
        since: new Date(first.joinedAt).toISOString(),
      }));
  }

  private broadcast(documentId: number, change: PresenceEvent['change'], userId: number) {
    const data = JSON.stringify({ change, userId, people: this.people(documentId) } satisfies PresenceEvent);
    for (const l of this.byDocument.get(documentId) ?? []) l.send({ event: 'presence', data });
  }

  private hasUser(documentId: number, userId: number) {
    for (const l of this.byDocument.get(documentId) ?? []) if (l.user.id === userId) return true;
    return false;
  }

  private join(l: Listener) {
    const wasThere = this.hasUser(l.documentId, l.user.id);
    let set = this.byDocument.get(l.documentId);
    if (!set) this.byDocument.set(l.documentId, (set = new Set()));
    set.add(l);
    this.sweep ??= setInterval(() => this.expireIdle(Date.now()), sweepEveryMs);
    // A second tab of someone already there changes nothing for the others; it still gets the list.
    if (wasThere) l.send({ event: 'presence', data: JSON.stringify({ change: 'join', userId: l.user.id, people: this.people(l.documentId) }) });
    else this.broadcast(l.documentId, 'join', l.user.id);
  }

  private leave(l: Listener) {
    const set = this.byDocument.get(l.documentId);
    if (!set?.delete(l)) return;
    if (set.size === 0) this.byDocument.delete(l.documentId);
    if (this.byDocument.size === 0 && this.sweep) {
      clearInterval(this.sweep);
      this.sweep = null;
    }
    if (!this.hasUser(l.documentId, l.user.id)) this.broadcast(l.documentId, l.expired ? 'expired' : 'leave', l.user.id);
  }

  /**
   * The person is still there, on this line (null: on none): POST …/presence, sent by the editor
   * when the cursor moves to another line and every 20 s. Returns who is there, or null when
   * this person has no stream of the document open in this process.
   */
  touch(documentId: number, userId: number, segmentId: number | null, now = Date.now()): PresentPerson[] | null {
    const mine = [...(this.byDocument.get(documentId) ?? [])].filter((l) => l.user.id === userId);
    if (mine.length === 0) return null;
    const before = this.people(documentId).find((p) => p.userId === userId)?.segmentId;
    for (const l of mine) {
      l.lastSeen = now;
      if (l.segmentId !== segmentId) {
        l.segmentId = segmentId;
        l.focusedAt = now;
      }
    }
    if (before !== segmentId) this.broadcast(documentId, 'focus', userId);
    return this.people(documentId);
  }

  /** Ends the streams of clients not heard from for `presenceExpiresMs` before `now` (run every 10 s). */
  expireIdle(now: number) {
    for (const set of this.byDocument.values()) {
      for (const l of set) {
        if (now - l.lastSeen > presenceExpiresMs) {
          l.expired = true;
          l.end();
        }
      }
    }
  }

  /**
   * Streams the document's events to one client until it disconnects, stops sending presence,
   * or the server stops: `presence` at once and whenever someone comes, goes or moves to another
   * line; `segment` for each line saved; `document` when its status changes; a comment every
   * 25 s to keep the connection open. The caller has checked that `user` may read the document;
   * the stream ends when that may have stopped being so (`announceAccessChanged`).
   * `checkedAfter`: `accessNotices` when the caller began its check (after `ready()`).
   */
  async follow(documentId: number, user: SessionUser, stream: SSEStreamingApi, checkedAfter: number): Promise<void> {
    const queue: Message[] = [];
    let wake: (() => void) | null = null;
    let ended = false;
    const now = Date.now();
    const listener: Listener = {
      documentId,
      user: { id: user.id, name: user.name },
      segmentId: null,
      focusedAt: 0,
      joinedAt: now,
      lastSeen: now,
      expired: false,
      send(m) {
        queue.push(m);
        wake?.();
      },
      end() {
        ended = true;
        wake?.();
      },
    };
    stream.onAbort(() => wake?.());
    this.join(listener);
    if (this.accessNotices !== checkedAfter) void this.recheck({ userId: user.id, documentId });
    try {
      while (!stream.aborted && !ended) {
        if (queue.length === 0) {
          const idle = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(true), keepAliveMs);
            wake = () => {
              clearTimeout(timer);
              resolve(false);
            };
          });
          wake = null;
          if (idle) await stream.write(': still here\n\n');
        }
        while (queue.length && !stream.aborted) await stream.writeSSE(queue.shift()!);
      }
    } finally {
      this.leave(listener);
    }
  }

  /** Ends every stream and stops listening (server stop). */
  async stop() {
    for (const set of [...this.byDocument.values()]) for (const l of [...set]) l.end();
    const listening = this.listening;
    this.listening = null;
    if (listening) await (await listening)().catch(() => {});
  }
}

const hubs = new WeakMap<DbHandle, DocumentLive>();

/** This process's presence and save events for the documents of `database`. */
export function documentLive(database: DbHandle): DocumentLive {
  let hub = hubs.get(database);
  if (!hub) hubs.set(database, (hub = new DocumentLive(database)));
  return hub;
}

/** Ends every open document stream (before the HTTP server closes: it waits for open responses). */
export async function stopDocumentLive(database: DbHandle): Promise<void> {
  await hubs.get(database)?.stop();
  hubs.delete(database);
}
