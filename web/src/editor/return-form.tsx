// The reviewer's reason for returning a line or a page; the translator sees it beside the line.
import { createSignal, onMount, Show } from 'solid-js';
import { t } from '../i18n.ts';
import { errorMessage } from '../components/error-notice.tsx';
import { shortcutFor, shortcutLabel } from './shortcuts.ts';

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
        const action = shortcutFor(e);
        if (action === 'close') {
          e.preventDefault();
          props.onCancel();
        } else if (action === 'acceptLine') {
          // The key that accepts a line sends the comment, as it reads in the hint.
          e.preventDefault();
          e.stopPropagation();
          e.currentTarget.requestSubmit();
        }
      }}
    >
      <label for="return-comment">
        {props.scope === 'page' ? t('review.returnPageWhy') : t('review.returnLineWhy')}
      </label>
      <textarea
        id="return-comment"
        ref={field}
        dir="auto"
        value={comment()}
        aria-describedby="return-comment-keys"
        onInput={(e) => setComment(e.currentTarget.value)}
      />
      <p id="return-comment-keys" class="hint">
        {t('review.returnKeys', { send: shortcutLabel('acceptLine'), cancel: shortcutLabel('close') })}
      </p>
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
