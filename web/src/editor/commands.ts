// The editor's commands by key: the keys of a line field (onLineKeyDown) and the keys that
// work anywhere on the page (installPageKeys). Which key is which lives in the one table of
// shortcuts.ts (the help overlay lists the same table); a command the role may not run says
// so instead of doing nothing.
import { onCleanup, onMount, type Accessor } from 'solid-js';
import { t } from '../i18n.ts';
import type { Announcer } from './announcer.tsx';
import type { Column } from './columns.ts';
import type { LineEditors } from './line-editors.ts';
import type { LineFocus } from './line-focus.ts';
import type { LineOperations } from './line-operations.ts';
import type { PageNavigation } from './page-navigation.tsx';
import type { Panels } from './panels.ts';
import type { ReviewPanel } from './review-panel.tsx';
import { shortcutFor } from './shortcuts.ts';
import { tagKeys, type Tagging } from './tagging.ts';
import type { Undo } from './undo.ts';

export interface EditorAbilities {
  canEdit: Accessor<boolean>;
  canTag: Accessor<boolean>;
  canReview: Accessor<boolean>;
}

export interface CommandDeps {
  can: EditorAbilities;
  lines: LineEditors;
  focus: LineFocus;
  operations: LineOperations;
  tagging: Tagging;
  review: ReviewPanel;
  undo: Undo;
  panels: Panels;
  nav: PageNavigation;
  announcer: Announcer;
}

/** The keys of a line field; the ones handled go no further. */
export function createLineKeyHandler(deps: CommandDeps) {
  const { can, lines, focus, operations: ops, tagging, review, undo, panels } = deps;
  const { announce } = deps.announcer;
  return function onLineKeyDown(ev: KeyboardEvent, segmentId: number, column: Column) {
    const action = shortcutFor(ev);
    if (!action) return;
    const ed = lines.get(segmentId);
    if (!ed) return;
    const editing = can.canEdit();
    const handled = (): true => {
      ev.preventDefault();
      ev.stopPropagation();
      return true;
    };
    switch (action) {
      case 'nextLine':
        handled();
        focus.move(segmentId, column, 1);
        return;
      case 'prevLine':
        handled();
        focus.move(segmentId, column, -1);
        return;
      case 'switchPane':
      case 'switchPaneBack':
        handled();
        focus.cyclePane(segmentId, column, action === 'switchPaneBack');
        return;
      case 'save':
        handled();
        void ed.flush();
        return;
      case 'acceptLine':
        handled();
        if (editing) void ops.acceptLine(ed, column);
        return;
      case 'markReviewed':
      case 'approveLine':
        handled();
        if (can.canReview()) void review.approveLine(ed);
        else announce(t('review.notAllowed'));
        return;
      case 'returnLine':
        handled();
        if (can.canReview()) review.startReturn({ scope: 'line', segmentId });
        else announce(t('review.notAllowed'));
        return;
      case 'toggleOcr':
        handled();
        panels.toggleOcr(segmentId);
        return;
      case 'insertOcr':
        handled();
        if (editing) ops.insertOcr(ed);
        return;
      case 'history':
        handled();
        panels.toggleHistory(segmentId);
        return;
      case 'split':
        handled();
        if (editing) void ops.split(ed, column);
        return;
      case 'merge':
        handled();
        if (editing) void ops.merge(ed);
        return;
      case 'deleteLine':
        handled();
        if (editing) void ops.remove(ed);
        return;
      case 'newLine':
        handled();
        if (editing) ops.addBelow(ed);
        return;
      case 'undoAction':
        handled();
        void undo.undoLast();
        return;
      case 'untag': {
        handled();
        const m = tagging.mentionAt(segmentId, column, false);
        if (m && can.canTag()) void tagging.untag(m);
        else announce(t('tagging.noneHere'));
        return;
      }
      case 'acceptSuggestion':
      case 'rejectSuggestion': {
        handled();
        const m = tagging.mentionAt(segmentId, column, true);
        if (m && can.canTag()) void tagging.decide(m, action === 'acceptSuggestion' ? 'accept' : 'reject');
        else announce(t('tagging.noSuggestion'));
        return;
      }
      case 'nextMatch':
      case 'prevMatch': {
        // Only while register entries are offered for this line; otherwise the key is not ours.
        if (tagging.offer.state()?.segmentId !== segmentId) return;
        handled();
        tagging.offer.move(action === 'nextMatch' ? 1 : -1);
        return;
      }
      case 'linkEntry':
      case 'newEntry': {
        handled();
        if (tagging.offer.state()?.segmentId === segmentId) {
          if (action === 'linkEntry') void tagging.offer.linkHighlighted();
          else tagging.offer.startCreate();
          return;
        }
        // Nothing offered here: offer the entries for the tag at the cursor.
        const m = tagging.mentionAt(segmentId, column, false);
        if (m && can.canTag()) void tagging.offer.open(m, { create: action === 'newEntry' });
        else announce(t('tagging.noneHere'));
        return;
      }
      case 'close':
        if (tagging.offer.state()?.segmentId !== segmentId) return;
        handled();
        tagging.offer.close();
        return;
      default: {
        const kind = tagKeys[action];
        if (kind) {
          handled();
          if (can.canTag()) void tagging.tagSelection(segmentId, column, kind);
        }
      }
    }
  };
}

/** Keys that work anywhere on the page (the line fields stop the ones they handle). */
export function installPageKeys(deps: Pick<CommandDeps, 'focus' | 'undo' | 'panels' | 'nav'>) {
  const { focus, undo, panels, nav } = deps;
  onMount(() => {
    const onKey = (ev: KeyboardEvent) => {
      const action = shortcutFor(ev);
      const typing = ev.target instanceof HTMLTextAreaElement || ev.target instanceof HTMLInputElement;
      if (action === 'help' || (!typing && ev.key === '?' && !ev.ctrlKey && !ev.altKey)) {
        ev.preventDefault();
        panels.setHelpOpen(true);
      } else if (action === 'nextPage' || action === 'prevPage') {
        ev.preventDefault();
        nav.goToPage(nav.pageNo() + (action === 'nextPage' ? 1 : -1));
      } else if (action === 'switchPane' || action === 'switchPaneBack') {
        ev.preventDefault();
        const inScan = focus.inScan(ev.target as Node);
        focus.cyclePane(focus.activeId(), inScan ? 'scan' : 'translation', action === 'switchPaneBack');
      } else if (action === 'undoAction') {
        ev.preventDefault();
        void undo.undoLast();
      } else if (action === 'close' && panels.drawing()) {
        panels.setDrawing(false);
      }
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });
}
