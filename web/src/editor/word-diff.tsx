// Word-level differences, shown in the reading direction of the text (Arabic right to left):
// one version against another in one paragraph (a line's history), or each of two versions
// with its words the other lacks marked (a conflict). The `diff` library does the diffing;
// this module is only loaded with the panels that use it, not with the editor.
import { diffWords, type Change } from 'diff';
import { createMemo, For, Show } from 'solid-js';
import { t } from '../i18n.ts';

type TextProps = { dir: 'rtl' | 'ltr'; lang: string };

/** `from` → `to` in one paragraph: added words underlined, removed ones struck through. */
export function WordDiff(props: { from: string; to: string } & TextProps) {
  const parts = createMemo(() => diffWords(props.from, props.to));
  return (
    <p class="diff" dir={props.dir} lang={props.lang}>
      <For each={parts()} fallback={<span class="muted">—</span>}>
        {(p) =>
          p.added ? (
            <ins>
              {p.value}
              <span class="sr-only"> ({t('history.added')})</span>
            </ins>
          ) : p.removed ? (
            <del>
              {p.value}
              <span class="sr-only"> ({t('history.removed')})</span>
            </del>
          ) : (
            <span>{p.value}</span>
          )
        }
      </For>
    </p>
  );
}

/**
 * One side of two versions of a field: its own text whole, the words the other side does not
 * have marked (`mark.diff-<side>`, named for screen readers). `parts` is diffWords(mine, theirs).
 */
export function SideDiff(props: { parts: Change[]; side: 'mine' | 'theirs' } & TextProps) {
  // Mine is what diffWords calls removed; theirs, added. Spaces alone are not worth a mark.
  const own = createMemo(() => props.parts.filter((p) => (props.side === 'mine' ? !p.added : !p.removed)));
  const marked = (p: Change) => (props.side === 'mine' ? p.removed : p.added) && p.value.trim() !== '';
  return (
    <p class="diff" dir={props.dir} lang={props.lang}>
      <Show when={own().some((p) => p.value !== '')} fallback={<span class="muted">—</span>}>
        <For each={own()}>
          {(p) =>
            marked(p) ? (
              // The spaces around the words stay outside the mark.
              <>
                {/^\s*/.exec(p.value)![0]}
                <mark class={`diff-${props.side}`}>
                  {p.value.trim()}
                  <span class="sr-only"> ({t(props.side === 'mine' ? 'conflict.onlyMine' : 'conflict.onlyTheirs')})</span>
                </mark>
                {/\s*$/.exec(p.value)![0]}
              </>
            ) : (
              <span>{p.value}</span>
            )
          }
        </For>
      </Show>
    </p>
  );
}

/** The word differences between my version of a field and theirs, for `SideDiff`. */
export const compareWords = (mine: string, theirs: string): Change[] => diffWords(mine, theirs);
