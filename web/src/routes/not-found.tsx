import { A } from '@solidjs/router';
import { t } from '../i18n.ts';

export function NotFound() {
  return (
    <section class="not-found">
      <h1>{t('errors.pageNotFound')}</h1>
      <p>
        <A href="/">{t('nav.backToDocuments')}</A>
      </p>
    </section>
  );
}
