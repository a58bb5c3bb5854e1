// The editor's own undo (Ctrl+Alt+Z) for what the browser cannot undo in a field: status
// changes, split, merge, delete, add, restore and tags. Each entry undoes one action on the
// server as a new version (nothing is rewritten) and says where the cursor goes back to.
import type { Announcer } from './announcer.tsx';
import type { LineFocus } from './line-focus.ts';
import type { LineEditors } from './line-editors.ts';
import { t } from '../i18n.ts';

export interface UndoEntry {
  /** Read out after undoing ("Undone: split"). */
  label: string;
  run: () => Promise<void>;
  /** The line to put the cursor in afterwards. */
  focus?: number;
}

export interface Undo {
  push(entry: UndoEntry): void;
  undoLast(): Promise<void>;
}

/** How many actions can be undone. */
const DEPTH = 50;

export function createUndo(input: {
  /** Runs a structural change (a stale line is refetched and said so). */
  guarded: (run: () => Promise<void>) => Promise<void>;
  /** Refetches the document's lines after a change. */
  refetch: () => Promise<unknown>;
  lines: LineEditors;
  focus: LineFocus;
  announcer: Announcer;
}): Undo {
  const stack: UndoEntry[] = [];
  return {
    push(entry) {
      stack.push(entry);
      if (stack.length > DEPTH) stack.shift();
    },
    async undoLast() {
      const entry = stack.pop();
      if (!entry) {
        input.announcer.announce(t('editor.nothingToUndo'));
        return;
      }
      await input.guarded(async () => {
        await entry.run();
        await input.refetch();
        if (entry.focus !== undefined && input.lines.has(entry.focus)) input.focus.focusLine(entry.focus);
        input.announcer.announce(t('editor.undone', { what: entry.label }));
      });
    },
  };
}
