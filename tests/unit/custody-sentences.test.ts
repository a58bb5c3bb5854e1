/**
 * The chain of custody as the legal team reads it (web/src/lib/custody.ts): every action the
 * audit chain records reads as a sentence in English and in Arabic — no event name, key path or
 * unfilled {{placeholder}} — and the page and line the server resolved lead the sentence.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEventSchemas, type AuditAction } from '../../api/audit/events';
import type { CustodyEvent } from '../../web/src/api';

// The web's i18n module sets the page's lang/dir when loaded; this is all of the page it touches.
const page = globalThis as { document?: unknown; navigator?: unknown };
page.document ??= { documentElement: {} };
page.navigator ??= { language: 'en' };

let custodySentence: (e: CustodyEvent) => string;
let setLang: (l: 'en' | 'ar') => void;
beforeAll(async () => {
  ({ custodySentence } = await import('../../web/src/lib/custody'));
  ({ setLang } = await import('../../web/src/i18n'));
});

const sha = 'ab'.repeat(32);
/** A payload of each action, as its schema accepts it. */
const samples: Record<AuditAction, Record<string, unknown>> = {
  'auth.login': { method: 'password' },
  'auth.login_failed': { email: 'x@example.test' },
  'auth.logout': {},
  'auth.logout_everywhere': { sessions: 2, tokensRevoked: [] },
  'user.created': { userId: 3, email: 'x@example.test', role: 'legal', by: 'api' },
  'user.updated': { userId: 3, fields: ['role'], sessionsEnded: 0 },
  'user.password_changed': { userId: 3, by: 'self', sessionsEnded: 1 },
  'token.created': { tokenId: 1, name: 'n' },
  'collection.created': { collectionId: 2, name: 'Daraa files', restricted: true },
  'collection.updated': { collectionId: 2, fields: ['restricted'], restricted: false },
  'collection.member_set': { collectionId: 2, userId: 3, role: 'translator', manager: false, added: true },
  'collection.member_removed': { collectionId: 2, userId: 3 },
  'token.revoked': { tokenId: 1, ownerId: 3 },
  'document.uploaded': { sha256: sha, size: 820_000, mime: 'image/jpeg', pageCount: 3, collection: 'Daraa files' },
  'document.updated': { fields: ['title', 'collection'], contentHash: sha, collection: { from: 'A', to: 'B' } },
  'document.ocr_finished': { pagesDone: 3, pagesFailed: 0 },
  'segment.updated': { operation: 'edit', fromVersion: 1, toVersion: 2, fields: ['text'], contentHash: sha },
  'user.certifier_changed': { userId: 3, canCertify: true },
  'review.submitted': { lines: 9, unreviewed: 9 },
  'review.decided': { action: 'returned', scope: 'line', pageId: 1, segmentIds: [5], commentHash: sha },
  'document.status_changed': { from: 'in_review', to: 'in_progress', reason: 'returned by reviewer' },
  'certification.issued': { certificationId: 4, snapshotHash: sha, pdfSha256: sha, originals: [sha], lines: 9, templateId: 't' },
  'certification.superseded': { certificationId: 4, reason: 'edited' },
  'document.exported': { kind: 'certified_pdf', certificationId: 4, sha256: sha },
  'documents.exported': { jobId: 1, kind: 'tei', scope: 'collection', documentIds: [1, 2], skipped: 0, sha256: sha, size: 10 },
  'page.marked': { sensitive: true },
  'segment.created': { operation: 'split', pageId: 1, contentHash: sha },
  'entity.seeded': { count: 10 },
  'entity.created': { kind: 'person' },
  'entity.updated': { fields: ['canonicalEn'] },
  'entity.merged': { fromId: 1, intoId: 2, mentionsMoved: 3 },
  'mention.created': { segmentId: 5, field: 'text', kind: 'place', entityId: null, segmentVersion: 2 },
  'mention.updated': { segmentId: 5, fields: ['kind'] },
  'mention.decided': { segmentId: 5, decision: 'accepted', entityId: 9 },
  'mention.deleted': { segmentId: 5, reason: 'user', segmentVersion: 3 },
  'mentions.suggested': { count: 4, segments: 3, trigger: 'ocr' },
  'mention.followed_edit': { segmentId: 5, segmentVersion: 3, outcome: 'moved', otherSegmentId: 6 },
  'translation.pretranslated': { jobId: 1, scope: 'document', processed: 9, filled: 6 },
  'translation.memory_imported': { collectionId: 2, sha256: sha, units: 5, added: 5, skipped: 0 },
  'translation.memory_exported': { collectionId: null, units: 5 },
  'translation.xliff_imported': { sha256: sha, updated: 3, unchanged: 6, conflicts: 0 },
  'term.changed': { collectionId: 2, operation: 'created' },
  'terms.imported': { collectionId: 2, sha256: sha, added: 3, skipped: 0 },
  'qa.overridden': { errors: 2, checks: ['number_missing'], reasonHash: sha, snapshotHash: sha },
};

const event = (action: string, payload: Record<string, unknown>, context: CustodyEvent['context'] = {}): CustodyEvent => ({
  seq: 1,
  at: '2026-11-30T07:00:00.000Z',
  actor: { id: 2, name: 'Rana Haddad', role: 'reviewer' },
  action,
  targetType: null,
  targetId: null,
  payload: { v: 1, ...payload },
  prevHash: '0'.repeat(64),
  hash: sha,
  intact: true,
  context,
});
const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');

describe('chain of custody sentences', () => {
  it('words every audited action in English and Arabic', () => {
    for (const action of Object.keys(auditEventSchemas) as AuditAction[]) {
      // Every sample is a payload the chain accepts.
      expect(auditEventSchemas[action].safeParse({ v: 1, ...samples[action] }).success, action).toBe(true);
      for (const lang of ['en', 'ar'] as const) {
        setLang(lang);
        const sentence = custodySentence(event(action, samples[action]));
        expect(sentence, `${lang} ${action}`).not.toMatch(/custody\.|\{\{|[a-z]+\.[a-z_]+$/);
        expect(sentence, `${lang} ${action}`).not.toContain(action);
        if (lang === 'ar') expect(sentence, action).toMatch(/[\u0600-\u06FF]/);
      }
    }
  });

  it('leads with the page and line, and names the tag, its kind and who decided', () => {
    const confirmed = event('mention.decided', samples['mention.decided'], { page: 2, line: 5, tag: { kind: 'place', field: 'text', text: 'درعا' } });
    setLang('en');
    expect(plain(custodySentence(confirmed))).toBe('page 2, line 5: tag «درعا» (place) confirmed by Rana Haddad (reviewer)');
    const returned = event('review.decided', samples['review.decided'], { page: 1, lines: [{ page: 1, line: 3 }, { page: 1, line: 4 }], comment: 'Check the date' });
    expect(plain(custodySentence(returned))).toBe('page 1, lines 3 and 4: returned for changes by Rana Haddad (reviewer), with the comment «Check the date»');
    const deleted = event('segment.updated', { ...samples['segment.updated'], operation: 'delete', fields: ['status'] }, { page: 1, line: null, lineStatus: 'deleted' });
    expect(plain(custodySentence(deleted))).toBe('page 1, a line deleted since: line deleted by Rana Haddad (reviewer)');
    setLang('ar');
    expect(plain(custodySentence(confirmed))).toBe('الصفحة ٢، السطر ٥: أكّد Rana Haddad (مراجع) الوسم «درعا» (مكان)');
    setLang('en');
  });
});
