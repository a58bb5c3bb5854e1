// The choice offered when someone else saved a line first: both versions side by side, then
// keep mine, take theirs, or merge the two (a three-way merge from the version this edit
// started from; where both changed a field, the user's text is the starting point).
import { createSignal, Show } from 'solid-js';
import type { Segment } from '../api.ts';
import { formatDateTime, t } from '../i18n.ts';
import { mergeField } from '../lib/spans.ts';
import type { SegmentEditor } from './segment-editor.ts';

export function ConflictPanel(props: { editor: SegmentEditor; current: Segment; base: Segment }) {
  const by = () => props.current.updatedBy?.name ?? t('conflict.someone');
  const [merging, setMerging] = createSignal(false);
  const [mergedText, setMergedText] = createSignal('');
  const [mergedTranslation, setMergedTranslation] = createSignal('');
  let firstMergeField: HTMLTextAreaElement | undefined;

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
      <div class="conflict-compare">
        <section>
          <h3>{t('conflict.yours')}</h3>
          <p dir="rtl" lang="ar">
            {props.editor.text() || '—'}
          </p>
          <p dir="ltr" lang="en">
            {props.editor.translation() || '—'}
          </p>
        </section>
        <section>
          <h3>{t('conflict.theirs', { name: by() })}</h3>
          <p dir="rtl" lang="ar">
            {props.current.text || '—'}
          </p>
          <p dir="ltr" lang="en">
            {props.current.translation || '—'}
          </p>
        </section>
      </div>
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
