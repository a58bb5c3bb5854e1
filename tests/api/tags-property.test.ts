/**
 * Property: random sequences of edits, splits, joins, restores and undos (as the web editor
 * performs them) on tagged lines never lose a confirmed tag silently and never leave a tag whose
 * span and stored text disagree. fast-check generates the sequences and shrinks a failure to a
 * short one; the failure message prints the seed (replay with FC_SEED=… FC_PATH=…).
 *
 * Checked after every step, over every tag of the document (any status, live or deleted line):
 * - the span lies inside its field and covers exactly the tag's `surface`;
 * - an accepted date's value is what its surface says (read by the one date reader);
 * - a tag seen accepted that is no longer accepted has a history row saying why (detached,
 *   dropped, removed, rejected) since it was last seen, and — when an edit did it — an audit event;
 * - an undo right after a split, join or restore gives back exactly the accepted tags from before.
 *
 * FC_RUNS sets the number of runs (default 100: about a minute on the embedded database).
 */
import { and, eq, gt, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestForPage } from '../../api/entities/mentions';
import { replacePageSegments } from '../../api/segments/replace-page-segments';
import { findDates } from '../../api/text/dates';
import { findEnglishDates } from '../../api/text/english';
import { auditEvents, mentionEvents, mentions, segments } from '../../db/schema';
import { seedDocument, startTestApp, type TestApp } from '../helpers/test-app';
import { databaseKind } from '../helpers/test-db';

type Segment = { id: number; text: string; translation: string; version: number };
type Mention = { id: number; start: number; end: number; status: string; field: 'text' | 'translation' };

/** Fictional lines in the shape of the sample corpus: a date, a name, a unit, a place on each. */
const startLines = [
  'بتاريخ ٤/٧/٢٠١٧ تم توقيف المدعو وائل الحسين في درعا',
  'وتم نقله إلى الفرع 215 بتاريخ 12 آب 2016',
  'نعلمكم بوفاة الموقوف محمود درويش رقم 7984 في حمص',
];
const words = ['السيد', 'في', 'دمشق', '٦/٧/٢٠١٧', 'سامر الحلبي', 'الموضوع:', 'تقرير', 'درعا', '3 آذار 2015'];
const translations = ['He was arrested on 4 July 2017 in Daraa.', 'Transferred to Branch 215 on 12 August 2016.', ''];

const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('insert', 'delete', 'replace', 'digit'), line: fc.nat(), at: fc.nat(), word: fc.constantFrom(...words) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('split'), line: fc.nat(), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('join'), line: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('restore'), line: fc.nat(), back: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('undo') }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('accept'), line: fc.nat(), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tag'), line: fc.nat(), at: fc.nat(), len: fc.integer({ min: 1, max: 2 }), kind: fc.constantFrom('person', 'place', 'other') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('untag'), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('translate'), line: fc.nat(), k: fc.nat() }) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** Word starts (UTF-16) of a line, for edits and splits at word boundaries. */
const wordStarts = (text: string) => [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));

describe(`property: tags through random edits, splits, joins, restores and undos (${databaseKind} database)`, () => {
  let t: TestApp;
  let documentId: number;
  let pageId: number;

  beforeAll(async () => {
    t = await startTestApp();
    ({ documentId, pageId } = await seedDocument(t, startLines));
  });
  afterAll(() => t?.close());

  const live = async () => ((await (await t.request('translator', `/api/documents/${documentId}/segments`)).json()) as { segments: Segment[] }).segments;
  const send = (method: string, path: string, body?: unknown) => (body === undefined ? t.request('translator', path, { method }) : t.json('translator', method, path, body));
  const segmentOf = async (res: Response) => (res.status === 200 ? ((await res.json()) as { segment: Segment }).segment : null);

  /** The accepted tags of the document, as an undo must give them back. */
  const acceptedNow = async () => {
    const rows = await t.db.select().from(mentions).where(and(eq(mentions.documentId, documentId), eq(mentions.status, 'accepted')));
    return rows.map((m) => `${m.id}|${m.field}|${m.surface}|${m.kind}|${m.entityId}|${m.normalized}`).sort();
  };

  async function runSequence(steps: Step[]) {
    // A fresh page: the same three lines, engine suggestions, no history.
    await t.db.transaction(async (tx) => {
      await replacePageSegments(tx, { id: pageId, documentId }, startLines.map((text, i) => ({ text, confidence: 90, box: { x: 100, y: 100 + i * 60, w: 800, h: 50 }, words: [] })));
      await suggestForPage(tx, pageId);
    });
    /**
     * The editor's undo stack. An entry is exact (its undo must give back the accepted tags from
     * before its step) while every later step was itself undone exactly: `clean` and no `above`.
     */
    const undo: Array<{ run: () => Promise<void>; before: string[]; clean: boolean; above: number }> = [];
    /** Accepted tags being watched, with the last history row seen for each. */
    const watched = new Map<number, number>();
    const log: string[] = [];

    for (const s of steps) {
      const lines = await live();
      const pick = <T,>(list: T[], n: number) => (list.length ? list[n % list.length] : undefined);
      // What an undo of this step must give back (only steps the editor can undo push an entry).
      const before = s.op === 'split' || s.op === 'join' || s.op === 'restore' ? await acceptedNow() : [];
      let pushed: { run: () => Promise<void> } | null = null;
      log.push(JSON.stringify(s));

      if (s.op === 'undo') {
        const entry = undo.pop();
        if (entry) {
          await entry.run();
          const exact = entry.clean && entry.above === 0;
          if (exact) expect(await acceptedNow(), `undo gives back the accepted tags (steps: ${log.join(' ')})`).toEqual(entry.before);
          for (const e of undo) {
            if (exact) e.above--;
            else e.clean = false;
          }
        }
      } else {
        const line = 'line' in s ? pick(lines, s.line) : undefined;
        if (line && (s.op === 'insert' || s.op === 'delete' || s.op === 'replace' || s.op === 'digit')) {
          const ws = wordStarts(line.text);
          const w = pick(ws, s.at);
          let text = line.text;
          if (s.op === 'insert') text = w ? `${text.slice(0, w.start)}${s.word} ${text.slice(w.start)}` : s.word;
          else if (s.op === 'delete' && w && ws.length > 1) text = `${text.slice(0, w.start)}${text.slice(w.end).trimStart()}`.trim();
          else if (s.op === 'replace' && w) text = `${text.slice(0, w.start)}${s.word}${text.slice(w.end)}`;
          else if (s.op === 'digit') {
            const digits = [...text.matchAll(/[0-9٠-٩]/g)];
            const d = pick(digits, s.at);
            if (d) {
              const zero = /[٠-٩]/.test(d[0]) ? 0x660 : 0x30;
              const next = String.fromCharCode(zero + ((d[0].charCodeAt(0) - zero + 1 + (s.at % 8)) % 10));
              text = `${text.slice(0, d.index)}${next}${text.slice(d.index + 1)}`;
            }
          }
          if (text !== line.text && text.trim()) await send('PATCH', `/api/segments/${line.id}`, { version: line.version, text });
        } else if (line && s.op === 'split') {
          const ws = wordStarts(line.text).slice(1);
          const w = pick(ws, s.at);
          if (w) {
            const res = await send('POST', `/api/segments/${line.id}/split`, { version: line.version, textOffset: w.start });
            if (res.status === 200) {
              const { first, second } = (await res.json()) as { first: Segment; second: Segment };
              pushed = {
                // web/src/routes/document.tsx: join the halves, then restore the text from before the split.
                run: async () => {
                  const now = await live();
                  const a = now.find((x) => x.id === first.id);
                  const b = now.find((x) => x.id === second.id);
                  if (!a || !b) return;
                  const joined = await segmentOf(await send('POST', `/api/segments/${first.id}/merge`, { version: a.version, nextId: b.id, nextVersion: b.version }));
                  if (joined) await send('POST', `/api/segments/${first.id}/restore`, { version: joined.version, restore: first.version - 1 });
                },
              };
            }
          }
        } else if (line && s.op === 'join') {
          const next = lines[lines.indexOf(line) + 1];
          if (next) {
            const joined = await segmentOf(await send('POST', `/api/segments/${line.id}/merge`, { version: line.version, nextId: next.id, nextVersion: next.version }));
            if (joined) {
              const firstBefore = line.version;
              const nextBefore = next.version;
              pushed = {
                // web/src/routes/document.tsx: bring the joined-away line back, then the first line's text from before.
                run: async () => {
                  await send('POST', `/api/segments/${next.id}/restore`, { version: nextBefore + 1, restore: nextBefore });
                  const a = (await live()).find((x) => x.id === line.id);
                  if (a) await send('POST', `/api/segments/${line.id}/restore`, { version: a.version, restore: firstBefore });
                },
              };
            }
          }
        } else if (line && s.op === 'restore' && line.version > 1) {
          const target = line.version - 1 - (s.back % (line.version - 1));
          const restored = await segmentOf(await send('POST', `/api/segments/${line.id}/restore`, { version: line.version, restore: target }));
          if (restored) {
            const was = line.version;
            pushed = {
              run: async () => {
                const a = (await live()).find((x) => x.id === line.id);
                if (a) await send('POST', `/api/segments/${line.id}/restore`, { version: a.version, restore: was });
              },
            };
          }
        } else if (line && s.op === 'accept') {
          const { mentions: tags } = (await (await t.request('translator', `/api/mentions?segmentId=${line.id}&status=suggested`)).json()) as { mentions: Mention[] };
          const m = pick(tags, s.k);
          if (m) await send('POST', `/api/mentions/${m.id}/accept`, {});
        } else if (line && s.op === 'tag') {
          const ws = wordStarts(line.text);
          const i = s.at % Math.max(1, ws.length);
          const from = ws[i];
          const to = ws[Math.min(ws.length - 1, i + s.len - 1)];
          if (from && to) await send('POST', '/api/mentions', { segmentId: line.id, segmentVersion: line.version, field: 'text', start: from.start, end: to.end, kind: s.kind });
        } else if (s.op === 'untag') {
          const rows = await t.db.select({ id: mentions.id }).from(mentions).where(and(eq(mentions.documentId, documentId), eq(mentions.status, 'accepted')));
          const m = pick(rows.sort((a, b) => a.id - b.id), s.k);
          if (m) await send('DELETE', `/api/mentions/${m.id}`);
        } else if (line && s.op === 'translate') {
          const translation = translations[s.k % translations.length]!;
          if (translation !== line.translation) await send('PATCH', `/api/segments/${line.id}`, { version: line.version, translation });
        }
        // A step that is not undone later makes the undo entries below it inexact.
        for (const e of undo) {
          if (pushed) e.above++;
          else e.clean = false;
        }
        if (pushed) undo.push({ ...pushed, before, clean: true, above: 0 });
      }
      await checkInvariants(watched, log);
    }
  }

  async function checkInvariants(watched: Map<number, number>, log: string[]) {
    const where = `(steps: ${log.join(' ')})`;
    const rows = await t.db
      .select({ m: mentions, text: segments.text, translation: segments.translation })
      .from(mentions)
      .innerJoin(segments, eq(segments.id, mentions.segmentId))
      .where(eq(mentions.documentId, documentId));
    for (const { m, text, translation } of rows) {
      const field = m.field === 'text' ? text : translation;
      expect(m.startOffset >= 0 && m.startOffset < m.endOffset && m.endOffset <= field.length, `tag #${m.id} inside its line ${where}`).toBe(true);
      expect(field.slice(m.startOffset, m.endOffset), `tag #${m.id} covers its surface ${where}`).toBe(m.surface);
      if (m.kind === 'date' && m.status === 'accepted') {
        const read = (m.field === 'text' ? findDates(m.surface) : findEnglishDates(m.surface))[0];
        expect(read?.iso, `accepted date #${m.id} says what its text says ${where}`).toBe(m.normalized);
      }
    }
    const accepted = new Set(rows.filter((r) => r.m.status === 'accepted').map((r) => r.m.id));
    const gone = [...watched.keys()].filter((id) => !accepted.has(id));
    if (gone.length) {
      const events = await t.db.select().from(mentionEvents).where(inArray(mentionEvents.mentionId, gone));
      const audits = await t.db.select({ targetId: auditEvents.targetId, action: auditEvents.action, payload: auditEvents.payload }).from(auditEvents).where(and(eq(auditEvents.targetType, 'mention'), inArray(auditEvents.targetId, gone.map(String))));
      for (const id of gone) {
        const why = events.filter((e) => e.mentionId === id && e.id > watched.get(id)! && ['detached', 'dropped', 'removed', 'rejected'].includes(e.action));
        expect(why.length, `accepted tag #${id} left with a history row ${where}`).toBeGreaterThan(0);
        const last = why.at(-1)!;
        const audited =
          last.action === 'removed'
            ? audits.some((a) => a.targetId === String(id) && a.action === 'mention.deleted')
            : last.action === 'rejected'
              ? audits.some((a) => a.targetId === String(id) && a.action === 'mention.decided')
              : audits.some((a) => a.targetId === String(id) && a.action === 'mention.followed_edit' && (a.payload as { outcome?: string }).outcome === last.action);
        expect(audited, `accepted tag #${id} left with an audit event ${where}`).toBe(true);
        watched.delete(id);
      }
    }
    if (accepted.size) {
      const latest = await t.db.select({ mentionId: mentionEvents.mentionId, id: mentionEvents.id }).from(mentionEvents).where(and(inArray(mentionEvents.mentionId, [...accepted]), gt(mentionEvents.id, 0)));
      for (const id of accepted) watched.set(id, Math.max(0, ...latest.filter((e) => e.mentionId === id).map((e) => e.id)));
    }
  }

  it('never loses a confirmed tag silently, never leaves a span that disagrees with its text', async () => {
    const numRuns = Number(process.env.FC_RUNS ?? 100);
    const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 6 }), (steps) => runSequence(steps)),
      { numRuns, seed, path: process.env.FC_PATH, endOnFailure: !!process.env.CI },
    );
  }, 900_000);
});
