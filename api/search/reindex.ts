import type { Executor } from '../../db/client';
import { segmentsForReindex, setSegmentSearchFields } from '../../db/queries/search';
import { recordSearchTerms, segmentSearchFields } from './index-keys';

/**
 * Recomputes the search keys of segments whose keys are out of date (rows written before the
 * search columns existed, or by text rules that have since changed: after upgrading to the
 * word index, dates and Latin keys of migrations 0012–0013) and records their words in the
 * vocabulary with their Latin keys. Returns how many segments changed. `npx sijill search
 * reindex` runs it; it is idempotent and can run while the app serves.
 */
export async function reindexSearch(db: Executor, opts: { batch?: number } = {}) {
  const batch = opts.batch ?? 2000;
  let changed = 0;
  let lastId = 0;
  for (;;) {
    const rows = await segmentsForReindex(db, lastId, batch);
    if (rows.length === 0) break;
    lastId = rows[rows.length - 1]!.id;
    for (const r of rows) {
      const fields = segmentSearchFields(r.text, r.translation);
      if (fields.textNorm === r.textNorm && fields.translationKey === r.translationKey && fields.textDates === r.textDates) continue;
      await setSegmentSearchFields(db, r.id, fields);
      changed++;
    }
    await recordSearchTerms(db, rows);
  }
  return changed;
}
