// Beside the active line: the translation memory's suggestion with its match score, origin and
// the Arabic difference word by word (what changed from the memory's line), the termbase entries
// the line contains, and the line's QA issues. "Use" puts the suggestion into the translation
// field; saving it is then the translator's own act.
//
// The panel is its own Suspense boundary: a resource read suspends the nearest boundary, and
// without one here that is the page's, which takes every line out of the document while the
// panel loads, so the line that just took the focus loses it.
import { createResource, For, Show, Suspense } from 'solid-js';
import { getLineAssist, getLineQa } from '../api.ts';
import { formatNumber, t } from '../i18n.ts';
import { qaMessage } from '../lib/qa.ts';

/** The colour band of a match score (0–100): 99 and over, 75 and over, below. */
export const scoreClass = (score: number) => `tm-score tm-score-${score >= 99 ? 'high' : score >= 75 ? 'mid' : 'low'}`;

export interface TranslationPanelProps {
  segmentId: number;
  /** Changes when the line is saved, so QA is read again. */
  version: number;
  canEdit: boolean;
  onUse: (translation: string) => void;
}

export function TranslationPanel(props: TranslationPanelProps) {
  const [assist] = createResource(() => props.segmentId, getLineAssist);
  const [qa] = createResource(() => [props.segmentId, props.version] as const, ([id]) => getLineQa(id));
  return (
    <aside class="translation-panel" aria-label={t('translation.panel')}>
      <Suspense fallback={<p class="loading">{t('common.loading')}</p>}>
        <Show when={assist()} fallback={<p class="loading">{t('common.loading')}</p>}>
          {(a) => (
            <>
              <Show when={a().suggestion} fallback={<p class="muted">{t('translation.none')}</p>}>
                {(s) => (
                  <div class="tm-suggestion">
                    <p class="tm-head">
                      <span class={scoreClass(s().score)}>{formatNumber(s().score)}%</span>{' '}
                      <span class="badge">{t(`translation.origin.${s().origin}`)}</span>
                    </p>
                    <p class="tm-target" dir="ltr" lang="en">{s().translation}</p>
                    <Show when={s().match}>
                      <p class="tm-diff" dir="rtl" lang="ar" aria-label={t('translation.diff')}>
                        <For each={s().diff}>
                          {(part, i) => (
                            <>
                              {i() > 0 && part.spaceBefore ? ' ' : ''}
                              <span class={`diff-${part.op}`}>{part.text}</span>
                            </>
                          )}
                        </For>
                      </p>
                    </Show>
                    <Show when={props.canEdit}>
                      <button type="button" class="secondary" onClick={() => props.onUse(s().translation)}>
                        {t('translation.use')}
                      </button>
                    </Show>
                  </div>
                )}
              </Show>
              <Show when={a().terms.length > 0}>
                <h4>{t('translation.terms')}</h4>
                <ul class="tm-terms">
                  <For each={a().terms}>
                    {(term) => (
                      <li>
                        <span dir="rtl" lang="ar">{term.source}</span> → <span lang="en">{term.targets[0]}</span>
                        <Show when={term.note}>
                          <span class="muted"> — {term.note}</span>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </>
          )}
        </Show>
        {/* `latest`: after a save the list stays as it was until the new one arrives, instead of Loading again. */}
        <Show when={(qa.latest ?? []).length > 0}>
          <h4>{t('translation.qa')}</h4>
          <ul class="qa-list">
            <For each={qa.latest}>{(issue) => <li class={`qa-${issue.severity}`} data-check={issue.check}>{qaMessage(issue)}</li>}</For>
          </ul>
        </Show>
      </Suspense>
    </aside>
  );
}
