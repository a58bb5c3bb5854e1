import { createAsync, useNavigate } from '@solidjs/router';
import { createSignal, For, onCleanup, Show, Suspense } from 'solid-js';
import { getEntities, mergeEntity, type Entity } from '../../api.ts';
import { formatNumber, t } from '../../i18n.ts';
import { errorMessage } from '../error-notice.tsx';

/**
 * Merge this entity into another of the same kind, chosen by searching the register. The
 * survivor keeps both names (this one's become aliases) and receives every mention.
 */
export function MergeForm(props: { entity: Entity }) {
  const navigate = useNavigate();
  const [q, setQ] = createSignal('');
  const [target, setTarget] = createSignal<Entity>();
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  const candidates = createAsync(async () => {
    const query = q().trim();
    if (!query) return [];
    const list = await getEntities({ kind: props.entity.kind, q: query, offset: 0, limit: 10 });
    return list.entities.filter((e) => e.id !== props.entity.id && e.mergedIntoId === null);
  });

  async function merge() {
    const into = target();
    if (!into) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await mergeEntity(props.entity.id, into.id);
      navigate(`/entities/${result.entity.id}?merged=${result.mentionsMoved}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="entity-form" aria-labelledby="merge-title">
      <h3 id="merge-title">{t('entities.merge')}</h3>
      <p class="hint">{t('entities.mergeHint')}</p>
      <label>
        {t('entities.mergeFind')}
        <input
          type="search"
          dir="auto"
          autocomplete="off"
          onInput={(e) => {
            const v = e.currentTarget.value;
            clearTimeout(timer);
            timer = setTimeout(() => setQ(v), 150);
          }}
        />
      </label>
      {/* Its own boundary: looking up candidates must not blank the page. */}
      <Suspense>
        <Show when={(candidates() ?? []).length > 0}>
          <ul class="merge-candidates" aria-label={t('entities.mergeCandidates')}>
            <For each={candidates()}>
              {(c) => (
                <li>
                  <label class="check">
                    <input type="radio" name="merge-into" checked={target()?.id === c.id} onChange={() => setTarget(c)} />
                    <span lang="ar" dir="rtl">
                      {c.canonicalAr}
                    </span>
                    <Show when={c.canonicalEn}>
                      <span lang="en" dir="ltr" class="muted">
                        {c.canonicalEn}
                      </span>
                    </Show>
                    <span class="muted">
                      ({t('entities.mentionsShort', { n: formatNumber(c.mentionCount ?? 0), count: c.mentionCount ?? 0 })})
                    </span>
                  </label>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={q().trim() && candidates() && candidates()!.length === 0}>
          <p class="empty">{t('entities.noCandidates')}</p>
        </Show>
      </Suspense>
      <Show when={target()}>
        {(into) => (
          <div class="merge-confirm">
            <p>
              {t('entities.mergeConfirm', {
                from: props.entity.canonicalEn || props.entity.canonicalAr,
                into: into().canonicalEn || into().canonicalAr,
              })}
            </p>
            <button type="button" class="primary" disabled={busy()} onClick={merge}>
              {t('entities.mergeButton')}
            </button>
          </div>
        )}
      </Show>
      <Show when={error()}>
        <p class="notice notice-error" role="alert">
          {errorMessage(error())}
        </p>
      </Show>
    </section>
  );
}
