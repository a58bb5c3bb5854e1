import { For } from 'solid-js';

export interface Span {
  start: number;
  end: number;
}

/** Splits text into plain and marked parts; spans are UTF-16 offsets, may overlap or be unsorted. */
export function splitBySpans(text: string, spans: readonly Span[]): Array<{ text: string; mark: boolean }> {
  const sorted = spans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(text.length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  const parts: Array<{ text: string; mark: boolean }> = [];
  let at = 0;
  for (const s of merged) {
    if (s.start > at) parts.push({ text: text.slice(at, s.start), mark: false });
    parts.push({ text: text.slice(s.start, s.end), mark: true });
    at = s.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}

/**
 * A line of text with its matching words marked. Arabic gets its own direction so a mixed line
 * (numbers, Latin words) keeps its order whatever the page direction is.
 */
export function Highlighted(props: { text: string; spans: readonly Span[]; lang: 'ar' | 'en'; class?: string }) {
  return (
    <p class={props.class} lang={props.lang} dir={props.lang === 'ar' ? 'rtl' : 'ltr'}>
      <For each={splitBySpans(props.text, props.spans)}>{(part) => (part.mark ? <mark>{part.text}</mark> : part.text)}</For>
    </p>
  );
}
