import { A } from '@solidjs/router';
import { Show } from 'solid-js';

/** The first cell of every document table: the title as a link (isolated, either direction) and the archive reference. */
export function DocumentCell(props: { id: number; title: string; archiveRef?: string | null }) {
  return (
    <td>
      <A href={`/documents/${props.id}`}>
        <bdi>{props.title}</bdi>
      </A>
      <Show when={props.archiveRef}>
        <div class="muted" dir="auto">
          {props.archiveRef}
        </div>
      </Show>
    </td>
  );
}
