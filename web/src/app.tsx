import {
  A,
  createAsync,
  useLocation,
  useNavigate,
  type RouteSectionProps,
} from '@solidjs/router';
import {
  createContext,
  createEffect,
  ErrorBoundary,
  on,
  Show,
  Suspense,
  useContext,
} from 'solid-js';
import { getMe, logout, onUnauthorized, type User } from './api.ts';
import { ErrorNotice } from './components/error-notice.tsx';
import { LanguageSwitch } from './components/language-switch.tsx';
import { t } from './i18n.ts';
import { usePermissions } from './lib/permissions.ts';

const UserContext = createContext<() => User>();

/** The signed-in user; only inside <RequireUser>. */
export function useUser(): () => User {
  const user = useContext(UserContext);
  if (!user) throw new Error('useUser outside RequireUser');
  return user;
}

export function App(props: RouteSectionProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const me = createAsync(() => getMe());
  const may = usePermissions();

  onUnauthorized(() => {
    if (location.pathname === '/login') return;
    navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, {
      replace: true,
    });
  });

  // After moving to another page, keyboard and screen-reader users start at its content,
  // not at the top of the header again. (The login form focuses its own first field.)
  // A page that failed to load must not keep showing its error on the next page.
  let main: HTMLElement | undefined;
  let clearError: (() => void) | undefined;
  createEffect(
    on(
      () => location.pathname,
      (path) => {
        clearError?.();
        clearError = undefined;
        if (path !== '/login') main?.focus({ preventScroll: true });
      },
      { defer: true },
    ),
  );

  async function signOut() {
    await logout().catch(() => undefined);
    navigate('/login', { replace: true });
  }

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="app-header">
        <A href="/" class="brand" end>
          <span class="brand-ar" lang="ar" dir="rtl">
            سجل
          </span>
          <span class="brand-en" lang="en">
            Sijill
          </span>
        </A>
        <Show when={me()}>
          <nav aria-label={t('app.mainNav')}>
            <A href="/" end>
              {t('nav.documents')}
            </A>
            <A href="/search">{t('search.nav')}</A>
            <A href="/research">{t('research.nav')}</A>
            <A href="/entities">{t('entities.nav')}</A>
            {/* The queue is for those who review, certify or read the custody chain. */}
            <Show when={may('review.decide') || may('document.certify') || may('custody.read')}>
              <A href="/review">{t('reviewQueue.nav')}</A>
            </Show>
            <A href="/access">{t('access.nav')}</A>
          </nav>
        </Show>
        <div class="header-end">
          <LanguageSwitch />
          <Show when={me()}>
            {(user) => (
              <div class="user-box">
                <span class="user-name" title={user().email}>
                  {/* A Latin name ending in a full stop keeps it at its end in the Arabic UI. */}
                  <bdi>{user().name || user().email}</bdi>
                  <span class="user-role"> · {t(`roles.${user().role}`)}</span>
                </span>
                <button type="button" class="link-button" onClick={signOut}>
                  {t('auth.logout')}
                </button>
              </div>
            )}
          </Show>
        </div>
      </header>
      <main id="main" tabindex="-1" ref={main}>
        <ErrorBoundary
          fallback={(err, reset) => {
            clearError = reset;
            return <ErrorNotice error={err} retry={reset} />;
          }}
        >
          <Suspense fallback={<p class="loading">{t('common.loading')}</p>}>
            {props.children}
          </Suspense>
        </ErrorBoundary>
      </main>
    </>
  );
}

/** Renders its routes only with a session; otherwise sends the user to log in. */
export function RequireUser(props: RouteSectionProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const me = createAsync(() => getMe());

  createEffect(() => {
    if (me() === null) {
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, {
        replace: true,
      });
    }
  });

  return (
    <Show when={me()}>
      {(user) => <UserContext.Provider value={user}>{props.children}</UserContext.Provider>}
    </Show>
  );
}
