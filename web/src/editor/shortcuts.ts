// The editor's keyboard shortcuts, in one table: the key handler matches against it and the
// help overlay lists it, so the two cannot drift apart. Letters are matched by physical key
// (`code`), so they work with an Arabic keyboard layout too.

export type ShortcutId =
  | 'nextLine'
  | 'prevLine'
  | 'switchPane'
  | 'switchPaneBack'
  | 'acceptLine'
  | 'markReviewed'
  | 'save'
  | 'undoAction'
  | 'toggleOcr'
  | 'insertOcr'
  | 'split'
  | 'merge'
  | 'deleteLine'
  | 'newLine'
  | 'history'
  | 'nextPage'
  | 'prevPage'
  | 'help'
  | 'close'
  | 'tagPerson'
  | 'tagUnit'
  | 'tagPlace'
  | 'tagDate'
  | 'tagOther'
  | 'untag'
  | 'acceptSuggestion'
  | 'rejectSuggestion'
  | 'nextMatch'
  | 'prevMatch'
  | 'linkEntry'
  | 'newEntry'
  | 'approveLine'
  | 'returnLine';

export type ShortcutGroup = 'move' | 'edit' | 'lines' | 'tags' | 'review' | 'scan';

interface Combo {
  key?: string;
  code?: string;
  ctrl?: boolean;
  alt?: boolean;
  shift?: boolean;
}

export interface Shortcut {
  id: ShortcutId;
  group: ShortcutGroup;
  /** Shown in the help overlay, e.g. "Alt+↓". */
  label: string;
  combos: Combo[];
}

const S = (id: ShortcutId, group: ShortcutGroup, label: string, ...combos: Combo[]): Shortcut => ({
  id,
  group,
  label,
  combos,
});

export const shortcuts: readonly Shortcut[] = [
  // A line stays one line: Enter moves on (as in a table) instead of breaking it.
  S('nextLine', 'move', 'Alt+↓ · Enter', { key: 'ArrowDown', alt: true }, { key: 'Enter' }),
  S('prevLine', 'move', 'Alt+↑ · Shift+Enter', { key: 'ArrowUp', alt: true }, { key: 'Enter', shift: true }),
  S('switchPane', 'move', 'F6', { key: 'F6' }),
  S('switchPaneBack', 'move', 'Shift+F6', { key: 'F6', shift: true }),
  S('nextPage', 'move', 'Alt+PageDown', { key: 'PageDown', alt: true }),
  S('prevPage', 'move', 'Alt+PageUp', { key: 'PageUp', alt: true }),
  S('acceptLine', 'edit', 'Ctrl+Enter', { key: 'Enter', ctrl: true }),
  S('save', 'edit', 'Ctrl+S', { code: 'KeyS', ctrl: true }),
  S('undoAction', 'edit', 'Ctrl+Alt+Z', { code: 'KeyZ', ctrl: true, alt: true }),
  S('toggleOcr', 'edit', 'Alt+O', { code: 'KeyO', alt: true }),
  S('insertOcr', 'edit', 'Alt+I', { code: 'KeyI', alt: true }),
  S('history', 'edit', 'Alt+H', { code: 'KeyH', alt: true }),
  S('split', 'lines', 'Alt+Enter', { key: 'Enter', alt: true }),
  S('merge', 'lines', 'Alt+J', { code: 'KeyJ', alt: true }),
  S('newLine', 'lines', 'Alt+N', { code: 'KeyN', alt: true }),
  S('deleteLine', 'lines', 'Alt+Delete', { key: 'Delete', alt: true }),
  S('tagPerson', 'tags', 'Alt+Shift+P', { code: 'KeyP', alt: true, shift: true }),
  S('tagUnit', 'tags', 'Alt+Shift+U', { code: 'KeyU', alt: true, shift: true }),
  S('tagPlace', 'tags', 'Alt+Shift+L', { code: 'KeyL', alt: true, shift: true }),
  S('tagDate', 'tags', 'Alt+Shift+D', { code: 'KeyD', alt: true, shift: true }),
  S('tagOther', 'tags', 'Alt+Shift+O', { code: 'KeyO', alt: true, shift: true }),
  S('untag', 'tags', 'Alt+Shift+X', { code: 'KeyX', alt: true, shift: true }),
  S('acceptSuggestion', 'tags', 'Alt+Shift+A', { code: 'KeyA', alt: true, shift: true }),
  S('rejectSuggestion', 'tags', 'Alt+Shift+R', { code: 'KeyR', alt: true, shift: true }),
  // The register entries offered for a tag (register-offer.tsx), from the line field.
  S('linkEntry', 'tags', 'Alt+Shift+K', { code: 'KeyK', alt: true, shift: true }),
  S('newEntry', 'tags', 'Alt+Shift+E', { code: 'KeyE', alt: true, shift: true }),
  S('nextMatch', 'tags', 'Alt+Shift+↓', { key: 'ArrowDown', alt: true, shift: true }),
  S('prevMatch', 'tags', 'Alt+Shift+↑', { key: 'ArrowUp', alt: true, shift: true }),
  S('markReviewed', 'review', 'Ctrl+Shift+Enter', { key: 'Enter', ctrl: true, shift: true }),
  S('approveLine', 'review', 'Alt+Shift+V', { code: 'KeyV', alt: true, shift: true }),
  S('returnLine', 'review', 'Alt+Shift+B', { code: 'KeyB', alt: true, shift: true }),
  S('help', 'move', 'F1 · Ctrl+/', { key: 'F1' }, { key: '/', ctrl: true }, { code: 'Slash', ctrl: true }),
  S('close', 'move', 'Esc', { key: 'Escape' }),
];

/** Keys of the scan pane when it has the focus (listed in the help overlay only). */
export const scanKeys = [
  { label: '+ / −', id: 'zoom' },
  { label: '0', id: 'fit' },
  { label: '← ↑ → ↓', id: 'pan' },
  { label: 'Enter', id: 'toLine' },
] as const;

function matches(c: Combo, ev: KeyboardEvent): boolean {
  if (!!c.ctrl !== (ev.ctrlKey || ev.metaKey)) return false;
  if (!!c.alt !== ev.altKey) return false;
  if (!!c.shift !== ev.shiftKey) return false;
  if (c.code) return ev.code === c.code;
  return ev.key === c.key;
}

export function shortcutFor(ev: KeyboardEvent): ShortcutId | undefined {
  // Keys that confirm an input method's composition belong to it.
  if (ev.isComposing) return undefined;
  for (const s of shortcuts) if (s.combos.some((c) => matches(c, ev))) return s.id;
  return undefined;
}

export const shortcutLabel = (id: ShortcutId) => shortcuts.find((s) => s.id === id)?.label ?? '';
