// One OCR line in the editor: its Arabic transcription (right to left) and English
// translation (left to right) side by side, tags and uncertain words underlined, the OCR
// reading one key away, the save state, the tags as chips, and the conflict choice when
// someone else saved the line first. Keys are handled by the page (routes/document.tsx).
import { createMemo, createSignal, For, lazy, Show, Suspense } from 'solid-js';
import type { Mention, MentionKind, Segment } from '../api.ts';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { isLowConfidence } from '../lib/confidence.ts';
import type { LineTags } from '../lib/mentions.ts';
import type { SaveState, SegmentEditor } from '../lib/segment-editor.ts';
import { shortcutLabel } from '../lib/shortcuts.ts';
import { locateWords, mergeField, shiftSpan } from '../lib/spans.ts';
import { errorMessage } from './error-notice.tsx';
import { LineField, type FieldMark } from './line-field.tsx';
import { SegmentStatusBadge } from './status.tsx';

const HistoryPanel = lazy(() => import('./history-panel.tsx'));

export type Column = 'text' | 'translation';

export const tagKinds: readonly MentionKind[] = ['person', 'unit', 'place', 'date', 'other'];

export interface ReviewNote {
  action: 'approved' | 'returned';
  comment: string | null;
  reviewer: string | null;
  at: string;
}

export interface SegmentRowProps {
  editor: SegmentEditor;
  /** 1-based position of the line on its page, as shown to the user. */
  lineNo: number;
  active: boolean;
  canEdit: boolean;
  canTag: boolean;
  tags: LineTags | undefined;
  showOcr: boolean;
  historyOpen: boolean;
  /** The latest review decision on this line, if any (returned lines show why). */
  review?: ReviewNote | undefined;
  onFocus: (id: number, column: Column) => void;
  onKeyDown: (ev: KeyboardEvent, id: number, column: Column) => void;
  registerField: (id: number, column: Column, el: HTMLTextAreaElement) => void;
  onDecide: (m: Mention, decision: 'accept' | 'reject') => void;
  onUntag: (m: Mention) => void;
  onRetag: (m: Mention, kind: MentionKind) => void;
  onRestore: (id: number, version: number) => Promise<void>;
  onCloseHistory: () => void;
}

const stateIcon: Record<SaveState, string> = {
  saved: '✓',
  dirty: '•',
  saving: '…',
  conflict: '⚠',
  offline: '⚠',
  error: '⚠',
};

/** Tags of one field, moved along with what has been typed since they were read. */
function fieldMarks(tags: LineTags | undefined, field: Column, now: string): (FieldMark & { mention: Mention })[] {
  if (!tags) return [];
  const base = tags.base[field];
  const out: (FieldMark & { mention: Mention })[] = [];
  for (const m of tags.mentions) {
    if (m.field !== field) continue;
    const s = shiftSpan(base, now, m);
    if (!s) continue;
    out.push({ start: s.start, end: s.end, kind: m.kind, suggested: m.status === 'suggested', mention: m });
  }
  return out;
}

/** Arabic tags whose English form appears in the translation are underlined there too. */
function echoMarks(arabic: readonly (FieldMark & { mention: Mention })[], translation: string): FieldMark[] {
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

export function SegmentRow(props: SegmentRowProps) {
  const e = () => props.editor;
  const seg = () => e().server();
  const id = () => e().id;
  const lineNo = () => formatNumber(props.lineNo);
  const lowWords = () => seg().words.filter(isLowConfidence);
  const readingId = () => `ocr-reading-${id()}`;
  const tagsId = () => `tags-${id()}`;

  const arabicTags = createMemo(() => fieldMarks(props.tags, 'text', e().text()));
  const englishTags = createMemo(() => fieldMarks(props.tags, 'translation', e().translation()));
  const arabicMarks = createMemo<FieldMark[]>(() => {
    const located = locateWords(e().text(), seg().words);
    const low: FieldMark[] = [];
    seg().words.forEach((w, i) => {
      const at = located[i];
      if (at && isLowConfidence(w)) low.push({ ...at, kind: 'low' });
    });
    return [...arabicTags(), ...low];
  });
  const englishMarks = createMemo<FieldMark[]>(() => [
    ...englishTags(),
    ...echoMarks(arabicTags(), e().translation()),
  ]);
  const chips = createMemo(() =>
    [...arabicTags(), ...englishTags()].map((m) => ({
      mention: m.mention,
      text: (m.mention.field === 'text' ? e().text() : e().translation()).slice(m.start, m.end),
    })),
  );

  function onBlur() {
    if (e().state() === 'dirty') void e().flush();
  }

  const describedBy = () =>
    [`status-${id()}`, props.showOcr || lowWords().length ? readingId() : '', chips().length ? tagsId() : '']
      .filter(Boolean)
      .join(' ') || undefined;

  return (
    <li
      class="seg-row"
      classList={{
        active: props.active,
        [`save-${e().state()}`]: true,
        returned: props.review?.action === 'returned',
      }}
      data-segment-id={id()}
    >
      <div class="seg-meta">
        <span class="line-no" aria-hidden="true">
          {lineNo()}
        </span>
        <span id={`status-${id()}`}>
          <SegmentStatusBadge status={seg().status} />
        </span>
        <span
          class={`save-state save-state-${e().state()}`}
          title={t(`save.${e().state()}`)}
          role="img"
          aria-label={t(`save.${e().state()}`)}
        >
          {stateIcon[e().state()]}
        </span>
      </div>

      <div class="seg-field seg-ar">
        <label class="sr-only" for={`seg-${id()}-text`}>
          {t('editor.arabicLine', { n: lineNo() })}
        </label>
        <LineField
          id={`seg-${id()}-text`}
          ref={(el) => props.registerField(id(), 'text', el)}
          dir="rtl"
          lang="ar"
          value={e().text()}
          marks={arabicMarks()}
          readOnly={!props.canEdit}
          describedBy={describedBy()}
          invalid={e().state() === 'conflict' || e().state() === 'error'}
          onInput={(v) => e().setText(v)}
          onFocus={() => props.onFocus(id(), 'text')}
          onBlur={onBlur}
          onKeyDown={(ev) => props.onKeyDown(ev, id(), 'text')}
        />
        {/* The OCR reading is shown on Alt+O; otherwise the field marks the uncertain words and
            screen readers hear them listed. */}
        <Show
          when={props.showOcr}
          fallback={
            <Show when={lowWords().length > 0}>
              <span class="sr-only" id={readingId()}>
                {t('editor.uncertainWords', { words: lowWords().map((w) => w.text).join('، ') })}
              </span>
            </Show>
          }
        >
          <div class="ocr-reading open" id={readingId()}>
            <span class="ocr-reading-label">
              {lowWords().length > 0
                ? t('editor.ocrReading', { count: lowWords().length, n: formatNumber(lowWords().length) })
                : t('editor.ocrReadingPlain')}{' '}
              <span class="muted">
                ({t('editor.ocrKeys', { toggle: shortcutLabel('toggleOcr'), insert: shortcutLabel('insertOcr') })})
              </span>
            </span>
            <p dir="rtl" lang="ar">
              <Show when={seg().words.length > 0} fallback={seg().ocrText || '—'}>
                <For each={seg().words}>
                  {(w, i) => (
                    <>
                      {i() > 0 ? ' ' : ''}
                      {isLowConfidence(w) ? (
                        <mark
                          class="low-conf"
                          title={t('editor.confidence', { n: formatNumber(Math.round(w.confidence)) })}
                        >
                          {w.text}
                          <span class="sr-only"> ({t('editor.uncertain')})</span>
                        </mark>
                      ) : (
                        w.text
                      )}
                    </>
                  )}
                </For>
              </Show>
            </p>
          </div>
        </Show>
      </div>

      <div class="seg-field seg-en">
        <label class="sr-only" for={`seg-${id()}-translation`}>
          {t('editor.englishLine', { n: lineNo() })}
        </label>
        <LineField
          id={`seg-${id()}-translation`}
          ref={(el) => props.registerField(id(), 'translation', el)}
          dir="ltr"
          lang="en"
          value={e().translation()}
          marks={englishMarks()}
          readOnly={!props.canEdit}
          placeholder={props.canEdit ? t('editor.translationPlaceholder') : ''}
          describedBy={chips().length ? tagsId() : undefined}
          onInput={(v) => e().setTranslation(v)}
          onFocus={() => props.onFocus(id(), 'translation')}
          onBlur={onBlur}
          onKeyDown={(ev) => props.onKeyDown(ev, id(), 'translation')}
        />
      </div>

      <Show when={chips().length > 0}>
        <ul class="tag-chips" id={tagsId()} aria-label={t('tagging.tagsOfLine', { n: lineNo() })}>
          <For each={chips()}>
            {(c) => (
              <li class={`tag-chip tag-chip-${c.mention.kind}`} classList={{ suggested: c.mention.status === 'suggested' }}>
                <span class="tag-chip-kind">{t(`tagging.kind.${c.mention.kind}`)}</span>
                <span dir="auto" lang={c.mention.field === 'text' ? 'ar' : 'en'}>
                  {c.text}
                </span>
                <Show when={c.mention.normalized}>
                  <span class="muted" dir="ltr">
                    → {c.mention.normalized}
                  </span>
                </Show>
                <Show when={c.mention.status === 'suggested'}>
                  <span class="sr-only">{t('tagging.suggested')}</span>
                </Show>
                <Show when={props.canTag}>
                  <Show
                    when={c.mention.status === 'suggested'}
                    fallback={
                      <>
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
      </Show>

      <Show when={props.review?.action === 'returned' && props.review}>
        {(r) => (
          <p class="seg-returned notice" role="note">
            <strong>{t('review.returnedBy', { name: r().reviewer ?? t('conflict.someone') })}</strong>{' '}
            <time datetime={r().at}>{formatDateTime(r().at)}</time>
            <Show when={r().comment}>
              {': '}
              <q dir="auto">{r().comment}</q>
            </Show>
          </p>
        )}
      </Show>

      <Show when={e().state() === 'error' || e().state() === 'offline'}>
        <p class="seg-error notice notice-error" role="alert">
          {e().state() === 'offline' ? t('save.offlineKept') : errorMessage(e().error())}
        </p>
      </Show>

      <Show when={e().conflict()}>
        {(c) => <ConflictPanel editor={e()} current={c().current} base={c().base} />}
      </Show>

      <Show when={props.historyOpen}>
        <Suspense fallback={<p class="loading">{t('common.loading')}</p>}>
          <HistoryPanel
            segmentId={id()}
            version={seg().version}
            lineNo={lineNo()}
            canRestore={props.canEdit}
            onRestore={(v) => props.onRestore(id(), v)}
            onClose={() => props.onCloseHistory()}
          />
        </Suspense>
      </Show>
    </li>
  );
}

function ConflictPanel(props: { editor: SegmentEditor; current: Segment; base: Segment }) {
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
