// Unsaved edits kept in the browser until the server has accepted them, so a failed save,
// a crash or a closed tab never loses what was typed.
import type { Segment } from '../api.ts';

export interface Draft {
  /** The segment version the edit was made on. */
  baseVersion: number;
  text: string;
  translation: string;
  at: number;
}

const key = (segmentId: number) => `sijill.draft.${segmentId}`;

export function readDraft(segmentId: number): Draft | undefined {
  try {
    const raw = localStorage.getItem(key(segmentId));
    if (!raw) return undefined;
    const d = JSON.parse(raw) as Partial<Draft>;
    if (typeof d.baseVersion !== 'number' || typeof d.text !== 'string') return undefined;
    return {
      baseVersion: d.baseVersion,
      text: d.text,
      translation: typeof d.translation === 'string' ? d.translation : '',
      at: typeof d.at === 'number' ? d.at : 0,
    };
  } catch {
    return undefined;
  }
}

export function writeDraft(segmentId: number, draft: Draft): boolean {
  try {
    localStorage.setItem(key(segmentId), JSON.stringify(draft));
    return true;
  } catch {
    return false; // storage full or disabled: the editor still shows the unsaved state
  }
}

export function clearDraft(segmentId: number) {
  try {
    localStorage.removeItem(key(segmentId));
  } catch {
    // nothing to do
  }
}

export function sameContent(a: Pick<Segment, 'text' | 'translation'>, b: Draft) {
  return a.text === b.text && a.translation === b.translation;
}
