/**
 * The server's translation memory: one `TranslationMemory` per database per process, filled
 * from the confirmed lines of every collection and the imported TMX units, and kept current by
 * reading what changed since it last looked (segments by `updated_at`, with a margin for
 * transactions that committed late; units by id). Readers only ever get entries of the
 * collections `readableBy` lets them read: the filter is applied to every candidate.
 */
import type { Db, Executor } from '../../db/client';
import { listLiveEntities } from '../../db/queries/entities';
import { importedUnitsAfter, memoryLinesSince, readableCollectionIds } from '../../db/queries/translation-memory';
import type { SessionUser } from '../../db/queries/users';
import { loadSuggestionEngine } from '../entities/service';
import { SuggestionEngine } from '../text/suggest';
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
  engine: SuggestionEngine;
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
 * Call after committing a write the memory must show at once (a TMX import): the next suggestion
 * refreshes first instead of up to `refreshEveryMs` later, so a unit just imported is suggested.
 */
export function memoryChanged(db: Db): void {
  changes.set(db, (changes.get(db) ?? 0) + 1);
}

async function build(db: Db): Promise<State> {
  const engine = await loadSuggestionEngine(db);
  const live = await listLiveEntities(db);
  const aliases = new Map(live.map((e) => [String(e.id), e.aliasesEn]));
  const entries = live.filter((e) => e.kind !== 'date');
  const entryEngine = new SuggestionEngine(
    entries.map((e) => ({ id: e.id, kind: e.kind as 'person' | 'unit' | 'place' | 'other', canonicalEn: e.canonicalEn, names: [e.canonicalAr, ...e.aliasesAr] })),
    { fuzzyRate: 0 },
  );
  const memory = new TranslationMemory({ engine, entryEngine, aliasesOf: (id) => aliases.get(String(id)) ?? [] });
  const state: State = { memory, engine, seenUntil: null, lastUnitId: 0, refreshedAt: 0, refreshing: null, changesSeen: 0 };
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
  // Twice at most: a refresh already under way may have begun before the change it is awaited for.
  for (let i = 0; i < 2 && (Date.now() - state.refreshedAt > refreshEveryMs || state.changesSeen !== (changes.get(db) ?? 0)); i++) {
    state.refreshing ??= refresh(db, state).finally(() => (state.refreshing = null));
    await state.refreshing;
  }
  // A register that grew since (a new unit, a person registered) is used for new lines at once.
  const engine = await loadSuggestionEngine(db);
  if (engine !== state.engine) {
    state.engine = engine;
    state.memory.setEngine(engine);
  }
  return state.memory;
}

/** Suggestion for one line, from entries this user may read. */
export async function suggestForUser(db: Db, user: SessionUser, text: string, opts: { previous?: string; segmentId?: number } = {}): Promise<TranslationSuggestion | null> {
  const memory = await translationMemory(db);
  const readable = await readableCollectionIds(db, user);
  return memory.suggest(text, { previous: opts.previous, allowed: (c) => c !== null && readable.has(c), exclude: opts.segmentId === undefined ? undefined : `segment:${opts.segmentId}` });
}
