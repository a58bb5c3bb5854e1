// The editing state of one line: what the server last confirmed, what the user has typed,
// and the save cycle between them (debounced autosave, one request in flight at a time,
// conflict on a stale version, retry when offline). Lives outside components so the
// editor of issue 4 (keyboard moves, split/merge, undo) can drive it too.
import { batch, createSignal, type Accessor } from 'solid-js';
import { ApiError, saveSegment, type Segment, type SegmentChange } from '../api.ts';
import { clearDraft, readDraft, sameContent, writeDraft } from './drafts.ts';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'conflict' | 'offline' | 'error';

export interface Conflict {
  /** The segment as the server has it now (someone else's change). */
  current: Segment;
  /** The version this user's edit started from (for a three-way merge). */
  base: Segment;
  message: string;
}

export interface SegmentEditor {
  id: number;
  server: Accessor<Segment>;
  text: Accessor<string>;
  translation: Accessor<string>;
  state: Accessor<SaveState>;
  conflict: Accessor<Conflict | null>;
  /** Human message of the last failed save (server's message, or empty for a generic one). */
  error: Accessor<ApiError | null>;
  setText(v: string): void;
  setTranslation(v: string): void;
  /** Save now (blur, Ctrl+Enter). */
  flush(): Promise<void>;
  /** Conflict: save what is in the fields on top of the server's current version. */
  keepMine(): Promise<void>;
  /** Conflict: replace the fields with the server's current text. */
  takeTheirs(): void;
  /** Conflict: save this merged text and translation on top of the server's current version. */
  saveMerged(text: string, translation: string): Promise<void>;
  /** Save pending text, then set the line's status; false when the text could not be saved
   *  first (conflict, offline), throws an ApiError when the status change itself was refused. */
  setStatus(status: 'corrected' | 'translated' | 'reviewed'): Promise<boolean>;
  /** Newer data fetched from the server (another user's save, a refetch). */
  receive(s: Segment): void;
  hasUnsaved(): boolean;
  dispose(): void;
}

const AUTOSAVE_MS = 800;
const RETRY_MAX_MS = 30000;

export function createSegmentEditor(initial: Segment): SegmentEditor {
  const id = initial.id;
  const [server, setServer] = createSignal(initial);
  const [text, setTextSig] = createSignal(initial.text);
  const [translation, setTranslationSig] = createSignal(initial.translation);
  const [state, setState] = createSignal<SaveState>('saved');
  const [conflict, setConflict] = createSignal<Conflict | null>(null);
  const [error, setError] = createSignal<ApiError | null>(null);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = 2000;
  let inFlight: Promise<void> | null = null;
  let again = false;
  let disposed = false;

  const changed = () => text() !== server().text || translation() !== server().translation;

  function persistDraft() {
    if (!changed()) {
      clearDraft(id);
      return;
    }
    writeDraft(id, {
      baseVersion: server().version,
      text: text(),
      translation: translation(),
      at: Date.now(),
    });
  }

  function schedule(ms = AUTOSAVE_MS) {
    clearTimeout(timer);
    if (disposed) return;
    timer = setTimeout(() => void flush(), ms);
  }

  function edited() {
    persistDraft();
    if (state() === 'conflict') return; // the user resolves first; nothing is sent meanwhile
    if (!changed()) {
      clearTimeout(timer);
      if (!inFlight) setState('saved');
      return;
    }
    setState('dirty');
    schedule();
  }

  async function send(): Promise<void> {
    const base = server();
    const sentText = text();
    const sentTranslation = translation();
    const change: SegmentChange = { version: base.version };
    if (sentText !== base.text) change.text = sentText;
    if (sentTranslation !== base.translation) change.translation = sentTranslation;
    if (change.text === undefined && change.translation === undefined) {
      clearDraft(id);
      setState('saved');
      return;
    }
    setState('saving');
    try {
      const result = await saveSegment(id, change);
      if (result.kind === 'conflict') {
        batch(() => {
          setConflict({ current: result.current, base, message: result.message });
          setState('conflict');
        });
        return;
      }
      retryDelay = 2000;
      batch(() => {
        setServer(result.segment);
        setError(null);
        if (changed()) {
          // typed on while the request was out: keep the draft, save again
          persistDraft();
          setState('dirty');
          schedule();
        } else {
          clearDraft(id);
          setState('saved');
        }
      });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'network', '');
      setError(e);
      // Network trouble and server errors are retried; a refusal (400/403/...) is not.
      const transient = e.status === 0 || e.status >= 500 || e.status === 429;
      setState(e.status === 0 ? 'offline' : 'error');
      if (transient) {
        schedule(retryDelay);
        retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
      }
    }
  }

  async function flush(): Promise<void> {
    clearTimeout(timer);
    if (state() === 'conflict') return;
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        await send();
      } while (again && state() !== 'conflict' && !disposed);
    })();
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
  }

  // A draft left from an earlier session comes back into the fields.
  const draft = readDraft(id);
  if (draft && !sameContent(initial, draft)) {
    batch(() => {
      setTextSig(draft.text);
      setTranslationSig(draft.translation);
      if (draft.baseVersion === initial.version) {
        setState('dirty');
      } else {
        // The line changed on the server since the draft was made: the user decides.
        setConflict({ current: initial, base: { ...initial, text: '', translation: '' }, message: '' });
        setState('conflict');
      }
    });
    if (state() === 'dirty') schedule();
  } else if (draft) {
    clearDraft(id);
  }

  return {
    id,
    server,
    text,
    translation,
    state,
    conflict,
    error,
    setText(v) {
      setTextSig(v);
      edited();
    },
    setTranslation(v) {
      setTranslationSig(v);
      edited();
    },
    flush,
    async keepMine() {
      const c = conflict();
      if (!c) return;
      batch(() => {
        setServer(c.current);
        setConflict(null);
        setState('dirty');
      });
      persistDraft();
      await flush();
    },
    takeTheirs() {
      const c = conflict();
      if (!c) return;
      batch(() => {
        setServer(c.current);
        setTextSig(c.current.text);
        setTranslationSig(c.current.translation);
        setConflict(null);
        setState('saved');
      });
      clearDraft(id);
    },
    async saveMerged(mergedText, mergedTranslation) {
      const c = conflict();
      if (!c) return;
      batch(() => {
        setServer(c.current);
        setTextSig(mergedText);
        setTranslationSig(mergedTranslation);
        setConflict(null);
        setState('dirty');
      });
      persistDraft();
      await flush();
    },
    async setStatus(status) {
      await flush();
      if (state() !== 'saved') return false;
      if (server().status === status) return true;
      setState('saving');
      try {
        const result = await saveSegment(id, { version: server().version, status });
        if (result.kind === 'conflict') {
          batch(() => {
            setConflict({ current: result.current, base: server(), message: result.message });
            setState('conflict');
          });
          return false;
        }
        batch(() => {
          setServer(result.segment);
          setError(null);
          setState(changed() ? 'dirty' : 'saved');
        });
        if (changed()) schedule();
        return true;
      } catch (err) {
        // The text is saved; only the status change was refused or failed. The caller says why.
        setState(changed() ? 'dirty' : 'saved');
        throw err instanceof ApiError ? err : new ApiError(0, 'network', '');
      }
    },
    receive(s) {
      if (s.id !== id || s.version <= server().version) return;
      const open = conflict();
      if (open) {
        // Still undecided and the line moved on again: compare against the newest.
        if (s.version > open.current.version) setConflict({ ...open, current: s });
        return;
      }
      if (state() === 'saved' && !inFlight) {
        batch(() => {
          setServer(s);
          setTextSig(s.text);
          setTranslationSig(s.translation);
        });
      } else if (!inFlight) {
        // Someone else saved while this user has unsaved work: show both.
        batch(() => {
          setConflict({ current: s, base: server(), message: '' });
          setState('conflict');
        });
      }
    },
    hasUnsaved() {
      return state() !== 'saved';
    },
    dispose() {
      // Leaving the page: send what is pending (the draft stays stored until it is accepted).
      if (state() === 'dirty') void flush();
      disposed = true;
      clearTimeout(timer);
    },
  };
}
