/**
 * The server's translation memory: one `TranslationMemory` per database per process, filled
 * from the confirmed lines of every collection and the imported TMX units, and kept current by
 * reading what changed since it last looked (segments by `updated_at`, with a margin for
 * transactions that committed late; units by id). Readers only ever get entries of the
 * collections `readableBy` lets them read: the filter is applied to every candidate.
 */
import type { Db, Executor } from '../../db/client';
import { importedUnitsAfter, memoryLinesSince, readableCollectionIds } from '../../db/queries/translation-memory';
import type { SessionUser } from '../../db/queries/users';
import { hiddenRegisterEntries, loadRegister, type RegisterState } from '../entities/service';
import { TranslationMemory, type TranslationSuggestion } from './memory';

/** How far back each refresh looks again, for transactions that committed after a later one. */
const lateCommitMarginMs = 30_000;
/**
 * Refresh at most this often; a suggestion may miss a line confirmed in the last moment, except
 * for what this process announced with `memoryChanged`.
 */
const refreshEveryMs = 500;

type State = {
  memory: TranslationMemory;
  /** The register version the memory reads with. */
  register: RegisterState;
  seenUntil: Date | null;
  lastUnitId: number;
  refreshedAt: number;
  refreshing: Promise<void> | null;
  /** `changes` of this database when the last refresh began. */
  changesSeen: number;
};

const states = new WeakMap<object, Promise<State>>();
/** Per database: how many times this process said it wrote what the memory holds (`memoryChanged`). */
const changes = new WeakMap<object, number>();

/**
 * Call after committing a write the memory must show at once (a TMX import, a line confirmed): the next suggestion
 * refreshes first instead of up to `refreshEveryMs` later, so a unit just imported is suggested.
 */
export function memoryChanged(db: Executor): void {
  changes.set(db, (changes.get(db) ?? 0) + 1);
}

/** English aliases of an entry (its forms after the canonical one). */
const aliasesIn = (register: RegisterState) => (id: number | string) => register.englishForms(id).slice(1);

async function build(db: Db): Promise<State> {
  const register = await loadRegister(db);
  const memory = new TranslationMemory({ engine: register.engine, aliasesOf: aliasesIn(register) });
  const state: State = { memory, register, seenUntil: null, lastUnitId: 0, refreshedAt: 0, refreshing: null, changesSeen: 0 };
  await refresh(db, state);
  return state;
}

async function refresh(db: Executor, state: State) {
  // Before reading: a change announced while this refresh reads may not be in what it reads.
  state.changesSeen = changes.get(db) ?? 0;
  const since = state.seenUntil ? new Date(state.seenUntil.getTime() - lateCommitMarginMs) : null;
  for (const row of await memoryLinesSince(db, since)) {
    const key = `segment:${row.id}`;
    if (row.confirmed) {
      state.memory.add({ source: row.text, target: row.translation, previous: row.previous ?? undefined, origin: { kind: 'segment', id: row.id, collectionId: row.collectionId, documentId: row.documentId }, updatedAt: row.updatedAt.getTime() });
    } else state.memory.remove(key);
    if (!state.seenUntil || row.updatedAt > state.seenUntil) state.seenUntil = row.updatedAt;
  }
  for (const u of await importedUnitsAfter(db, state.lastUnitId)) {
    state.memory.add({ source: u.source, target: u.target, origin: { kind: 'imported', id: u.id, collectionId: u.collectionId }, updatedAt: (u.changedAt ?? u.importedAt).getTime() });
    state.lastUnitId = u.id;
  }
  state.refreshedAt = Date.now();
}

/** The memory of this database, current to within `refreshEveryMs`. */
export async function translationMemory(db: Db): Promise<TranslationMemory> {
  let pending = states.get(db);
  if (!pending) {
    pending = build(db);
    states.set(db, pending);
    pending.catch(() => states.delete(db));
  }
  const state = await pending;
  // The register as it is now (a unit added, a person renamed, an alias added, two entries
  // merged), for new lines and for the entries it touches: no restart needed. Before the
  // refresh, so that lines confirmed since are read with it once.
  const register = await loadRegister(db);
  if (register !== state.register) {
    if (register.version !== state.register.version) state.memory.followRegister(register.engine, aliasesIn(register), registerChanges(state.register, register));
    state.register = register;
  }
  // Twice at most: a refresh already under way may have begun before the change it is awaited for.
  for (let i = 0; i < 2 && (Date.now() - state.refreshedAt > refreshEveryMs || state.changesSeen !== (changes.get(db) ?? 0)); i++) {
    state.refreshing ??= refresh(db, state).finally(() => (state.refreshing = null));
    await state.refreshing;
  }
  return state.memory;
}

/** Entries changed, merged away or created between two register versions, and the Arabic names of those live in the newer. */
function registerChanges(before: RegisterState, after: RegisterState): { ids: number[]; names: string[] } {
  const ids: number[] = [];
  const names: string[] = [];
  for (const [id, now] of after.entries) {
    const was = before.entries.get(id);
    if (was && JSON.stringify(was) === JSON.stringify(now)) continue;
    ids.push(id);
    names.push(now.canonicalAr, ...now.aliasesAr);
  }
  for (const id of before.entries.keys()) if (!after.entries.has(id)) ids.push(id);
  return { ids, names };
}

/**
 * Which register entries in these lines `user` may not see, for `suggest`'s `hidden` (one
 * visibility rule: `entityVisibleTo`). Ids the memory's register did not report for these lines
 * (it changed meanwhile) count as hidden.
 */
export async function hiddenForUser(db: Db, user: SessionUser, memory: TranslationMemory, lines: string[]) {
  return hiddenRegisterEntries(db, user, lines.flatMap((l) => memory.registerIdsIn(l)));
}

/** Suggestion for one line, from entries this user may read, with register entries they may see. */
export async function suggestForUser(db: Db, user: SessionUser, text: string, opts: { previous?: string; segmentId?: number } = {}): Promise<TranslationSuggestion | null> {
  const memory = await translationMemory(db);
  const readable = await readableCollectionIds(db, user);
  const hidden = await hiddenForUser(db, user, memory, [text]);
  return memory.suggest(text, {
    previous: opts.previous,
    allowed: (c) => c !== null && readable.has(c),
    exclude: opts.segmentId === undefined ? undefined : `segment:${opts.segmentId}`,
    hidden,
  });
}
