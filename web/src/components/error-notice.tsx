import { ApiError } from '../api.ts';
import { t } from '../i18n.ts';

/** The text to show for a failed request: the server's message, else a translated one. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.message) return err.message;
    if (err.status === 0) return t('errors.network');
    if (err.status === 401) return t('errors.unauthorized');
    if (err.status === 403) return t('errors.forbidden');
    if (err.status === 404) return t('errors.notFound');
    return t('errors.server', { status: err.status });
  }
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
