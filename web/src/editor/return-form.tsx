// The reviewer's reason for returning a line or a page; the translator sees it beside the line.
import { createSignal, onMount, Show } from 'solid-js';
import { t } from '../i18n.ts';
import { errorMessage } from '../components/error-notice.tsx';

export function ReturnForm(props: { scope: 'line' | 'page'; onCancel: () => void; onSubmit: (comment: string) => Promise<void> }) {
  const [comment, setComment] = createSignal('');
  const [error, setError] = createSignal<unknown>();
  let field!: HTMLTextAreaElement;
  onMount(() => field.focus());
  return (
    <form
      class="return-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!comment().trim()) {
          setError(new Error(t('review.commentNeeded')));
          return;
        }
        props.onSubmit(comment().trim()).catch(setError);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          props.onCancel();
        }
      }}
    >
      <label for="return-comment">
        {props.scope === 'page' ? t('review.returnPageWhy') : t('review.returnLineWhy')}
      </label>
      <textarea id="return-comment" ref={field} dir="auto" value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
      <div class="conflict-actions">
        <button type="submit" class="primary">
          {props.scope === 'page' ? t('review.returnPage') : t('review.returnLine')}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('review.cancel')}
        </button>
      </div>
      <Show when={error()}>
        <p class="notice notice-error" role="alert">
          {errorMessage(error())}
        </p>
      </Show>
    </form>
  );
}
