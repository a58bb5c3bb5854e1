// One OCR line in the editor: its Arabic transcription (right to left) and English
// translation (left to right) side by side, the OCR reading with uncertain words marked,
// the save state, and the conflict choice when someone else saved the line first.
import { For, Show } from 'solid-js';
import type { Segment } from '../api.ts';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { isLowConfidence } from '../lib/confidence.ts';
import type { SaveState, SegmentEditor } from '../lib/segment-editor.ts';
import { errorMessage } from './error-notice.tsx';
import { SegmentStatusBadge } from './status.tsx';

export type Column = 'text' | 'translation';

export interface SegmentRowProps {
  editor: SegmentEditor;
  /** 1-based position of the line on its page, as shown to the user. */
  lineNo: number;
  active: boolean;
  readOnly: boolean;
  onFocus: (id: number) => void;
  /** Alt+Up / Alt+Down: move to the neighbouring line in the same column. */
  onMove: (id: number, column: Column, delta: 1 | -1) => void;
  registerField: (id: number, column: Column, el: HTMLTextAreaElement) => void;
}

const stateIcon: Record<SaveState, string> = {
  saved: '✓',
  dirty: '•',
  saving: '…',
  conflict: '⚠',
  offline: '⚠',
  error: '⚠',
};

export function SegmentRow(props: SegmentRowProps) {
  const e = () => props.editor;
  const seg = () => e().server();
  const id = () => e().id;
  const lineNo = () => formatNumber(props.lineNo);
  const lowWords = () => seg().words.filter(isLowConfidence);
  const readingId = () => `ocr-reading-${id()}`;

  function onKeyDown(ev: KeyboardEvent, column: Column) {
    if (ev.altKey && (ev.key === 'ArrowDown' || ev.key === 'ArrowUp')) {
      ev.preventDefault();
      props.onMove(id(), column, ev.key === 'ArrowDown' ? 1 : -1);
    } else if ((ev.ctrlKey || ev.metaKey) && (ev.key === 's' || ev.key === 'Enter')) {
      ev.preventDefault();
      void e().flush();
    }
  }

  function onBlur() {
    if (e().state() === 'dirty') void e().flush();
  }

  return (
    <li
      class="seg-row"
      classList={{ active: props.active, [`save-${e().state()}`]: true }}
      data-segment-id={id()}
    >
      <div class="seg-meta">
        <span class="line-no" aria-hidden="true">
          {lineNo()}
        </span>
        <SegmentStatusBadge status={seg().status} />
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
        <textarea
          id={`seg-${id()}-text`}
          ref={(el) => props.registerField(id(), 'text', el)}
          dir="rtl"
          lang="ar"
          rows={1}
          spellcheck={false}
          readOnly={props.readOnly}
          value={e().text()}
          aria-describedby={lowWords().length ? readingId() : undefined}
          aria-invalid={e().state() === 'conflict' || e().state() === 'error' ? true : undefined}
          onInput={(ev) => e().setText(ev.currentTarget.value)}
          onFocus={() => props.onFocus(id())}
          onBlur={onBlur}
          onKeyDown={(ev) => onKeyDown(ev, 'text')}
        />
        <Show when={lowWords().length > 0}>
          <div class="ocr-reading" id={readingId()}>
            <span class="ocr-reading-label">
              {t('editor.ocrReading', { count: lowWords().length, n: formatNumber(lowWords().length) })}
            </span>
            <p dir="rtl" lang="ar">
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
                        <span class="sr-only">
                          {' '}
                          ({t('editor.uncertain')})
                        </span>
                      </mark>
                    ) : (
                      w.text
                    )}
                  </>
                )}
              </For>
            </p>
          </div>
        </Show>
      </div>

      <div class="seg-field seg-en">
        <label class="sr-only" for={`seg-${id()}-translation`}>
          {t('editor.englishLine', { n: lineNo() })}
        </label>
        <textarea
          id={`seg-${id()}-translation`}
          ref={(el) => props.registerField(id(), 'translation', el)}
          dir="ltr"
          lang="en"
          rows={1}
          readOnly={props.readOnly}
          value={e().translation()}
          placeholder={props.readOnly ? '' : t('editor.translationPlaceholder')}
          onInput={(ev) => e().setTranslation(ev.currentTarget.value)}
          onFocus={() => props.onFocus(id())}
          onBlur={onBlur}
          onKeyDown={(ev) => onKeyDown(ev, 'translation')}
        />
      </div>

      <Show when={e().state() === 'error' || e().state() === 'offline'}>
        <p class="seg-error notice notice-error" role="alert">
          {e().state() === 'offline' ? t('save.offlineKept') : errorMessage(e().error())}
        </p>
      </Show>

      <Show when={e().conflict()}>
        {(c) => <ConflictPanel editor={e()} current={c().current} />}
      </Show>
    </li>
  );
}

function ConflictPanel(props: { editor: SegmentEditor; current: Segment }) {
  const by = () => props.current.updatedBy?.name ?? t('conflict.someone');
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
      <div class="conflict-actions">
        <button type="button" class="primary" onClick={() => void props.editor.keepMine()}>
          {t('conflict.keepMine')}
        </button>
        <button type="button" onClick={() => props.editor.takeTheirs()}>
          {t('conflict.takeTheirs')}
        </button>
      </div>
      <p class="hint">{t('conflict.mergeHint')}</p>
    </div>
  );
}
