// Every editor shortcut, from the one table in shortcuts.ts. A modal <dialog>: it keeps
// the focus inside while open, Esc closes it, and the focus returns to where it was.
import { For, onCleanup, onMount } from 'solid-js';
import { t } from '../i18n.ts';
import { scanKeys, shortcuts, type ShortcutGroup } from './shortcuts.ts';

const groups: ShortcutGroup[] = ['move', 'edit', 'lines', 'tags', 'review'];

export function HelpOverlay(props: { onClose: () => void }) {
  let dialog!: HTMLDialogElement;
  const before = document.activeElement as HTMLElement | null;
  onMount(() => dialog.showModal());
  onCleanup(() => before?.focus({ preventScroll: true }));

  return (
    <dialog
      ref={dialog}
      class="help-overlay"
      aria-labelledby="help-title"
      onClose={() => props.onClose()}
      onClick={(e) => {
        if (e.target === dialog) dialog.close();
      }}
    >
      <header class="help-head">
        <h2 id="help-title">{t('shortcuts.title')}</h2>
        <button type="button" class="link-button" onClick={() => dialog.close()} autofocus>
          {t('shortcuts.closeDialog')}
        </button>
      </header>
      <div class="help-groups">
        <For each={groups}>
          {(g) => (
            <section>
              <h3>{t(`shortcuts.group.${g}`)}</h3>
              <dl>
                <For each={shortcuts.filter((s) => s.group === g)}>
                  {(s) => (
                    <div>
                      <dt>
                        <kbd dir="ltr">{s.label}</kbd>
                      </dt>
                      <dd>{t(`shortcuts.${s.id}`)}</dd>
                    </div>
                  )}
                </For>
              </dl>
            </section>
          )}
        </For>
        <section>
          <h3>{t('shortcuts.group.scan')}</h3>
          <dl>
            <For each={scanKeys}>
              {(k) => (
                <div>
                  <dt>
                    <kbd dir="ltr">{k.label}</kbd>
                  </dt>
                  <dd>{t(`shortcuts.scan.${k.id}`)}</dd>
                </div>
              )}
            </For>
          </dl>
        </section>
      </div>
      <p class="hint">{t('shortcuts.nativeUndo')}</p>
      <p class="hint">{t('shortcuts.tabHint')}</p>
    </dialog>
  );
}
