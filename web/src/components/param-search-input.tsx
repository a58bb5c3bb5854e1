// A search box whose text lives in the URL (`?q=`), so a filtered list can be linked and reloaded.
// The URL follows the typing after a pause, not every key, and goes back to the first page.
import { onCleanup } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { one } from '../lib/search-params.ts';

/** Pause after the last key before the URL (and the list) follows, in ms. */
const TYPING_PAUSE_MS = 250;

export function ParamSearchInput(props: { placeholder: string; name?: string }) {
  const [params, setParams] = useSearchParams();
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return (
    <input
      type="search"
      name={props.name}
      dir="auto"
      value={one(params.q)}
      placeholder={props.placeholder}
      onInput={(e) => {
        const v = e.currentTarget.value;
        clearTimeout(timer);
        timer = setTimeout(() => setParams({ q: v.trim() || null, offset: null }, { replace: true }), TYPING_PAUSE_MS);
      }}
    />
  );
}
