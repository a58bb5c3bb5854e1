// The document's export menu: one download link per format (the server names the file).
import { For } from 'solid-js';
import { exportUrl, exportFormats } from '../../api.ts';
import { t } from '../../i18n.ts';
import './exchange.css';

export function ExportMenu(props: { documentId: number }) {
  let menu!: HTMLDetailsElement;
  const close = () => (menu.open = false);
  return (
    <details
      class="export-menu"
      ref={menu}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && menu.open) {
          close();
          menu.querySelector('summary')?.focus();
        }
      }}
      onFocusOut={(e) => {
        if (!menu.contains(e.relatedTarget as Node | null)) close();
      }}
    >
      <summary>{t('exchange.export')}</summary>
      <div class="export-menu-list" role="group" aria-label={t('exchange.export')}>
        <p class="muted">{t('exchange.exportHint')}</p>
        <ul>
          <For each={exportFormats}>
            {(format) => (
              <li>
                <a href={exportUrl(props.documentId, format)} download="" data-format={format} onClick={close}>
                  {t(`exchange.format.${format}`)}
                </a>
              </li>
            )}
          </For>
        </ul>
      </div>
    </details>
  );
}
