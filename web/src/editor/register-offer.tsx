// Tags reach the register (issue 13): when a person tags a name, place or unit, or accepts such a
// suggestion, the register entries it may be are offered beside the line's tags — Arabic and
// English forms and how often each is already tagged — with a new entry drafted from the line
// (GET /api/mentions/{id}/matches). One key links the highlighted entry, another opens the new
// entry's Arabic and English forms to correct and create; the mouse can do the same.
//
// The keys work from the line field (commands.ts), so the cursor stays in the text while the
// offer is read out; only the new entry's form takes the focus, and gives it back to the line
// when it is sent or closed.
import { createEffect, createSignal, For, onMount, Show, type Accessor } from 'solid-js';
import { getRegisterMatches, linkMention, setMentionEntry, type Mention, type RegisterMatch, type RegisterMatches } from '../api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { formatNumber, t } from '../i18n.ts';
import type { Announcer } from './announcer.tsx';
import type { LineEditors } from './line-editors.ts';
import type { LineFocus } from './line-focus.ts';
import type { MentionStore } from './mention-store.ts';
import { shortcutFor, shortcutLabel } from './shortcuts.ts';
import type { Undo } from './undo.ts';

export interface OfferState {
  mentionId: number;
  segmentId: number;
  /** What the server offered; undefined while it is asked. */
  found?: RegisterMatches;
  /** Index into `found.matches` of the entry the link key takes. */
  highlighted: number;
  /** The new entry's form is open. */
  creating: boolean;
}

export interface RegisterOffer {
  state: Accessor<OfferState | undefined>;
  /** The offered tag as the line's tags now have it. */
  mention: Accessor<Mention | undefined>;
  /** Offers the entries a tag (not a date) may be; `create` opens the new entry's form at once. */
  open(m: Mention, opts?: { create?: boolean }): Promise<void>;
  close(): void;
  /** Moves the highlight through the matches (wrapping). */
  move(delta: 1 | -1): void;
  /** Links the tag to the highlighted match. */
  linkHighlighted(): Promise<void>;
  link(match: RegisterMatch): Promise<void>;
  startCreate(): void;
  cancelCreate(): void;
  create(forms: { canonicalAr: string; canonicalEn: string }): Promise<void>;
}

/**
 * Names inside a sentence of the other direction, isolated (FSI…PDI) so that an Arabic name in an
 * English message (or the reverse) does not reorder the words around it when read or shown.
 */
const isolate = (s: string) => `\u2068${s}\u2069`;
/** A key's label, kept left to right (LRI…PDI) inside an Arabic sentence ("Alt+Shift+↓" would turn round). */
const key = (id: Parameters<typeof shortcutLabel>[0]) => `\u2066${shortcutLabel(id)}\u2069`;

/** "Daraa — درعا" (whichever forms the entry has), each form isolated. */
export const entryName = (e: { canonicalAr: string; canonicalEn: string }) =>
  [e.canonicalEn, e.canonicalAr].filter(Boolean).map(isolate).join(' — ');

export function createRegisterOffer(input: {
  store: MentionStore;
  lines: LineEditors;
  focus: LineFocus;
  announcer: Announcer;
  undo: Undo;
  refreshTags: (segmentId: number) => Promise<void>;
}): RegisterOffer {
  const { store, lines, focus, undo, refreshTags } = input;
  const { announce, fail } = input.announcer;
  const [state, setState] = createSignal<OfferState>();
  // Only the newest offer may write its answer.
  let generation = 0;

  const mention = () => {
    const s = state();
    return s && store.forLine(s.segmentId)?.mentions.find((m) => m.id === s.mentionId);
  };
  // The tag went away (removed, its line split or joined): so does its offer.
  createEffect(() => {
    if (state() && !mention()) close();
  });

  /** Closes the offer; the focus, if it was in the offer, goes back to the tag's line. */
  function close() {
    const s = state();
    const column = mention()?.field ?? focus.activeColumn();
    generation++;
    const inside = document.activeElement?.closest('.register-offer');
    setState(undefined);
    if (s && inside && lines.has(s.segmentId)) focus.focusLine(s.segmentId, column);
  }

  function matchLabel(m: RegisterMatch) {
    return t('register.matchLabel', {
      name: entryName(m.entity),
      mentions: t('entities.mentionsShort', { n: formatNumber(m.entity.mentionCount ?? 0), count: m.entity.mentionCount ?? 0 }),
    });
  }

  async function open(m: Mention, opts: { create?: boolean } = {}) {
    if (m.kind === 'date') {
      announce(t('register.datesAreValues'));
      return;
    }
    const gen = ++generation;
    setState({ mentionId: m.id, segmentId: m.segmentId, highlighted: 0, creating: !!opts.create });
    try {
      const found = await getRegisterMatches(m.id);
      if (gen !== generation) return;
      // A person not linkable in this document (restricted) is listed, never proposed first.
      const first = Math.max(0, found.matches.findIndex((x) => !x.restricted));
      setState((s) => s && { ...s, found, highlighted: first });
      if (opts.create) return; // the form takes the focus and says what it is
      const best = found.matches.find((x) => !x.restricted);
      const onlyRestricted = !best && found.matches[0];
      if (onlyRestricted) {
        announce(t('register.restrictedRefused', { name: entryName(onlyRestricted.entity), create: key('newEntry') }));
        return;
      }
      announce(
        best
          ? t('register.offered', {
              text: isolate(m.surface),
              count: found.matches.length,
              n: formatNumber(found.matches.length),
              best: matchLabel(best),
              link: key('linkEntry'),
              create: key('newEntry'),
            })
          : t('register.noMatch', { text: isolate(m.surface), create: key('newEntry') }),
      );
    } catch (err) {
      if (gen !== generation) return;
      setState(undefined);
      fail(err);
    }
  }

  function move(delta: 1 | -1) {
    const s = state();
    const list = s?.found?.matches ?? [];
    if (!s || list.length === 0) return;
    const highlighted = (s.highlighted + delta + list.length) % list.length;
    setState({ ...s, highlighted });
    announce(t('register.highlighted', { match: matchLabel(list[highlighted]!), i: formatNumber(highlighted + 1), n: formatNumber(list.length) }));
  }

  /**
   * Accepts the tag with the entry given, then offers undo: the tag goes back to the entry it had
   * (none, usually). An entry created stays in the register; only the link is undone.
   */
  async function accept(body: Parameters<typeof linkMention>[1], said: (m: Mention) => string) {
    const s = state();
    const m = mention();
    if (!s || !m) return;
    const before = { entityId: m.entityId, normalized: m.normalized };
    const updated = await linkMention(m.id, body);
    store.put(updated);
    close();
    announce(said(updated));
    undo.push({
      label: t('register.undoLink'),
      focus: m.segmentId,
      run: async () => {
        const ed = lines.get(m.segmentId);
        if (ed) await ed.flush();
        const version = ed?.server().version ?? m.segmentVersion;
        store.put(await setMentionEntry(m.id, { segmentVersion: version, ...before }));
        await refreshTags(m.segmentId);
      },
    });
  }

  async function link(match: RegisterMatch) {
    // The server refuses it too (409 restricted_person); said here first, in the UI's language.
    if (match.restricted) {
      announce(t('register.restrictedRefused', { name: entryName(match.entity), create: key('newEntry') }));
      return;
    }
    try {
      await accept({ entityId: match.entity.id }, () => t('register.linked', { text: isolate(mention()?.surface ?? ''), name: entryName(match.entity) }));
    } catch (err) {
      fail(err);
    }
  }

  async function linkHighlighted() {
    const s = state();
    const match = s?.found?.matches[s.highlighted];
    if (!s?.found) return; // still asking; the key is read again once the offer is there
    if (!match) {
      announce(t('register.noMatch', { text: isolate(mention()?.surface ?? ''), create: key('newEntry') }));
      return;
    }
    await link(match);
  }

  async function create(forms: { canonicalAr: string; canonicalEn: string }) {
    // The form shows a failure itself (it stays open with what was typed).
    await accept({ newEntity: { canonicalAr: forms.canonicalAr.trim(), canonicalEn: forms.canonicalEn.trim() } }, (m) =>
      t('register.created', { name: entryName({ canonicalAr: forms.canonicalAr.trim() || m.surface, canonicalEn: forms.canonicalEn.trim() }) }),
    );
  }

  return {
    state,
    mention,
    open,
    close,
    move,
    linkHighlighted,
    link,
    startCreate: () => setState((s) => s && { ...s, creating: true }),
    cancelCreate: () => {
      const s = state();
      if (!s) return;
      setState({ ...s, creating: false });
      if (lines.has(s.segmentId)) focus.focusLine(s.segmentId, mention()?.field ?? focus.activeColumn());
    },
    create,
  };
}

/** The offer under a line's tags: the matches, and the new entry (a button, or its form). */
export function RegisterOfferPanel(props: { offer: RegisterOffer; canTag: boolean }) {
  const o = props.offer;
  const m = () => o.mention();
  const s = () => o.state();
  return (
    <Show when={m() && s()}>
      <section class="register-offer" aria-label={t('register.offerFor', { text: m()!.surface })}>
        <p class="register-offer-head">
          <strong>{t('register.offerHead')}</strong>{' '}
          <span dir="auto" lang={m()!.field === 'text' ? 'ar' : 'en'} class="register-offer-tag">
            {m()!.surface}
          </span>{' '}
          <span class="hint">
            {t('register.keys', {
              move: `\u2066${shortcutLabel('nextMatch')} / ${shortcutLabel('prevMatch')}\u2069`,
              link: key('linkEntry'),
              create: key('newEntry'),
              close: key('close'),
            })}
          </span>
        </p>
        <Show when={s()!.found} fallback={<p class="loading">{t('register.looking')}</p>}>
          {(found) => (
            <>
              <Show when={found().matches.length > 0} fallback={<p class="muted">{t('register.none')}</p>}>
                <ol class="register-matches">
                  <For each={found().matches}>
                    {(match, i) => (
                      <li>
                        <button
                          type="button"
                          class="register-match"
                          classList={{ highlighted: i() === s()!.highlighted, restricted: match.restricted }}
                          aria-current={i() === s()!.highlighted ? 'true' : undefined}
                          disabled={!props.canTag}
                          onClick={() => void o.link(match)}
                        >
                          <span class="register-match-ar" dir="rtl" lang="ar">
                            {match.entity.canonicalAr}
                          </span>
                          <span class="register-match-en" dir="ltr" lang="en">
                            {match.entity.canonicalEn || '—'}
                          </span>
                          <span class="register-match-count">
                            {t('entities.mentionsShort', { n: formatNumber(match.entity.mentionCount ?? 0), count: match.entity.mentionCount ?? 0 })}
                          </span>
                          <span class="badge">{t(`register.how.${match.how}`)}</span>
                          <Show when={match.restricted}>
                            <span class="register-match-restricted">{t('register.restricted')}</span>
                          </Show>
                          <Show when={match.form !== match.entity.canonicalAr && match.form !== match.entity.canonicalEn}>
                            <span class="muted">{t('register.asForm', { form: match.form })}</span>
                          </Show>
                        </button>
                      </li>
                    )}
                  </For>
                </ol>
              </Show>
              <Show
                when={s()!.creating}
                fallback={
                  <div class="register-offer-actions">
                    <button type="button" class="secondary" disabled={!props.canTag} onClick={() => o.startCreate()}>
                      {t('register.newEntry')} <kbd dir="ltr">{shortcutLabel('newEntry')}</kbd>
                    </button>
                    <button type="button" class="link-button" onClick={() => o.close()}>
                      {t('register.dismiss')}
                    </button>
                  </div>
                }
              >
                <NewEntryForm
                  id={`new-entry-${s()!.mentionId}`}
                  kind={m()!.kind}
                  draft={found().newEntry}
                  onCancel={() => o.cancelCreate()}
                  onCreate={(forms) => o.create(forms)}
                />
              </Show>
            </>
          )}
        </Show>
      </section>
    </Show>
  );
}

/** The new entry's Arabic and English forms, drafted from the line, to correct before creating it. */
function NewEntryForm(props: {
  id: string;
  kind: Mention['kind'];
  draft: { canonicalAr: string; canonicalEn: string };
  onCancel: () => void;
  onCreate: (forms: { canonicalAr: string; canonicalEn: string }) => Promise<void>;
}) {
  const [ar, setAr] = createSignal(props.draft.canonicalAr);
  const [en, setEn] = createSignal(props.draft.canonicalEn);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  let arField!: HTMLInputElement;
  let enField!: HTMLInputElement;
  // The form that is missing something takes the cursor there; else the Arabic, to check it.
  onMount(() => (ar().trim() && !en().trim() ? enField : arField).focus());
  return (
    <form
      class="new-entry-form"
      aria-labelledby={`${props.id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (busy()) return;
        if (!ar().trim()) {
          setError(new Error(t('register.needArabic')));
          arField.focus();
          return;
        }
        setBusy(true);
        props
          .onCreate({ canonicalAr: ar(), canonicalEn: en() })
          .catch(setError)
          .finally(() => setBusy(false));
      }}
      onKeyDown={(e) => {
        const action = shortcutFor(e);
        if (action === 'close') {
          e.preventDefault();
          e.stopPropagation();
          props.onCancel();
        } else if (action === 'acceptLine' || action === 'newEntry') {
          // Ctrl+Enter (as in the other forms of the editor) or the key that opened it sends it.
          e.preventDefault();
          e.stopPropagation();
          e.currentTarget.requestSubmit();
        }
      }}
    >
      <p id={`${props.id}-title`} class="new-entry-title">
        {t('register.newEntryTitle', { kind: t(`tagging.kind.${props.kind}`) })}
      </p>
      <label for={`${props.id}-ar`}>{t('register.formAr')}</label>
      <input id={`${props.id}-ar`} ref={arField} dir="rtl" lang="ar" value={ar()} onInput={(e) => setAr(e.currentTarget.value)} />
      <label for={`${props.id}-en`}>{t('register.formEn')}</label>
      <input id={`${props.id}-en`} ref={enField} dir="ltr" lang="en" value={en()} onInput={(e) => setEn(e.currentTarget.value)} />
      <p class="hint">{t('register.formKeys', { send: 'Enter', cancel: key('close') })}</p>
      <div class="register-offer-actions">
        {/* Not `disabled` while busy: a disabled button drops the focus, which goes back to the line after. */}
        <button type="submit" class="primary" aria-disabled={busy()}>
          {t('register.create')}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('review.cancel')}
        </button>
      </div>
      <Show when={error()}>
        <ErrorNotice error={error()} />
      </Show>
    </form>
  );
}
