import { A } from '@solidjs/router';
import { Show } from 'solid-js';

/** A document in a table: the title as a link (isolated, either direction) and the archive reference. */
export function DocumentTitle(props: { id: number; title: string; archiveRef?: string | null }) {
  return (
    <>
      <A href={`/documents/${props.id}`}>
        <bdi>{props.title}</bdi>
      </A>
      <Show when={props.archiveRef}>
        <div class="muted" dir="auto">
          {props.archiveRef}
        </div>
      </Show>
    </>
  );
}
