// The document's saving state in one phrase: conflicts first, then offline, saving, unsaved.
import { Match, Switch } from 'solid-js';
import { formatNumber, t } from '../i18n.ts';

export function SaveSummary(props: { unsaved: number; conflicts: number; saving: boolean; offline: boolean }) {
  return (
    <p class="save-summary" role="status" aria-live="polite">
      <Switch fallback={t('save.allSaved')}>
        <Match when={props.conflicts > 0}>
          <span class="warn">
            {t('save.conflicts', { count: props.conflicts, n: formatNumber(props.conflicts) })}
          </span>
        </Match>
        <Match when={props.offline}>
          <span class="warn">{t('save.offlineSummary')}</span>
        </Match>
        <Match when={props.saving}>{t('save.saving')}</Match>
        <Match when={props.unsaved > 0}>
          {t('save.unsaved', { count: props.unsaved, n: formatNumber(props.unsaved) })}
        </Match>
      </Switch>
    </p>
  );
}
