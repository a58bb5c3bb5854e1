// The choice offered when someone else saved a line first: both versions side by side, the
// words where they differ marked on each side (word-diff.tsx), the version both edits started
// from one click away; then keep mine, take theirs, or merge the two (a three-way merge from
// that version; where both changed a field, the user's text is the starting point). Loaded
// only when a conflict happens (segment-row.tsx), with the diff library.
import { createMemo, createSignal, Show } from 'solid-js';
import type { Segment } from '../api.ts';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { mergeField } from '../lib/spans.ts';
import type { SegmentEditor } from './segment-editor.ts';
import { compareWords, SideDiff } from './word-diff.tsx';

export default function ConflictPanel(props: { editor: SegmentEditor; current: Segment; base: Segment }) {
  const by = () => props.current.updatedBy?.name ?? t('conflict.someone');
  const [merging, setMerging] = createSignal(false);
  const [mergedText, setMergedText] = createSignal('');
  const [mergedTranslation, setMergedTranslation] = createSignal('');
  let firstMergeField: HTMLTextAreaElement | undefined;
  const textParts = createMemo(() => compareWords(props.editor.text(), props.current.text));
  const translationParts = createMemo(() => compareWords(props.editor.translation(), props.current.translation));

  function startMerge() {
    // Where only one side changed a field, that change is taken; where both did, the user's
    // own text is the starting point and the other version stays visible beside it.
    const ed = props.editor;
    setMergedText(mergeField(props.base.text, ed.text(), props.current.text) ?? ed.text());
    setMergedTranslation(
      mergeField(props.base.translation, ed.translation(), props.current.translation) ?? ed.translation(),
    );
    setMerging(true);
    firstMergeField?.focus();
  }

  return (
    <div class="conflict" role="alert">
      <p class="conflict-title">
        {t('conflict.title', { name: by(), when: formatDateTime(props.current.updatedAt) })}
      </p>
      <p class="hint">{t('conflict.diffHint')}</p>
      <div class="conflict-compare">
        <section class="conflict-mine">
          <h3>{t('conflict.yours')}</h3>
          <SideDiff parts={textParts()} side="mine" dir="rtl" lang="ar" />
          <SideDiff parts={translationParts()} side="mine" dir="ltr" lang="en" />
        </section>
        <section class="conflict-theirs">
          <h3>{t('conflict.theirs', { name: by() })}</h3>
          <SideDiff parts={textParts()} side="theirs" dir="rtl" lang="ar" />
          <SideDiff parts={translationParts()} side="theirs" dir="ltr" lang="en" />
        </section>
      </div>
      <details class="conflict-base">
        <summary>{t('conflict.base', { version: formatNumber(props.base.version) })}</summary>
        <p dir="rtl" lang="ar">
          {props.base.text || '—'}
        </p>
        <p dir="ltr" lang="en">
          {props.base.translation || '—'}
        </p>
      </details>
      <Show when={merging()}>
        <div class="conflict-merge">
          <label>
            {t('conflict.mergedArabic')}
            <textarea
              ref={firstMergeField}
              dir="rtl"
              lang="ar"
              value={mergedText()}
              onInput={(ev) => setMergedText(ev.currentTarget.value)}
            />
          </label>
          <label>
            {t('conflict.mergedEnglish')}
            <textarea
              dir="ltr"
              lang="en"
              value={mergedTranslation()}
              onInput={(ev) => setMergedTranslation(ev.currentTarget.value)}
            />
          </label>
        </div>
      </Show>
      <div class="conflict-actions">
        <Show
          when={merging()}
          fallback={
            <>
              <button type="button" class="primary" onClick={() => void props.editor.keepMine()}>
                {t('conflict.keepMine')}
              </button>
              <button type="button" onClick={() => props.editor.takeTheirs()}>
                {t('conflict.takeTheirs')}
              </button>
              <button type="button" onClick={startMerge}>
                {t('conflict.merge')}
              </button>
            </>
          }
        >
          <button
            type="button"
            class="primary"
            onClick={() => void props.editor.saveMerged(mergedText(), mergedTranslation())}
          >
            {t('conflict.saveMerged')}
          </button>
          <button type="button" onClick={() => setMerging(false)}>
            {t('conflict.cancelMerge')}
          </button>
        </Show>
      </div>
      <p class="hint">{t('conflict.keptHint')}</p>
    </div>
  );
}
