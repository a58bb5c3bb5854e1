// A line's tags: as marks under the text of each field (moved along with what has been typed
// since they were read), and as chips under the line with the actions the role may take
// (accept or reject a suggestion, change the kind, remove, link to the register); a tag linked
// to a register entry leads to its entity page.
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { Mention, MentionKind } from '../api.ts';
import { t } from '../i18n.ts';
import type { FieldMark } from './line-field.tsx';
import { shortcutLabel } from './shortcuts.ts';
import type { TagMark } from './tag-marks.ts';

export { fieldMarks, type TagMark } from './tag-marks.ts';

export const tagKinds: readonly MentionKind[] = ['person', 'unit', 'place', 'date', 'other'];

/** Arabic tags whose English form appears in the translation are underlined there too. */
export function echoMarks(arabic: readonly TagMark[], translation: string): FieldMark[] {
  const lower = translation.toLowerCase();
  const out: FieldMark[] = [];
  for (const m of arabic) {
    const en = m.mention.kind === 'date' ? null : m.mention.normalized;
    if (!en || en.length < 2) continue;
    const at = lower.indexOf(en.toLowerCase());
    if (at >= 0) out.push({ start: at, end: at + en.length, kind: m.kind, suggested: m.suggested });
  }
  return out;
}

export interface TagChip {
  mention: Mention;
  /** The tagged words as they read now. */
  text: string;
}

export function TagChips(props: {
  id: string;
  lineNo: string;
  chips: readonly TagChip[];
  canTag: boolean;
  onDecide: (m: Mention, decision: 'accept' | 'reject') => void;
  onUntag: (m: Mention) => void;
  onRetag: (m: Mention, kind: MentionKind) => void;
  /** Offer the register entries this tag may be. */
  onLink: (m: Mention) => void;
}) {
  return (
    <ul class="tag-chips" id={props.id} aria-label={t('tagging.tagsOfLine', { n: props.lineNo })}>
      <For each={props.chips}>
        {(c) => (
          <li class={`tag-chip tag-chip-${c.mention.kind}`} classList={{ suggested: c.mention.status === 'suggested' }}>
            <span class="tag-chip-kind">{t(`tagging.kind.${c.mention.kind}`)}</span>
            <span dir="auto" lang={c.mention.field === 'text' ? 'ar' : 'en'}>
              {c.text}
            </span>
            <Show
              when={c.mention.kind !== 'date' && c.mention.entityId}
              fallback={
                <Show when={c.mention.normalized}>
                  <span class="muted" dir="ltr">
                    → {c.mention.normalized}
                  </span>
                </Show>
              }
            >
              {(entityId) => (
                <A class="tag-chip-entry" href={`/entities/${entityId()}`} title={t('register.openEntry')}>
                  → <bdi>{c.mention.normalized || t('register.entry', { id: entityId() })}</bdi>
                </A>
              )}
            </Show>
            <Show when={c.mention.status === 'suggested'}>
              <span class="sr-only">{t('tagging.suggested')}</span>
            </Show>
            <Show when={props.canTag}>
              <Show
                when={c.mention.status === 'suggested'}
                fallback={
                  <>
                    <Show when={c.mention.kind !== 'date'}>
                      <button
                        type="button"
                        class="chip-button"
                        aria-label={t('register.offerButton', { text: c.text })}
                        title={`${t('register.offerButton', { text: c.text })} (${shortcutLabel('linkEntry')})`}
                        onClick={() => props.onLink(c.mention)}
                      >
                        {c.mention.entityId ? t('register.relink') : t('register.link')}
                      </button>
                    </Show>
                    <select
                      class="tag-kind-select"
                      aria-label={t('tagging.change', { text: c.text })}
                      value={c.mention.kind}
                      onChange={(ev) => props.onRetag(c.mention, ev.currentTarget.value as MentionKind)}
                    >
                      <For each={tagKinds}>{(k) => <option value={k}>{t(`tagging.kind.${k}`)}</option>}</For>
                    </select>
                    <button
                      type="button"
                      class="chip-button"
                      aria-label={t('tagging.remove', { text: c.text })}
                      title={t('tagging.remove', { text: c.text })}
                      onClick={() => props.onUntag(c.mention)}
                    >
                      ×
                    </button>
                  </>
                }
              >
                <button
                  type="button"
                  class="chip-button"
                  aria-label={t('tagging.accept', { text: c.text })}
                  title={`${t('tagging.accept', { text: c.text })} (${shortcutLabel('acceptSuggestion')})`}
                  onClick={() => props.onDecide(c.mention, 'accept')}
                >
                  ✓
                </button>
                <button
                  type="button"
                  class="chip-button"
                  aria-label={t('tagging.reject', { text: c.text })}
                  title={`${t('tagging.reject', { text: c.text })} (${shortcutLabel('rejectSuggestion')})`}
                  onClick={() => props.onDecide(c.mention, 'reject')}
                >
                  ✗
                </button>
              </Show>
            </Show>
          </li>
        )}
      </For>
    </ul>
  );
}
