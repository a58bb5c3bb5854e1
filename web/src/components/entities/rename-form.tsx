import { createSignal, Show } from 'solid-js';
import { updateEntity, type Entity } from '../../api.ts';
import { t } from '../../i18n.ts';
import { errorMessage } from '../error-notice.tsx';

const splitAliases = (s: string) =>
  s
    .split(/[\n,،]/)
    .map((a) => a.trim())
    .filter(Boolean);

/** Rename an entity (its old canonical forms stay as aliases) and edit its aliases. */
export function RenameForm(props: { entity: Entity; onDone?: () => void }) {
  const [error, setError] = createSignal<unknown>();
  const [saving, setSaving] = createSignal(false);
  const [saved, setSaved] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const canonicalAr = String(form.get('canonicalAr') ?? '').trim();
    if (!canonicalAr) {
      setError(new Error(t('entities.arabicRequired')));
      return;
    }
    setSaving(true);
    setError(undefined);
    setSaved(false);
    try {
      await updateEntity(props.entity.id, {
        canonicalAr,
        canonicalEn: String(form.get('canonicalEn') ?? '').trim(),
        aliasesAr: splitAliases(String(form.get('aliasesAr') ?? '')),
        aliasesEn: splitAliases(String(form.get('aliasesEn') ?? '')),
      });
      setSaved(true);
      props.onDone?.();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form class="entity-form" onSubmit={submit} aria-labelledby="rename-title">
      <h3 id="rename-title">{t('entities.rename')}</h3>
      <label>
        {t('entities.canonicalAr')}
        <input name="canonicalAr" lang="ar" dir="rtl" required value={props.entity.canonicalAr} />
      </label>
      <label>
        {t('entities.canonicalEn')}
        <input name="canonicalEn" lang="en" dir="ltr" value={props.entity.canonicalEn} />
      </label>
      <label>
        {t('entities.aliasesAr')}
        <textarea name="aliasesAr" lang="ar" dir="rtl" rows="2" value={props.entity.aliasesAr.join('\n')} />
      </label>
      <label>
        {t('entities.aliasesEn')}
        <textarea name="aliasesEn" lang="en" dir="ltr" rows="2" value={props.entity.aliasesEn.join('\n')} />
      </label>
      <p class="hint">{t('entities.renameHint')}</p>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={saving()}>
          {t('entities.save')}
        </button>
        <Show when={saved()}>
          <span class="notice-inline ok" role="status">
            {t('entities.saved')}
          </span>
        </Show>
      </div>
      <Show when={error()}>
        <p class="notice notice-error" role="alert">
          {errorMessage(error())}
        </p>
      </Show>
    </form>
  );
}
