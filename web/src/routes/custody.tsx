// A document's chain of custody (issue 7), for admins and the legal team: every audit event
// about it, oldest first, with actor, time, what changed and whether each event's hash still
// matches its content; exportable as CSV.
import { A, createAsync, useParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { custodyCsvUrl, getCustody, getDocument } from '../api.ts';
import '../components/legal/legal.css';
import { DataTable } from '../components/table/data-table.tsx';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { usePageTitle } from '../lib/title.ts';

function idFrom(v: string | undefined) {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : NaN;
}

/** A short, readable summary of an event's payload (the full JSON is in the export). */
function summary(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ')
    .slice(0, 300);
}

export function CustodyPage() {
  const params = useParams<{ id: string }>();
  const id = () => idFrom(params.id);
  const detail = createAsync(() => getDocument(id()));
  const custody = createAsync(() => getCustody(id()));
  usePageTitle(() => detail() && t('custody.pageTitle', { title: detail()!.document.title }));
  const broken = () => (custody()?.events ?? []).filter((e) => !e.intact).length;

  return (
    <div class="legal-page custody-page">
      <A href={`/documents/${id()}`} class="back-link">
        {t('custody.backToDocument')}
      </A>
      <h1>
        {t('custody.title')}
        <Show when={detail()}>
          {(d) => (
            <>
              : <bdi>{d().document.title}</bdi>
            </>
          )}
        </Show>
      </h1>
      <p class="hint">{t('custody.intro')}</p>
      <p class="cert-actions">
        <a href={custodyCsvUrl(id())} download="">
          {t('custody.exportCsv')}
        </a>
        <A href={`/documents/${id()}/certify`}>{t('custody.certifications')}</A>
      </p>
      <Show when={custody()}>
        {(c) => (
          <>
            <p role="status" class={broken() ? 'notice notice-error' : 'notice notice-ok'}>
              {broken()
                ? t('custody.broken', { n: formatNumber(broken()), count: broken() })
                : t('custody.intact', { n: formatNumber(c().events.length), count: c().events.length })}
            </p>
            <DataTable
              class="custody-table"
              scroll
              rows={c().events}
              rowClass={(e) => ({ broken: !e.intact })}
              columns={[
                { id: 'seq', header: '#', numeric: true, cell: (e) => e.seq },
                { id: 'at', header: t('custody.col.at'), cell: (e) => <time datetime={e.at}>{formatDateTime(e.at)}</time> },
                {
                  id: 'actor',
                  header: t('custody.col.actor'),
                  dir: 'auto',
                  cell: (e) =>
                    e.actor
                      ? `${e.actor.name}${e.actor.role ? ` (${t(`roles.${e.actor.role}`, { defaultValue: e.actor.role })})` : ''}`
                      : t('custody.system'),
                },
                { id: 'action', header: t('custody.col.action'), cell: (e) => <code>{e.action}</code> },
                { id: 'target', header: t('custody.col.target'), dir: 'ltr', cell: (e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—') },
                { id: 'details', header: t('custody.col.details'), dir: 'auto', class: 'payload', cell: (e) => summary(e.payload) },
                {
                  id: 'hash',
                  header: t('custody.col.hash'),
                  dir: 'ltr',
                  class: 'mono',
                  cell: (e) => (
                    <span title={`${e.hash}\n← ${e.prevHash}`}>
                      {e.hash.slice(0, 12)}… {e.intact ? '✓' : `✗ ${t('custody.altered')}`}
                    </span>
                  ),
                },
              ]}
            />
          </>
        )}
      </Show>
    </div>
  );
}
