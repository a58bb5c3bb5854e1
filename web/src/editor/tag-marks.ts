// A line's tags as marks under the text of each field, moved along with what has been typed
// since they were read (pure: the unit tests call it).
import type { Mention } from '../api.ts';
import { placeTag } from '../lib/spans.ts';
import type { Column } from './columns.ts';
import type { FieldMark } from './line-field.tsx';
import type { LineTags } from './mention-store.ts';

export type TagMark = FieldMark & { mention: Mention };

/** Tags of one field as they read in `now`; a tag whose offsets are not those of the line read with it is left out (placeTag). */
export function fieldMarks(tags: LineTags | undefined, field: Column, now: string): TagMark[] {
  if (!tags) return [];
  const base = tags.base[field];
  const out: TagMark[] = [];
  for (const m of tags.mentions) {
    if (m.field !== field) continue;
    const s = placeTag(base, now, m);
    if (!s) continue;
    out.push({ start: s.start, end: s.end, kind: m.kind, suggested: m.status === 'suggested', mention: m });
  }
  return out;
}
