// The OCR's reading of a line, shown on Alt+O with its uncertain words marked; while hidden,
// screen readers still hear the uncertain words listed.
import { For, Show } from 'solid-js';
import type { Segment } from '../api.ts';
import { formatNumber, t } from '../i18n.ts';
import { isLowConfidence } from '../lib/confidence.ts';
import { shortcutLabel } from './shortcuts.ts';

export function OcrReading(props: { id: string; segment: Segment; open: boolean }) {
  const lowWords = () => props.segment.words.filter(isLowConfidence);
  return (
    <Show
      when={props.open}
      fallback={
        <Show when={lowWords().length > 0}>
          <span class="sr-only" id={props.id}>
            {t('editor.uncertainWords', { words: lowWords().map((w) => w.text).join('، ') })}
          </span>
        </Show>
      }
    >
      <div class="ocr-reading open" id={props.id}>
        <span class="ocr-reading-label">
          {lowWords().length > 0
            ? t('editor.ocrReading', { count: lowWords().length, n: formatNumber(lowWords().length) })
            : t('editor.ocrReadingPlain')}{' '}
          <span class="muted">
            ({t('editor.ocrKeys', { toggle: shortcutLabel('toggleOcr'), insert: shortcutLabel('insertOcr') })})
          </span>
        </span>
        <p dir="rtl" lang="ar">
          <Show when={props.segment.words.length > 0} fallback={props.segment.ocrText || '—'}>
            <For each={props.segment.words}>
              {(w, i) => (
                <>
                  {i() > 0 ? ' ' : ''}
                  {isLowConfidence(w) ? (
                    <mark class="low-conf" title={t('editor.confidence', { n: formatNumber(Math.round(w.confidence)) })}>
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
  );
}
