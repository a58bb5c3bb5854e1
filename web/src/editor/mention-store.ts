// The tags of the open document, per line. Each line's tags are kept with the text they were
// read against, so while the user types they can be moved locally (spans.ts) until the server,
// which moves them on every save, is asked again.
import { batch, createSignal, untrack, type Signal } from 'solid-js';
import { listMentions, type Mention, type MentionField } from '../api.ts';

export interface LineTags {
  mentions: Mention[];
  /** The line's text and translation the offsets refer to. */
  base: Record<MentionField, string>;
}

export interface MentionStore {
  forLine(segmentId: number): LineTags | undefined;
  /** Everything for the document (on open). */
  loadAll(documentId: number, baseOf: (segmentId: number) => Record<MentionField, string> | undefined): Promise<void>;
  /** One line again (after a save, a tag or a decision). */
  refresh(segmentId: number, base: Record<MentionField, string>): Promise<void>;
  /** Replace one mention in place (after a decision), keeping the base. */
  put(m: Mention): void;
  drop(mentionId: number): void;
}

export function createMentionStore(): MentionStore {
  // One signal per line: a line's new tags re-render that line only.
  const lines = new Map<number, Signal<LineTags | undefined>>();
  const generation = new Map<number, number>();
  const signalOf = (segmentId: number) => {
    let sig = lines.get(segmentId);
    if (!sig) {
      sig = createSignal<LineTags | undefined>(undefined);
      lines.set(segmentId, sig);
    }
    return sig;
  };
  const get = (segmentId: number) => signalOf(segmentId)[0]();
  const set = (segmentId: number, tags: LineTags) => signalOf(segmentId)[1](tags);

  return {
    forLine: get,
    async loadAll(documentId, baseOf) {
      const all = await listMentions({ documentId });
      const grouped = new Map<number, Mention[]>();
      for (const m of all) {
        const list = grouped.get(m.segmentId) ?? [];
        list.push(m);
        grouped.set(m.segmentId, list);
      }
      batch(() => {
        for (const [segmentId, sig] of lines) if (!grouped.has(segmentId)) sig[1](undefined);
        for (const [segmentId, mentions] of grouped) {
          const base = baseOf(segmentId);
          if (base) set(segmentId, { mentions, base });
        }
      });
    },
    async refresh(segmentId, base) {
      // Only the newest request for a line may write its answer.
      const gen = (generation.get(segmentId) ?? 0) + 1;
      generation.set(segmentId, gen);
      const mentions = await listMentions({ segmentId });
      if (generation.get(segmentId) !== gen) return;
      set(segmentId, { mentions, base });
    },
    put(m) {
      const line = untrack(() => get(m.segmentId));
      if (!line) return;
      const i = line.mentions.findIndex((x) => x.id === m.id);
      const mentions = [...line.mentions];
      if (m.status === 'rejected') {
        if (i >= 0) mentions.splice(i, 1);
      } else if (i >= 0) mentions[i] = m;
      else mentions.push(m);
      set(m.segmentId, { ...line, mentions });
    },
    drop(mentionId) {
      for (const [segmentId, [read]] of lines) {
        const line = untrack(read);
        if (line?.mentions.some((m) => m.id === mentionId)) {
          set(segmentId, { ...line, mentions: line.mentions.filter((m) => m.id !== mentionId) });
        }
      }
    },
  };
}
