// A document's chain of custody (issue 7), for admins and the legal team: every audit event
// about it, oldest first, as a sentence a lawyer reads (lib/custody.ts: "page 2, line 5: tag
// «درعا» (place) confirmed by …"), with the time and whether its hash still matches its content;
// the event as recorded (name, target, payload, hashes) one click away; exportable as CSV.
import { A, createAsync, useParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { custodyCsvUrl, getCustody, getDocument } from '../api.ts';
import '../components/legal/legal.css';
import { DataTable } from '../components/table/data-table.tsx';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { custodySentence } from '../lib/custody.ts';
import { usePageTitle } from '../lib/title.ts';

function idFrom(v: string | undefined) {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : NaN;
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
      <p class="hint">
        {t('custody.intro')} {t('custody.lineNumbersNow')}
      </p>
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
                { id: 'at', header: t('custody.col.at'), width: '11rem', cell: (e) => <time datetime={e.at}>{formatDateTime(e.at)}</time> },
                {
                  id: 'event',
                  header: t('custody.col.action'),
                  class: 'custody-event',
                  cell: (e) => (
                    <>
                      <p class="custody-sentence">{custodySentence(e)}</p>
                      <details class="custody-record">
                        <summary>{t('custody.record')}</summary>
                        <dl dir="ltr">
                          <dt>{t('custody.recordAction')}</dt>
                          <dd>
                            <code>{e.action}</code>
                          </dd>
                          <dt>{t('custody.recordTarget')}</dt>
                          <dd>
                            <code>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</code>
                          </dd>
                          <dt>{t('custody.col.details')}</dt>
                          <dd>
                            <pre>{JSON.stringify(e.payload, null, 2)}</pre>
                          </dd>
                          <dt>{t('custody.col.hash')}</dt>
                          <dd class="mono">{e.hash}</dd>
                          <dt>{t('custody.recordPrevHash')}</dt>
                          <dd class="mono">{e.prevHash}</dd>
                        </dl>
                      </details>
                    </>
                  ),
                },
                {
                  id: 'hash',
                  header: t('custody.col.hash'),
                  width: '11rem',
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
