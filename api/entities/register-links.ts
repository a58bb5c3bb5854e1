/**
 * Linking tags to the register (issue 13): for a tag, the entries it may be — best first, only
 * those the user may see — and a new entry drafted from the line, so that one key links and
 * another creates the entry with its Arabic and English forms (POST /api/mentions/{id}/accept
 * with `entityId` or `newEntity`).
 */
import type { Executor } from '../../db/client';
import { getMention, visibleEntitiesWithCounts } from '../../db/queries/entities';
import { getSegment } from '../../db/queries/segments';
import type { SessionUser } from '../../db/queries/users';
import { AppError, notFound } from '../lib/errors';
import { nameSpans } from '../translation/placeables';
import type { RegisterMatch } from './register-match';
import { hiddenForDocument, loadRegisterMatcher } from './service';

export type NewEntryDraft = { canonicalAr: string; canonicalEn: string };

export async function registerMatchesForMention(db: Executor, user: SessionUser, mentionId: number, limit: number) {
  const mention = await getMention(db, user, mentionId);
  if (!mention) throw notFound('The tag');
  if (mention.kind === 'date') throw new AppError(400, 'invalid_request', 'Dates are values, not register entries.');
  const segment = await getSegment(db, mention.segmentId);
  if (!segment) throw notFound('The tag');
  const matcher = await loadRegisterMatcher(db);
  // Ask for more than shown: some may be people this user may not see.
  const found = matcher.match(mention.surface, mention.field, mention.kind, limit * 3);
  const entities = await visibleEntitiesWithCounts(db, user, found.map((m) => m.entityId));
  const byId = new Map(entities.map((e) => [e.id, e]));
  // People this user sees but not every reader of the document: offered, marked, and not linkable here (tagValue).
  const restricted = await hiddenForDocument(db, mention.documentId, entities.map((e) => e.id));
  const matches = found
    .flatMap((m: RegisterMatch) => (byId.has(m.entityId) ? [{ ...m, entity: byId.get(m.entityId)!, restricted: restricted(m.entityId) }] : []))
    .slice(0, limit);
  return { mention, matches, newEntry: draftEntry(mention.field, mention.surface, segment) };
}

/**
 * The tagged text is the entry's form on its own side; the other side is looked for in the same
 * line's other field by the romanizer (nameSpans: consonant skeletons, in order) — the
 * translator has usually written the name already. Empty when not found: the person types it.
 */
export function draftEntry(field: 'text' | 'translation', surface: string, line: { text: string; translation: string }): NewEntryDraft {
  if (field === 'text') {
    const [best] = nameSpans(surface, line.translation);
    return { canonicalAr: surface, canonicalEn: best ? line.translation.slice(best.start, best.end) : '' };
  }
  const words = [...line.text.matchAll(/\S+/g)];
  for (let len = 4; len >= 1; len--) {
    for (let i = 0; i + len <= words.length; i++) {
      const from = words[i]!.index;
      const last = words[i + len - 1]!;
      const arabic = line.text.slice(from, last.index + last[0].length).replace(/[.,:;،؛]+$/u, '');
      const [best] = nameSpans(arabic, surface);
      if (best && best.start === 0 && best.end >= surface.trimEnd().length) return { canonicalAr: arabic, canonicalEn: surface };
    }
  }
  return { canonicalAr: '', canonicalEn: surface };
}
