import { createAsync, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, Show } from 'solid-js';
import { getMe, login } from '../api.ts';
import { errorMessage } from '../components/error-notice.tsx';
import { t } from '../i18n.ts';
import { usePageTitle } from '../lib/title.ts';

/** Only same-app paths are followed after login. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = createAsync(() => getMe());
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  usePageTitle(() => t('auth.title'));

  createEffect(() => {
    if (me()) navigate(safeNext(params.next), { replace: true });
  });

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      await login(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
      navigate(safeNext(params.next), { replace: true });
    } catch (err) {
      setError(() => err);
      (document.getElementById('login-password') as HTMLInputElement | null)?.select();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="login" aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.title')}</h1>
      <form onSubmit={submit} aria-describedby={error() !== undefined ? 'login-error' : undefined}>
        <label for="login-email">{t('auth.email')}</label>
        <input
          id="login-email"
          name="email"
          type="email"
          dir="ltr"
          autocomplete="username"
          required
          autofocus
        />
        <label for="login-password">{t('auth.password')}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          dir="ltr"
          autocomplete="current-password"
          required
        />
        <Show when={error() !== undefined}>
          <p id="login-error" class="notice notice-error" role="alert">
            {errorMessage(error())}
          </p>
        </Show>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
    </section>
  );
}
