// A line's history: every version with who and when, a word diff between any two versions
// (by default the OCR reading against the current one), and restoring an old version as a
// new one. Loaded on demand, so the diff library stays out of the editor's first load.
import { createResource, createSignal, For, onMount, Show } from 'solid-js';
import { getSegmentVersionsFresh, type SegmentVersion } from '../api.ts';
import { formatDateTime, formatNumber, lang, t } from '../i18n.ts';
import { errorMessage } from '../components/error-notice.tsx';
import { SegmentStatusBadge } from '../components/status.tsx';
import { WordDiff } from './word-diff.tsx';

export interface HistoryPanelProps {
  segmentId: number;
  /** The line's current version: the list reloads when it changes. */
  version: number;
  lineNo: string;
  canRestore: boolean;
  onRestore: (version: number) => Promise<void>;
  onClose: () => void;
}

/** The server writes version notes in English; the known ones are shown in the UI language. */
function noteText(note: string): string {
  return note
    .split('; ')
    .map((part) => {
      let m: RegExpMatchArray | null;
      if (part === 'ocr') return t('history.note.ocr');
      if (part === 'added by hand') return t('history.note.added');
      if (part === 'deleted') return t('history.note.deleted');
      if (/^split from line \d+$/.test(part)) return t('history.note.split');
      if (/^merged into line \d+$/.test(part)) return t('history.note.merged');
      if ((m = part.match(/^restored version (\d+)$/))) return t('history.note.restored', { n: formatNumber(Number(m[1])) });
      if ((m = part.match(/^removed \w+ (person|unit|place|date|other) tag .*its text was deleted$/))) {
        return t('history.note.tagRemoved', { kind: t(`tagging.kind.${m[1]}`) });
      }
      return part;
    })
    .join(lang() === 'ar' ? '؛ ' : '; ');
}

export default function HistoryPanel(props: HistoryPanelProps) {
  const [versions] = createResource(
    () => [props.segmentId, props.version] as const,
    ([id]) => getSegmentVersionsFresh(id),
  );
  const [from, setFrom] = createSignal<number>(1);
  const [to, setTo] = createSignal<number>();
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  let heading!: HTMLHeadingElement;
  onMount(() => heading.focus());

  const list = () => versions() ?? [];
  const latest = () => list().at(-1)?.version ?? props.version;
  const pick = (v: number | undefined): SegmentVersion | undefined =>
    list().find((x) => x.version === v);
  const toVersion = () => pick(to() ?? latest()) ?? list().at(-1);
  const fromVersion = () => pick(from()) ?? list()[0];

  const label = (v: SegmentVersion) =>
    v.version === 1
      ? t('history.ocrVersion')
      : t('history.version', { n: formatNumber(v.version) });

  async function restore(v: number) {
    setBusy(true);
    setError(undefined);
    try {
      await props.onRestore(v);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      class="history"
      aria-labelledby={`history-title-${props.segmentId}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          props.onClose();
        }
      }}
    >
      <header class="history-head">
        <h3 id={`history-title-${props.segmentId}`} tabindex="-1" ref={heading}>
          {t('history.title', { n: props.lineNo })}
        </h3>
        <button type="button" class="link-button" onClick={() => props.onClose()}>
          {t('history.close')}
        </button>
      </header>
      <Show when={versions.error}>
        <p class="notice notice-error" role="alert">
          {errorMessage(versions.error)}
        </p>
      </Show>
      <Show when={list().length > 0} fallback={<p class="loading">{t('common.loading')}</p>}>
        <div class="history-compare">
          <label>
            {t('history.compareFrom')}{' '}
            <select value={fromVersion()?.version} onChange={(e) => setFrom(Number(e.currentTarget.value))}>
              <For each={list()}>{(v) => <option value={v.version}>{label(v)}</option>}</For>
            </select>
          </label>
          <label>
            {t('history.compareTo')}{' '}
            <select value={toVersion()?.version} onChange={(e) => setTo(Number(e.currentTarget.value))}>
              <For each={list()}>{(v) => <option value={v.version}>{label(v)}</option>}</For>
            </select>
          </label>
        </div>
        <Show when={fromVersion() && toVersion()}>
          <div class="history-diff" aria-live="polite">
            <WordDiff from={fromVersion()!.text} to={toVersion()!.text} dir="rtl" lang="ar" />
            <WordDiff from={fromVersion()!.translation} to={toVersion()!.translation} dir="ltr" lang="en" />
          </div>
        </Show>
        <ol class="history-list" reversed>
          <For each={[...list()].reverse()}>
            {(v) => (
              <li>
                <div class="history-meta">
                  <strong>{label(v)}</strong>
                  <SegmentStatusBadge status={v.status} />
                  <span>{v.changedBy?.name || t('history.system')}</span>
                  <time datetime={v.changedAt}>{formatDateTime(v.changedAt)}</time>
                  <Show when={v.note}>
                    <span class="muted" dir="auto">
                      {noteText(v.note!)}
                    </span>
                  </Show>
                </div>
                <p class="history-text" dir="rtl" lang="ar">
                  {v.text || '—'}
                </p>
                <p class="history-text" dir="ltr" lang="en">
                  {v.translation || '—'}
                </p>
                <div class="history-actions">
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => {
                      setTo(v.version);
                      setFrom(Math.max(1, v.version - 1));
                    }}
                  >
                    {t('history.showChanges')}
                  </button>
                  <Show when={props.canRestore && v.version !== latest()}>
                    <button type="button" disabled={busy()} onClick={() => void restore(v.version)}>
                      {t('history.restore', { version: label(v) })}
                    </button>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={error()}>
        <p class="notice notice-error" role="alert">
          {errorMessage(error())}
        </p>
      </Show>
    </section>
  );
}
