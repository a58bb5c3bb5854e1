// What the editor says after an action ("Line split", "Nothing to undo", an error): read out
// by screen readers through a polite live region and shown briefly as a toast.
import { createSignal, Show, type Accessor } from 'solid-js';
import { errorMessage } from '../components/error-notice.tsx';

export interface Announcer {
  message: Accessor<string>;
  announce(message: string): void;
  /** Announces a failed request in the server's words (or a translated generic message). */
  fail(err: unknown): void;
}

export function createAnnouncer(): Announcer {
  const [message, setMessage] = createSignal('');
  function announce(text: string) {
    // Cleared first, so the same message twice is read out twice.
    setMessage('');
    queueMicrotask(() => setMessage(text));
  }
  return { message, announce, fail: (err) => announce(errorMessage(err)) };
}

export function Announcement(props: { message: string }) {
  return (
    <>
      <p class="sr-only" role="status" aria-live="polite">
        {props.message}
      </p>
      <Show when={props.message}>
        <p class="toast" aria-hidden="true">
          {props.message}
        </p>
      </Show>
    </>
  );
}
