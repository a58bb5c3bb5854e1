import { createEffect } from 'solid-js';
import { t } from '../i18n.ts';

/** Keeps the browser tab's title on the current page (re-translated on a language switch). */
export function usePageTitle(title: () => string | undefined) {
  createEffect(() => {
    const own = title();
    const app = t('app.name');
    document.title = own ? `${own} — ${app}` : app;
  });
}
