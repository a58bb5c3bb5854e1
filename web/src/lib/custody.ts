// A chain-of-custody event as a sentence for the legal team, in the UI's language:
// "page 2, line 5: tag «درعا» (place) confirmed by Rana Haddad (reviewer)". The server resolves
// the ids in each event (its `context`: page and line numbers, tag words, comment); the words are
// the locale's (`custody.ev.*`). Names, tag words and comments are isolated (FSI … PDI), so an
// Arabic tag inside an English sentence, or a Latin name inside an Arabic one, keeps its place.
// An action this build does not know reads as its name; the raw record stays on the page.
import type { CustodyEvent } from '../api.ts';
import { formatNumber, lang, t } from '../i18n.ts';
import { formatBytes } from './bytes.ts';

type LinePlace = { page: number; line: number | null };

const isolate = (s: string) => `\u2068${s}\u2069`;
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const n = (v: unknown) => formatNumber(num(v));
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const shortHash = (v: unknown) => isolate(`${str(v).slice(0, 12)}…`);

function formatList(items: string[]): string {
  return new Intl.ListFormat(lang(), { type: 'conjunction' }).format(items);
}

/** "page 2, line 5", "page 2, a line deleted since", "page 2, lines 3 and 4". */
function where(page: number | undefined, lines: Array<number | null>): string {
  if (page === undefined) return '';
  if (lines.length === 0) return t('custody.where.page', { page: formatNumber(page) });
  const known = lines.filter((l): l is number => l !== null);
  if (known.length === 0) return t('custody.where.deletedLine', { page: formatNumber(page) });
  if (known.length === 1) return t('custody.where.line', { page: formatNumber(page), line: formatNumber(known[0]!) });
  return t('custody.where.lines', { page: formatNumber(page), lines: formatList(known.map(formatNumber)) });
}

/** Review decisions name lines across pages: one place per page. */
function whereLines(lines: LinePlace[]): string {
  const byPage = new Map<number, Array<number | null>>();
  for (const l of lines) byPage.set(l.page, [...(byPage.get(l.page) ?? []), l.line]);
  return [...byPage].map(([page, ls]) => where(page, ls)).join(t('custody.where.separator'));
}

function actor(e: CustodyEvent): string {
  if (!e.actor) return t('custody.system');
  const role = e.actor.role ? t(`roles.${e.actor.role}`, { defaultValue: e.actor.role }) : '';
  return role ? t('custody.actorWithRole', { name: isolate(e.actor.name), role }) : isolate(e.actor.name);
}

function tagPhrase(e: CustodyEvent): string {
  const tag = e.context.tag;
  if (!tag) return t('custody.tag.unknown');
  const kind = t(`tagging.kind.${tag.kind}`, { defaultValue: tag.kind }).toLocaleLowerCase(lang());
  const entity = e.context.entity;
  const linked = entity ? t('custody.tag.entity', { name: isolate(entity.en && lang() === 'en' ? entity.en : entity.ar || entity.en) }) : '';
  const words = isolate(tag.text);
  return t(tag.field === 'translation' ? 'custody.tag.inTranslation' : 'custody.tag.inText', { words, kind }) + linked;
}

/** What happened, without where (see `custodySentence`). */
function what(e: CustodyEvent, by: string): string {
  const p = e.payload;
  const c = e.context;
  const k = (key: string, values: Record<string, unknown> = {}) => t(`custody.ev.${key}`, { by, ...values });
  switch (e.action) {
    case 'segment.updated': {
      const fields = Array.isArray(p.fields) ? (p.fields as string[]) : [];
      switch (p.operation) {
        case 'suggest':
          return k('segment.suggested');
        case 'split':
          return k('segment.split');
        case 'merge':
          return c.lineStatus === 'deleted' ? k('segment.mergedAway') : k('segment.mergedInto');
        case 'delete':
          return k('segment.deleted');
        case 'restore':
          return k('segment.restored');
      }
      if (fields.includes('text') && fields.includes('translation')) return k('segment.both');
      if (fields.includes('text')) return k('segment.corrected');
      if (fields.includes('translation')) return k('segment.translated');
      if (fields.includes('status') && c.lineStatus === 'translated') return k('segment.confirmed');
      if (fields.includes('status') && c.lineStatus === 'reviewed') return k('segment.reviewed');
      if (fields.includes('status') && c.lineStatus) return k('segment.marked', { status: t(`status.segment.${c.lineStatus}`, { defaultValue: c.lineStatus }) });
      if (fields.includes('box')) return k('segment.moved');
      return k('segment.saved');
    }
    case 'segment.created':
      return p.operation === 'split' ? k('segment.createdBySplit') : k('segment.added');
    case 'mention.created':
      return k('mention.created', { tag: tagPhrase(e) });
    case 'mention.updated':
      return k('mention.updated', { tag: tagPhrase(e) });
    case 'mention.decided':
      return k(p.decision === 'rejected' ? 'mention.rejected' : 'mention.accepted', { tag: tagPhrase(e) });
    case 'mention.deleted':
      return k(p.reason === 'text_deleted' ? 'mention.deletedWithText' : 'mention.deleted', { tag: tagPhrase(e) });
    case 'mention.followed_edit': {
      const other = c.otherLine ? where(c.otherLine.page, [c.otherLine.line]) : t('custody.where.elsewhere');
      return k(`mention.${str(p.outcome)}`, { tag: tagPhrase(e), other });
    }
    case 'mentions.suggested':
      return k(p.trigger === 'ocr' ? 'mentions.suggestedOcr' : 'mentions.suggested', { count: n(p.count), lines: n(p.segments) });
    case 'review.submitted':
      return k('review.submitted', { count: num(p.lines), lines: n(p.lines), unreviewed: n(p.unreviewed) });
    case 'review.decided': {
      const whole = p.scope === 'page';
      if (p.action === 'approved') return k(whole ? 'review.approvedPage' : 'review.approved');
      return c.comment
        ? k(whole ? 'review.returnedPage' : 'review.returned', { comment: isolate(c.comment) })
        : k(whole ? 'review.returnedPageNoComment' : 'review.returnedNoComment');
    }
    case 'document.uploaded': {
      const tr = p.transcription as { format?: string; lines?: number } | undefined;
      const base = k('document.uploaded', { count: num(p.pageCount), pages: n(p.pageCount), size: formatBytes(typeof p.size === 'number' ? p.size : 0), collection: isolate(str(p.collection)), sha: shortHash(p.sha256) });
      return tr ? base + t('custody.ev.document.withTranscription', { format: tr.format === 'alto' ? 'ALTO' : 'PAGE XML', lines: n(tr.lines) }) : base;
    }
    case 'document.updated': {
      const move = p.collection as { from?: string; to?: string } | undefined;
      const fields = (Array.isArray(p.fields) ? (p.fields as string[]) : []).filter((f) => !(move && f === 'collection'));
      const named = formatList(fields.map((f) => t(`custody.field.${f}`, { defaultValue: f })));
      const moved = move ? k('document.moved', { from: isolate(str(move.from)), to: isolate(str(move.to)) }) : '';
      return fields.length ? (moved ? `${moved}${t('custody.where.separator')}${k('document.updated', { fields: named })}` : k('document.updated', { fields: named })) : moved;
    }
    case 'document.ocr_finished':
      return k('document.ocrFinished', { done: n(p.pagesDone), failed: n(p.pagesFailed) });
    case 'document.status_changed':
      return k('document.status', {
        from: t(`status.document.${str(p.from)}`, { defaultValue: str(p.from) }),
        to: t(`status.document.${str(p.to)}`, { defaultValue: str(p.to) }),
        reason: t(`custody.reason.${str(p.reason).replace(/\s+/g, '_')}`, { defaultValue: str(p.reason) }),
      });
    case 'certification.issued':
      return k('certification.issued', { count: num(p.lines), id: n(p.certificationId), lines: n(p.lines), sha: shortHash(p.pdfSha256) });
    case 'certification.superseded':
      return k(p.reason === 'recertified' ? 'certification.recertified' : 'certification.superseded', { id: n(p.certificationId) });
    case 'qa.overridden':
      return k('qa.overridden', { errors: n(p.errors), checks: formatList((Array.isArray(p.checks) ? (p.checks as string[]) : []).map((c) => isolate(c))) });
    case 'document.exported': {
      const kind = str(p.kind);
      if (kind === 'certified_pdf') return k('export.certifiedPdf', { id: n(p.certificationId) });
      if (kind === 'custody_json') return k('export.custodyRead');
      if (kind === 'custody_csv') return k('export.custodyCsv');
      return k('export.file', { format: t(`custody.format.${kind}`, { defaultValue: kind }) });
    }
    case 'documents.exported':
      return k('export.collection', { format: t(`custody.format.${str(p.kind)}`, { defaultValue: str(p.kind) }), count: n(Array.isArray(p.documentIds) ? p.documentIds.length : 0) });
    case 'translation.pretranslated':
      return k('translation.pretranslated', { filled: n(p.filled), processed: n(p.processed) });
    case 'translation.xliff_imported':
      return k('translation.xliff', { updated: n(p.updated), unchanged: n(p.unchanged), conflicts: n(p.conflicts) });
    case 'page.marked':
      return k(p.sensitive ? 'page.sensitive' : 'page.notSensitive');
    case 'collection.member_set':
      return k('collection.memberSet', { role: p.role ? t(`roles.${str(p.role)}`, { defaultValue: str(p.role) }) : t('custody.ev.collection.globalRole') });
    default:
      // The events about accounts, the register and the termbase, worded without their ids.
      return t(`custody.ev.${e.action}`, { by, defaultValue: e.action });
  }
}

/** The event as one sentence: where (page, line) and what happened, by whom. */
export function custodySentence(e: CustodyEvent): string {
  const by = actor(e);
  const c = e.context;
  const place = c.lines ? whereLines(c.lines) : where(c.page, c.line === undefined ? [] : [c.line]);
  const sentence = what(e, by);
  return place ? t('custody.placed', { where: place, what: sentence }) : sentence;
}
