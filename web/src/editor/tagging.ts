// Tagging in the editor: the document's tags per line (mention-store.ts), and the commands
// on them: tag the selection as a person, unit, place, date or other; accept or reject a
// suggestion; change a tag's kind; remove it; link it to the register (register-offer.tsx,
// offered at once when a person tags or accepts a name, place or unit that has no entry yet).
// Tags refer to a saved version of the line, so a tag command saves the line first.
import { createEffect, on, type Accessor } from 'solid-js';
import { changeMention, createMention, decideMention, removeMention, type Mention, type MentionKind } from '../api.ts';
import { t } from '../i18n.ts';
import { placeTag } from '../lib/spans.ts';
import type { Announcer } from './announcer.tsx';
import type { Column } from './columns.ts';
import type { LineEditors } from './line-editors.ts';
import type { LineFocus } from './line-focus.ts';
import { createMentionStore, type MentionStore } from './mention-store.ts';
import { createRegisterOffer, type RegisterOffer } from './register-offer.tsx';
import type { ShortcutId } from './shortcuts.ts';
import type { Undo } from './undo.ts';

/** The keys that tag the selection, by the kind they give it. */
export const tagKeys: Partial<Record<ShortcutId, MentionKind>> = {
  tagPerson: 'person',
  tagUnit: 'unit',
  tagPlace: 'place',
  tagDate: 'date',
  tagOther: 'other',
};

export interface Tagging {
  store: MentionStore;
  /** The register entries offered for the tag just placed or accepted. */
  offer: RegisterOffer;
  /** The tag under the cursor (or the line's first suggestion when `suggestion` is set). */
  mentionAt(segmentId: number, column: Column, suggestion: boolean): Mention | undefined;
  /** Asks the server for a line's tags again (it moves them on every save). */
  refreshTags(segmentId: number): Promise<void>;
  tagSelection(segmentId: number, column: Column, kind: MentionKind): Promise<void>;
  decide(m: Mention, decision: 'accept' | 'reject'): Promise<void>;
  untag(m: Mention): Promise<void>;
  retag(m: Mention, kind: MentionKind): Promise<void>;
}

export function createTagging(input: {
  documentId: Accessor<number>;
  /** True once the document's lines are loaded. */
  linesLoaded: Accessor<boolean>;
  lines: LineEditors;
  focus: LineFocus;
  announcer: Announcer;
  undo: Undo;
}): Tagging {
  const { lines, focus, undo } = input;
  const { announce, fail } = input.announcer;
  const store = createMentionStore();
  const baseOf = (segmentId: number) => {
    const s = lines.current(segmentId);
    return s && { text: s.text, translation: s.translation };
  };
  createEffect(
    on(
      () => (input.linesLoaded() ? input.documentId() : undefined),
      (docId) => {
        if (docId) void store.loadAll(docId, baseOf).catch(() => undefined);
      },
    ),
  );

  function mentionAt(segmentId: number, column: Column, suggestion: boolean): Mention | undefined {
    const ed = lines.get(segmentId);
    const tags = store.forLine(segmentId);
    if (!ed || !tags) return undefined;
    const sel = focus.selectionIn(segmentId, column);
    const now = column === 'text' ? ed.text() : ed.translation();
    const candidates = tags.mentions.filter((m) => m.field === column && (!suggestion || m.status === 'suggested'));
    const under = candidates.find((m) => {
      const s = placeTag(tags.base[column], now, m);
      return s && sel && sel.start >= s.start && sel.start <= s.end;
    });
    if (under || !suggestion) return under;
    return candidates[0] ?? tags.mentions.find((m) => m.status === 'suggested');
  }

  async function refreshTags(segmentId: number) {
    const base = baseOf(segmentId);
    if (base) await store.refresh(segmentId, base);
  }

  const offer = createRegisterOffer({ store, lines, focus, announcer: input.announcer, undo, refreshTags });
  /** A name, place or unit a person confirmed without saying which entry it is: offer them. */
  const offerIfUnlinked = (m: Mention) => {
    if (m.kind !== 'date' && m.status === 'accepted' && m.entityId === null) void offer.open(m);
  };

  async function tagSelection(segmentId: number, column: Column, kind: MentionKind) {
    const ed = lines.get(segmentId);
    const sel = focus.selectionIn(segmentId, column);
    if (!ed || !sel) return;
    let { start, end } = sel;
    const value = sel.el.value;
    while (start < end && /\s/.test(value[start]!)) start++;
    while (end > start && /\s/.test(value[end - 1]!)) end--;
    if (start >= end) {
      announce(t('tagging.selectFirst'));
      return;
    }
    await ed.flush(); // tags refer to a saved version of the line
    if (ed.state() !== 'saved') {
      announce(t('tagging.saveFirst'));
      return;
    }
    try {
      const m = await createMention({ segmentId, segmentVersion: ed.server().version, field: column, start, end, kind });
      await refreshTags(segmentId);
      announce(t('tagging.tagged', { kind: t(`tagging.kind.${kind}`), text: value.slice(start, end) }));
      undo.push({ label: t('tagging.undoTag'), focus: segmentId, run: () => removeMention(m.id).then(() => refreshTags(segmentId)) });
      offerIfUnlinked(m);
    } catch (err) {
      fail(err);
    }
  }

  async function decide(m: Mention, decision: 'accept' | 'reject') {
    try {
      const updated = await decideMention(m.id, decision);
      store.put(updated);
      announce(t(decision === 'accept' ? 'tagging.accepted' : 'tagging.rejected', { kind: t(`tagging.kind.${m.kind}`) }));
      offerIfUnlinked(updated);
    } catch (err) {
      fail(err);
    }
  }

  async function untag(m: Mention) {
    try {
      await removeMention(m.id);
      store.drop(m.id);
      announce(t('tagging.removed', { kind: t(`tagging.kind.${m.kind}`) }));
    } catch (err) {
      fail(err);
    }
  }

  async function retag(m: Mention, kind: MentionKind) {
    const ed = lines.get(m.segmentId);
    if (!ed) return;
    await ed.flush();
    try {
      store.put(await changeMention(m.id, { segmentVersion: ed.server().version, kind }));
      await refreshTags(m.segmentId);
    } catch (err) {
      fail(err);
      await refreshTags(m.segmentId);
    }
  }

  return { store, offer, mentionAt, refreshTags, tagSelection, decide, untag, retag };
}
