import { ApiError } from '../api.ts';
import { hasOwn, lang, t } from '../i18n.ts';

/** The text to show for a failed request: the server's message, else a translated one. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    // The server writes its messages in English, with specifics (limits, the existing
    // document). In another UI language a known error code gets its translated text.
    if (lang() !== 'en' && hasOwn(`apiErrors.${err.code}`)) return t(`apiErrors.${err.code}`);
    if (err.message) return err.message;
    if (err.status === 0) return t('errors.network');
    if (err.status === 401) return t('errors.unauthorized');
    if (err.status === 403) return t('errors.forbidden');
    if (err.status === 404) return t('errors.notFound');
    return t('errors.server', { status: err.status });
  }
  // Our own validation errors carry a translated message already.
  if (err instanceof Error && err.message) return err.message;
  return t('errors.unexpected');
}

export function ErrorNotice(props: { error: unknown; retry?: () => void }) {
  return (
    <div class="notice notice-error" role="alert">
      <p>{errorMessage(props.error)}</p>
      {props.retry && (
        <button type="button" onClick={() => props.retry?.()}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
