// One editable line (Arabic or English) with its marks drawn underneath: tags as coloured
// underlines (dotted while only suggested) and the OCR's uncertain words as wavy ones. A
// textarea cannot style parts of its text, so a backdrop with the same text, font and
// wrapping lies under a transparent textarea and carries the underlines.
import { createMemo, For, type JSX } from 'solid-js';
import type { MentionKind } from '../api.ts';

export interface FieldMark {
  start: number;
  end: number;
  /** A tag kind, or 'low' for an uncertain OCR word. */
  kind: MentionKind | 'low';
  suggested?: boolean;
  /** Shown as a tooltip in the chips, not in the backdrop. */
  label?: string;
}

export interface LineFieldProps {
  id: string;
  value: string;
  dir: 'rtl' | 'ltr';
  lang: 'ar' | 'en';
  marks: readonly FieldMark[];
  readOnly: boolean;
  placeholder?: string;
  describedBy?: string;
  invalid?: boolean;
  ref: (el: HTMLTextAreaElement) => void;
  onInput: (value: string) => void;
  onFocus: () => void;
  onBlur: () => void;
  onKeyDown: (ev: KeyboardEvent) => void;
  onSelect?: (ev: Event) => void;
}

const lineBreak = /[\n\r\u2028\u2029\v\f\u0085]/;
const lineBreaks = new RegExp(lineBreak.source, 'g');

type Piece = { text: string; mark?: FieldMark };

/** Cuts the text at mark boundaries; overlapping marks: the first one wins the overlap. */
function pieces(text: string, marks: readonly FieldMark[]): Piece[] {
  const sorted = [...marks]
    .filter((m) => m.start < m.end && m.end <= text.length)
    .sort((a, b) => a.start - b.start || (a.kind === 'low' ? 1 : -1));
  const out: Piece[] = [];
  let at = 0;
  for (const m of sorted) {
    if (m.start < at) continue;
    if (m.start > at) out.push({ text: text.slice(at, m.start) });
    out.push({ text: text.slice(m.start, m.end), mark: m });
    at = m.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  // Text stored before lines were kept to one line may end in a newline: it needs something
  // after it, or the backdrop is a line short.
  out.push({ text: '\u200b' });
  return out;
}

export function LineField(props: LineFieldProps) {
  const parts = createMemo(() => pieces(props.value, props.marks));
  const markClass = (m: FieldMark) =>
    m.kind === 'low' ? 'mark-low' : `tag tag-${m.kind}${m.suggested ? ' tag-suggested' : ''}`;

  // Enter moves to the next line (shortcuts.ts); a line break that still arrives (pasted,
  // dropped, or from an input method) becomes a space, so a line stays one line. The length
  // stays the same for \n, so the caret and the tags' offsets do not move.
  const onInput: JSX.EventHandler<HTMLTextAreaElement, InputEvent> = (ev) => {
    const el = ev.currentTarget;
    if (lineBreak.test(el.value)) {
      const { selectionStart, selectionEnd } = el;
      el.value = el.value.replace(lineBreaks, ' ');
      el.setSelectionRange(selectionStart, selectionEnd);
    }
    props.onInput(el.value);
  };

  return (
    <div class="line-field">
      <div class="line-backdrop" dir={props.dir} lang={props.lang} aria-hidden="true">
        <For each={parts()}>
          {(p) => (p.mark ? <span class={markClass(p.mark)}>{p.text}</span> : p.text)}
        </For>
      </div>
      <textarea
        id={props.id}
        ref={props.ref}
        dir={props.dir}
        lang={props.lang}
        rows={1}
        spellcheck={props.lang === 'en'}
        readOnly={props.readOnly}
        value={props.value}
        placeholder={props.placeholder}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid ? true : undefined}
        onInput={onInput}
        onFocus={() => props.onFocus()}
        onBlur={() => props.onBlur()}
        onKeyDown={(ev) => props.onKeyDown(ev)}
        onSelect={(ev) => props.onSelect?.(ev)}
      />
    </div>
  );
}
