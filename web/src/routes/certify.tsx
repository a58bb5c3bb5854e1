// Certifying a document (issue 7): what will be recorded, the certify action for accounts
// allowed to certify, the declaration as issued, the certified PDF to download, and every
// earlier certification (superseded ones marked).
import { A, createAsync, useParams } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import {
  certifiedPdfUrl,
  certifyDocument,
  getCertificationPreview,
  getCertifications,
  getDocument,
  type Certification,
  type UnreviewedLine,
} from '../api.ts';
import { errorMessage } from '../components/error-notice.tsx';
import '../components/legal/legal.css';
import { StatusBadge } from '../components/status.tsx';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { qaMessage } from '../lib/qa.ts';
import { usePageTitle } from '../lib/title.ts';

function idFrom(v: string | undefined) {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : NaN;
}

export function CertifyPage() {
  const params = useParams<{ id: string }>();
  const id = () => idFrom(params.id);
  const detail = createAsync(() => getDocument(id()));
  // What the user may do with this document: their role in its collection, as the server says.
  const may = (p: string) => detail()?.permissions.includes(p) ?? false;
  const certifications = createAsync(() => getCertifications(id()));
  const doc = () => detail()?.document;
  usePageTitle(() => doc() && t('custody.certifyTitle', { title: doc()!.title }));

  // document.certify already requires the account's canCertify flag (api/auth/permissions.ts).
  const mayCertify = () => may('document.certify');
  /** Why the server would refuse now (every line must be reviewed), said before any click. */
  const notReady = () => {
    const lines = doc()?.lines;
    if (!lines) return undefined;
    if (lines.total === 0) return t('custody.noLinesToCertify');
    const open = lines.total - lines.reviewed;
    return open > 0 ? t('custody.notAllReviewed', { n: formatNumber(open), total: formatNumber(lines.total) }) : undefined;
  };
  const [place, setPlace] = createSignal('');
  const [credential, setCredential] = createSignal('');
  const [confirmed, setConfirmed] = createSignal(false);
  const preview = createAsync(() => getCertificationPreview(id(), place().trim(), credential().trim()));
  /** QA errors the server would refuse certification over (api/certification/certify.ts), with page and line. */
  const qaErrors = () => (preview.latest?.qa ?? []).filter((i) => i.severity === 'error');
  const [overrideQa, setOverrideQa] = createSignal(false);
  const [overrideReason, setOverrideReason] = createSignal('');
  /** Why QA stops the click now: errors without a ticked override and a reason, or a role that may not override. */
  const qaBlock = () => {
    if (qaErrors().length === 0) return undefined;
    if (!may('qa.override')) return t('custody.qaMayNotOverride');
    return overrideQa() && overrideReason().trim() ? undefined : t('custody.qaNeedsOverride');
  };
  const blockedBy = () => notReady() ?? qaBlock();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [refused, setRefused] = createSignal<{ message: string; unreviewed: UnreviewedLine[] }>();
  const [issued, setIssued] = createSignal<Certification>();

  async function certify(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setRefused(undefined);
    try {
      const result = await certifyDocument(id(), {
        place: place().trim(),
        ...(credential().trim() ? { credential: credential().trim() } : {}),
        ...(qaErrors().length && overrideQa() && overrideReason().trim() ? { qaOverride: { reason: overrideReason().trim() } } : {}),
      });
      if (result.kind === 'unreviewed') setRefused(result);
      else setIssued(result.certification);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="legal-page certify-page">
      <Show when={doc()}>
        {(d) => (
          <>
            <A href={`/documents/${d().id}`} class="back-link">
              {t('custody.backToDocument')}
            </A>
            <h1>
              {t('custody.certify')}: <bdi>{d().title}</bdi>
            </h1>
            <dl class="legal-facts">
              <div>
                <dt>{t('custody.status')}</dt>
                <dd>
                  <StatusBadge status={d().status} />
                </dd>
              </div>
              <div>
                <dt>{t('custody.archiveRef')}</dt>
                <dd dir="auto">{d().archiveRef ?? '—'}</dd>
              </div>
              <div>
                <dt>{t('custody.originalFile')}</dt>
                <dd dir="auto">{d().originalName}</dd>
              </div>
              <div>
                <dt>SHA-256</dt>
                <dd dir="ltr" class="mono">
                  {d().sha256}
                </dd>
              </div>
              <div>
                <dt>{t('custody.pages')}</dt>
                <dd>{formatNumber(d().pageCount)}</dd>
              </div>
              <div>
                <dt>{t('custody.reviewedLines')}</dt>
                <dd>{t('custody.reviewedOf', { reviewed: formatNumber(d().lines.reviewed), total: formatNumber(d().lines.total) })}</dd>
              </div>
            </dl>
            <p>
              <Show when={may('custody.read')}>
                <A href={`/documents/${d().id}/custody`}>{t('custody.title')}</A>
              </Show>
            </p>

            <Show when={mayCertify()} fallback={<p class="notice notice-warn">{t('custody.mayNotCertify')}</p>}>
              <Show when={d().status !== 'certified'} fallback={<p class="notice notice-ok">{t('custody.alreadyCertified')}</p>}>
                <form class="certify-form" onSubmit={certify} aria-labelledby="certify-title">
                  <h2 id="certify-title">{t('custody.certifyNow')}</h2>
                  <label>
                    {t('custody.place')}
                    <input required dir="auto" value={place()} onInput={(e) => setPlace(e.currentTarget.value)} />
                  </label>
                  <label>
                    {t('custody.credential')}
                    <input
                      dir="auto"
                      value={credential()}
                      onInput={(e) => setCredential(e.currentTarget.value)}
                      placeholder={t('custody.credentialExample')}
                    />
                  </label>
                  <section class="declaration-preview" aria-labelledby="preview-title">
                    <h3 id="preview-title">{t('custody.preview')}</h3>
                    <p lang="en" dir="ltr" class="declaration">
                      {preview.latest?.declaration ?? t('common.loading')}
                    </p>
                    <p class="hint">{t('custody.previewNote')}</p>
                  </section>
                  <Show when={qaErrors().length > 0}>
                    <section class="qa-certify" aria-labelledby="qa-certify-title">
                      <h3 id="qa-certify-title">{t('custody.qaTitle')}</h3>
                      <p>{t('custody.qaErrors', { count: qaErrors().length, n: formatNumber(qaErrors().length) })}</p>
                      <ul class="qa-certify-list">
                        <For each={qaErrors()}>
                          {(issue) => (
                            <li class="qa-error" data-check={issue.check}>
                              <A href={`/documents/${d().id}?page=${issue.pageNo}&segment=${issue.segmentId}`}>
                                {t('search.pageLine', { page: formatNumber(issue.pageNo), line: formatNumber(issue.lineNo) })}
                              </A>
                              {': '}
                              {qaMessage(issue)}
                            </li>
                          )}
                        </For>
                      </ul>
                      <Show when={may('qa.override')}>
                        <label class="check">
                          <input type="checkbox" name="qa-override" checked={overrideQa()} onChange={(e) => setOverrideQa(e.currentTarget.checked)} />
                          {t('custody.qaOverride')}
                        </label>
                        <Show when={overrideQa()}>
                          <label>
                            {t('custody.qaOverrideReason')}
                            <textarea
                              name="qa-override-reason"
                              required
                              dir="auto"
                              rows={3}
                              maxLength={2000}
                              value={overrideReason()}
                              onInput={(e) => setOverrideReason(e.currentTarget.value)}
                            />
                          </label>
                        </Show>
                      </Show>
                    </section>
                  </Show>
                  <label class="check">
                    <input type="checkbox" name="declaration" checked={confirmed()} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
                    {t('custody.confirm')}
                  </label>
                  <Show when={blockedBy()}>
                    {(reason) => (
                      <p id="certify-not-ready" class="notice notice-warn">
                        {reason()}{' '}
                        <Show when={notReady() && d().lines.total > 0}>
                          <A href={`/documents/${d().id}`}>{t('custody.reviewTheLines')}</A>
                        </Show>
                      </p>
                    )}
                  </Show>
                  <button
                    type="submit"
                    class="primary"
                    disabled={busy() || !confirmed() || !place().trim() || !!blockedBy()}
                    aria-describedby={blockedBy() ? 'certify-not-ready' : undefined}
                  >
                    {busy() ? t('custody.certifying') : t('custody.certifyButton')}
                  </button>
                </form>
              </Show>
            </Show>

            <Show when={error()}>
              <p class="notice notice-error" role="alert">
                {errorMessage(error())}
              </p>
            </Show>
            <Show when={refused()}>
              {(r) => (
                <div class="notice notice-error" role="alert">
                  <p>{t('custody.unreviewed', { count: r().unreviewed.length, n: formatNumber(r().unreviewed.length) })}</p>
                  <ul>
                    <For each={r().unreviewed.slice(0, 50)}>
                      {(l) => (
                        <li>
                          <A href={`/documents/${d().id}?page=${l.pageNo}&segment=${l.segmentId}`}>
                            {t('search.pageLine', { page: formatNumber(l.pageNo), line: formatNumber(l.lineNo) })}
                          </A>{' '}
                          <span class="muted">({t(`status.segment.${l.status}`, { defaultValue: l.status })})</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </div>
              )}
            </Show>
            <Show when={issued()}>
              {(c) => (
                <p class="notice notice-ok issued" role="status">
                  {t('custody.issued')}{' '}
                  <a href={certifiedPdfUrl(d().id, c().id)} download="">
                    {t('custody.downloadPdf')}
                  </a>
                </p>
              )}
            </Show>

            <section aria-labelledby="history-title">
              <h2 id="history-title">{t('custody.certifications')}</h2>
              <Show when={(certifications() ?? []).length > 0} fallback={<p class="empty">{t('custody.noCertifications')}</p>}>
                <ol class="cert-list">
                  <For each={certifications()}>
                    {(c) => (
                      <li>
                        <CertificationCard documentId={d().id} c={c} />
                      </li>
                    )}
                  </For>
                </ol>
              </Show>
            </section>
          </>
        )}
      </Show>
    </div>
  );
}

function CertificationCard(props: { documentId: number; c: Certification }) {
  return (
    <article class="cert-card" classList={{ superseded: props.c.superseded }}>
      <p>
        <strong>{props.c.superseded ? t('custody.supersededBadge') : t('custody.currentBadge')}</strong>
        {' · '}
        {t('custody.certifiedBy', { name: props.c.certifiedBy.name, place: props.c.place })}{' '}
        <time datetime={props.c.certifiedAt}>{formatDateTime(props.c.certifiedAt)}</time>
      </p>
      <Show when={props.c.superseded && props.c.supersededReason}>
        <p class="muted">{props.c.supersededReason}</p>
      </Show>
      <p class="declaration" dir="auto">
        {props.c.declaration}
      </p>
      <dl class="legal-facts">
        <div>
          <dt>{t('custody.pdfSha')}</dt>
          <dd dir="ltr" class="mono">
            {props.c.pdfSha256}
          </dd>
        </div>
        <div>
          <dt>{t('custody.snapshotHash')}</dt>
          <dd dir="ltr" class="mono">
            {props.c.snapshotHash}
          </dd>
        </div>
      </dl>
      <p class="cert-actions">
        <a href={certifiedPdfUrl(props.documentId, props.c.id)} download="">
          {t('custody.downloadPdf')}
        </a>
        <A href={`/verify/${props.c.pdfSha256}`}>{t('custody.verifyLink')}</A>
      </p>
    </article>
  );
}
