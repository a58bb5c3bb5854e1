import type { DocumentStatus, PageOcrStatus, SegmentStatus } from '../api.ts';
import { formatNumber, t } from '../i18n.ts';

export function StatusBadge(props: { status: DocumentStatus }) {
  return <span class={`badge status-${props.status}`}>{t(`status.document.${props.status}`)}</span>;
}

export function PageStatusBadge(props: { status: PageOcrStatus }) {
  return <span class={`badge ocr-${props.status}`}>{t(`status.page.${props.status}`)}</span>;
}

export function SegmentStatusBadge(props: { status: SegmentStatus }) {
  return <span class={`badge seg-${props.status}`}>{t(`status.segment.${props.status}`)}</span>;
}

/** Pages done out of total, as a bar and in words ("3 of 5 pages", "1 failed"). */
export function OcrProgress(props: { pageCount: number; pagesDone: number; pagesFailed: number }) {
  const label = () =>
    t('progress.pages', {
      done: formatNumber(props.pagesDone),
      total: formatNumber(props.pageCount),
      count: props.pageCount,
    });
  return (
    <div class="progress">
      <progress
        max={Math.max(props.pageCount, 1)}
        value={props.pagesDone + props.pagesFailed}
        aria-label={label()}
      />
      <span class="progress-text">
        {label()}
        {props.pagesFailed > 0 && (
          <span class="progress-failed">
            {' · '}
            {t('progress.failed', { count: props.pagesFailed, n: formatNumber(props.pagesFailed) })}
          </span>
        )}
      </span>
    </div>
  );
}

/** Work on the lines: translated (and reviewed) out of all, as a bar and in words. */
export function LineProgress(props: {
  lines: { total: number; corrected: number; translated: number; reviewed: number };
}) {
  const label = () =>
    t('editor.docLines', {
      total: formatNumber(props.lines.total),
      translated: formatNumber(props.lines.translated),
      reviewed: formatNumber(props.lines.reviewed),
    });
  return (
    <>
      {props.lines.total > 0 && (
        <div class="progress progress-lines">
          <progress max={props.lines.total} value={props.lines.translated} aria-label={label()} />
          <span class="progress-text">{label()}</span>
        </div>
      )}
    </>
  );
}
