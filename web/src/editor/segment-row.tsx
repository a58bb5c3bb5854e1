// One OCR line in the editor: its Arabic transcription (right to left) and English
// translation (left to right) side by side, tags and uncertain words underlined, the OCR
// reading one key away (ocr-reading.tsx), the save state, the tags as chips (tag-chips.tsx)
// with the register entries offered for a tag (register-offer.tsx), and the conflict choice when someone else saved the line first (conflict-panel.tsx). Keys
// are handled by the page (commands.ts).
import { createMemo, For, lazy, Show, Suspense } from 'solid-js';
import type { Mention, MentionKind } from '../api.ts';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { isLowConfidence } from '../lib/confidence.ts';
import { locateWords } from '../lib/spans.ts';
import { errorMessage } from '../components/error-notice.tsx';
import { SegmentStatusBadge } from '../components/status.tsx';
import type { Column } from './columns.ts';
import { LineField, type FieldMark } from './line-field.tsx';
import type { LineTags } from './mention-store.ts';
import { OcrReading } from './ocr-reading.tsx';
import { RegisterOfferPanel, type RegisterOffer } from './register-offer.tsx';
import type { SaveState, SegmentEditor } from './segment-editor.ts';
import { echoMarks, fieldMarks, TagChips } from './tag-chips.tsx';
import { scoreClass, TranslationPanel } from './translation-panel.tsx';

const HistoryPanel = lazy(() => import('./history-panel.tsx'));
const ConflictPanel = lazy(() => import('./conflict-panel.tsx'));

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
  /** Who else has the document open on this line (live-document.ts). */
  othersHere: string[];
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
  /** The register entries offered for a tag (shown here when the tag is on this line). */
  offer: RegisterOffer;
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
        'others-here': props.othersHere.length > 0,
      }}
      data-segment-id={id()}
    >
      <div class="seg-meta">
        <span class="line-no" aria-hidden="true">
          {lineNo()}
        </span>
        <span id={`status-${id()}`}>
          {/* A line returned for changes says so until the return is closed (by saving it). */}
          <Show when={props.review?.action === 'returned'} fallback={<SegmentStatusBadge status={seg().status} />}>
            <span class="badge seg-returned-badge">{t('status.segment.returned')}</span>
          </Show>
          {/* A pre-translated line says where its English came from and how good the match was, until a person confirms it. */}
          <Show when={seg().status === 'suggested' && seg().suggestion}>
            {(s) => (
              <span class="seg-suggestion">
                <span class={scoreClass(s().score)}>{formatNumber(s().score)}%</span>{' '}
                <span class="seg-suggestion-origin">{t(`translation.origin.${s().origin}`, { defaultValue: s().origin })}</span>
              </span>
            )}
          </Show>
        </span>
        <span
          class={`save-state save-state-${e().state()}`}
          title={t(`save.${e().state()}`)}
          role="img"
          aria-label={t(`save.${e().state()}`)}
        >
          {stateIcon[e().state()]}
        </span>
        <Show when={props.othersHere.length > 0}>
          <span class="seg-presence">
            {t('live.onThisLine')}{' '}
            <For each={props.othersHere}>
              {(name, i) => (
                <>
                  {i() > 0 ? t('live.nameSeparator') : ''}
                  <bdi>{name}</bdi>
                </>
              )}
            </For>
          </span>
        </Show>
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
        <OcrReading id={readingId()} segment={seg()} open={props.showOcr} />
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
        <TagChips
          id={tagsId()}
          lineNo={lineNo()}
          chips={chips()}
          canTag={props.canTag}
          onDecide={props.onDecide}
          onUntag={props.onUntag}
          onRetag={props.onRetag}
          onLink={(m) => void props.offer.open(m)}
        />
      </Show>

      <Show when={props.offer.state()?.segmentId === id()}>
        <RegisterOfferPanel offer={props.offer} canTag={props.canTag} />
      </Show>

      <Show when={props.active && seg().text.trim()}>
        <TranslationPanel segmentId={id()} version={seg().version} canEdit={props.canEdit} onUse={(v) => e().setTranslation(v)} />
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
        {(c) => (
          <Suspense fallback={<p class="loading">{t('common.loading')}</p>}>
            <ConflictPanel editor={e()} current={c().current} base={c().base} />
          </Suspense>
        )}
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
