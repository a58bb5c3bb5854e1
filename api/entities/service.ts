/**
 * The register's state changes: seeding, create, rename/edit, merge. Each runs in one
 * transaction with its audit event; ids and field names go into the audit payload, never names.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client';
import { getEntity, getVisibleEntity, listLiveEntities, visibleEntityIds, type RegisterViewer } from '../../db/queries/entities';
import { collectionOfDocument } from '../../db/queries/documents';
import type { SessionUser } from '../../db/queries/users';
import { documents, entities, mentions, type EntityAttributes, type EntityKind } from '../../db/schema';
import { appendAudit } from '../audit/chain';
import { auditEvent } from '../audit/events';
import { assertCan } from '../auth/permissions';
import { AppError, notFound } from '../lib/errors';
import { normalizeArabic } from '../text/arabic';
import { cleanName } from '../text/names';
import { SuggestionEngine, type RegisterEntry } from '../text/suggest';
import { RegisterMatcher } from './register-match';
import { registerSeed } from './register-seed';

const seeded = new WeakSet<object>();

/**
 * Inserts the seeded units and places once per database (idempotent by `seedKey`, so a seed
 * entry renamed or merged by a user is never re-created). Cheap after the first call per process.
 */
export async function ensureRegisterSeeded(db: Executor): Promise<void> {
  if (seeded.has(db)) return;
  await db.transaction(async (tx) => {
    const rows = await tx
      .insert(entities)
      .values(
        registerSeed.map((s) => ({
          kind: s.kind,
          canonicalAr: s.canonicalAr,
          canonicalEn: s.canonicalEn,
          aliasesAr: s.aliasesAr,
          aliasesEn: s.aliasesEn,
          attributes: s.attributes ?? {},
          normKey: normalizeArabic(s.canonicalAr),
          seedKey: s.seedKey,
        })),
      )
      .onConflictDoNothing({ target: entities.seedKey })
      .returning({ id: entities.id });
    if (rows.length) await appendAudit(tx, auditEvent('entity.seeded', null, { count: rows.length }));
  });
  seeded.add(db);
}

/**
 * What is built from the whole register — the suggestion engine, the matcher that offers entries
 * for a tag, and each entry's English forms — by register state. Building reads every live entity
 * (tens of thousands of people in a large archive), so all are reused until the register changes:
 * the key (`version`) is the count, highest id and latest change of the entities table (every
 * create, rename, alias change and merge moves one of them). Whoever keeps something derived
 * from the register (the translation memory) compares `version` to follow it without a restart.
 */
export type RegisterState = {
  version: string;
  engine: SuggestionEngine;
  matcher: RegisterMatcher;
  /** English forms of a live entry: canonical form first, then its aliases; [] for an unknown id. */
  englishForms: (entityId: number | string) => string[];
  /** Live entries by id, as read (to tell which changed between two versions). */
  entries: ReadonlyMap<number, { kind: EntityKind; canonicalAr: string; aliasesAr: string[]; canonicalEn: string; aliasesEn: string[] }>;
};

const builtFromRegister = new Map<string, RegisterState>();

/** The register as it is now (built once per version; see `RegisterState`). */
export async function loadRegister(db: Executor): Promise<RegisterState> {
  await ensureRegisterSeeded(db);
  const [stamp] = await db
    .select({
      db: sql<string>`current_database()`,
      n: sql<number>`count(*)::int`,
      maxId: sql<number | null>`max(${entities.id})`,
      changed: sql<string | null>`max(${entities.updatedAt})::text`,
    })
    .from(entities);
  const key = `${stamp?.db}|${stamp?.n}|${stamp?.maxId}|${stamp?.changed}`;
  const cached = builtFromRegister.get(key);
  if (cached) return cached;
  const rows = await listLiveEntities(db);
  const registerEntries: RegisterEntry[] = rows
    .filter((r): r is typeof r & { kind: Exclude<EntityKind, 'date'> } => r.kind !== 'date')
    .map((r) => ({ id: r.id, kind: r.kind, canonicalEn: r.canonicalEn, names: [r.canonicalAr, ...r.aliasesAr] }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const built: RegisterState = {
    version: key,
    engine: new SuggestionEngine(registerEntries),
    matcher: new RegisterMatcher(rows),
    englishForms: (id) => {
      const row = byId.get(Number(id));
      return row ? [row.canonicalEn, ...row.aliasesEn].filter(Boolean) : [];
    },
    entries: byId,
  };
  builtFromRegister.set(key, built);
  while (builtFromRegister.size > 4) builtFromRegister.delete(builtFromRegister.keys().next().value!);
  return built;
}

/** The suggestion engine over the live register (seed, plus everything users added). */
export async function loadSuggestionEngine(db: Executor): Promise<SuggestionEngine> {
  return (await loadRegister(db)).engine;
}

/** The matcher over the live register, for the entries a tag may be (api/entities/register-match.ts). */
export async function loadRegisterMatcher(db: Executor): Promise<RegisterMatcher> {
  return (await loadRegister(db)).matcher;
}

/**
 * Which of these register entries (ids found in free text by `SuggestionEngine.registerIdsIn`)
 * this viewer may not see (`entityVisibleTo`, through `visibleEntityIds`), as the `hidden` test of
 * `SuggestionEngine.annotate`: the engine then finds what it would find if those entries were not
 * in the register, so that free text (a suggestion, a pre-translation, an annotation) cannot be
 * used to read a person's English name, or to learn whether the register holds them. An id not
 * among those asked about counts as hidden (the register changed between asking and annotating).
 * A tag stored on a document is read by all of its readers: it is suggested with
 * `{ readersOfCollection }` of the document's collection (`hiddenForDocument`), not as whoever
 * caused it, and when no one did (OCR, an imported transcription) there is no user to ask.
 */
export async function hiddenRegisterEntries(db: Executor, viewer: RegisterViewer, ids: Iterable<number | string>): Promise<(entityId: number | string) => boolean> {
  const asked = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
  const visible = asked.length ? await visibleEntityIds(db, viewer, asked) : new Set<number>();
  return (id) => !(typeof id === 'number' && visible.has(id));
}

/**
 * `hiddenRegisterEntries` for tags stored on a document's lines: what all readers of the
 * document's collection could see anyway. A document that cannot be found hides every entry.
 */
export async function hiddenForDocument(db: Executor, documentId: number, ids: Iterable<number | string>): Promise<(entityId: number | string) => boolean> {
  const collectionId = await collectionOfDocument(db, documentId);
  if (collectionId === undefined) return () => true;
  return hiddenRegisterEntries(db, { readersOfCollection: collectionId }, ids);
}

export type EntityInput = {
  kind: EntityKind;
  canonicalAr: string;
  canonicalEn?: string;
  aliasesAr?: string[];
  aliasesEn?: string[];
  attributes?: EntityAttributes;
};

// Names: NFC, no bidi controls that could reorder the UI around them (api/text/names.ts).
const clean = cleanName;
const uniq = (list: string[], without: string[] = []) => {
  const skip = new Set(without.map((w) => w.toLowerCase()));
  const out: string[] = [];
  for (const raw of list) {
    const s = clean(raw);
    if (s && !skip.has(s.toLowerCase()) && !out.some((o) => o.toLowerCase() === s.toLowerCase())) out.push(s);
  }
  return out;
};

export async function createEntity(db: Executor, user: SessionUser, input: EntityInput) {
  const id = await db.transaction((tx) => insertEntity(tx, user, input));
  return (await getEntity(db, id))!;
}

/** Inserts an entity with its audit event inside the caller's transaction; returns its id. */
export async function insertEntity(tx: Executor, user: SessionUser, input: EntityInput): Promise<number> {
  assertCan(user, 'entity.edit');
  const canonicalAr = clean(input.canonicalAr);
  if (!canonicalAr) throw new AppError(400, 'invalid_entity', 'An entity needs its Arabic name.');
  const canonicalEn = clean(input.canonicalEn ?? '');
  {
    const [row] = await tx
      .insert(entities)
      .values({
        kind: input.kind,
        canonicalAr,
        canonicalEn,
        aliasesAr: uniq(input.aliasesAr ?? [], [canonicalAr]),
        aliasesEn: uniq(input.aliasesEn ?? [], [canonicalEn]),
        attributes: input.attributes ?? {},
        normKey: normalizeArabic(canonicalAr),
        createdBy: user.id,
      })
      .returning({ id: entities.id });
    await appendAudit(tx, auditEvent('entity.created', user.id, { kind: input.kind }, { type: 'entity', id: row!.id }));
    return row!.id;
  }
}

export type EntityPatch = Partial<Omit<EntityInput, 'kind'>> & { kind?: EntityKind };

/**
 * Rename or edit. A renamed entity keeps its old canonical forms as aliases, so text that used
 * the old spelling still matches and search still finds it.
 */
export async function updateEntity(db: Executor, user: SessionUser, id: number, patch: EntityPatch) {
  assertCan(user, 'entity.edit');
  await db.transaction(async (tx) => {
    const current = await lockEntity(tx, id);
    const canonicalAr = patch.canonicalAr === undefined ? current.canonicalAr : clean(patch.canonicalAr);
    const canonicalEn = patch.canonicalEn === undefined ? current.canonicalEn : clean(patch.canonicalEn);
    if (!canonicalAr) throw new AppError(400, 'invalid_entity', 'An entity needs its Arabic name.');
    const aliasesAr = uniq([...(patch.aliasesAr ?? current.aliasesAr), ...(canonicalAr !== current.canonicalAr ? [current.canonicalAr] : [])], [canonicalAr]);
    const aliasesEn = uniq([...(patch.aliasesEn ?? current.aliasesEn), ...(canonicalEn !== current.canonicalEn && current.canonicalEn ? [current.canonicalEn] : [])], [canonicalEn]);
    const next = {
      kind: patch.kind ?? current.kind,
      canonicalAr,
      canonicalEn,
      aliasesAr,
      aliasesEn,
      attributes: patch.attributes === undefined ? current.attributes : dropEmpty({ ...current.attributes, ...patch.attributes }),
    };
    const fields = (Object.keys(next) as Array<keyof typeof next>).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(current[k]));
    if (fields.length === 0) return;
    await tx
      .update(entities)
      .set({ ...next, normKey: normalizeArabic(canonicalAr), updatedAt: new Date() })
      .where(eq(entities.id, id));
    if (next.kind !== current.kind || next.canonicalEn !== current.canonicalEn) {
      // Tags carry the entity's kind, and its English form as their normalized value.
      await tx.update(mentions).set({ kind: next.kind, normalized: next.canonicalEn || null, updatedAt: new Date() }).where(eq(mentions.entityId, id));
    }
    await appendAudit(tx, auditEvent('entity.updated', user.id, { fields }, { type: 'entity', id }));
  });
  return (await getEntity(db, id))!;
}

/**
 * Merges `fromId` into `intoId`: the survivor gains the other's canonical forms and aliases
 * (and attributes it lacks), every mention moves over, and the merged row stays as a pointer
 * (`mergedIntoId`) so old links resolve.
 */
export async function mergeEntities(db: Executor, user: SessionUser, fromId: number, intoId: number) {
  assertCan(user, 'entity.merge');
  if (fromId === intoId) throw new AppError(400, 'invalid_merge', 'An entity cannot be merged into itself.');
  const moved = await db.transaction(async (tx) => {
    // Lock in id order so two opposite merges cannot deadlock.
    const [a, b] = fromId < intoId ? [fromId, intoId] : [intoId, fromId];
    const first = await lockEntity(tx, a);
    const second = await lockEntity(tx, b);
    const from = first.id === fromId ? first : second;
    const into = first.id === intoId ? first : second;
    if (from.kind !== into.kind) {
      throw new AppError(400, 'invalid_merge', `A ${from.kind} cannot be merged into a ${into.kind}. Change its kind first if it was filed wrongly.`);
    }
    const aliasesAr = uniq([...into.aliasesAr, from.canonicalAr, ...from.aliasesAr], [into.canonicalAr]);
    const aliasesEn = uniq([...into.aliasesEn, from.canonicalEn, ...from.aliasesEn], [into.canonicalEn]);
    await tx
      .update(entities)
      .set({ aliasesAr, aliasesEn, attributes: { ...from.attributes, ...into.attributes }, canonicalEn: into.canonicalEn || from.canonicalEn, updatedAt: new Date() })
      .where(eq(entities.id, intoId));
    const survivorEn = into.canonicalEn || from.canonicalEn;
    const movedRows = await tx
      .update(mentions)
      .set({ entityId: intoId, normalized: survivorEn || null, updatedAt: new Date() })
      .where(eq(mentions.entityId, fromId))
      .returning({ id: mentions.id });
    await tx.update(entities).set({ mergedIntoId: intoId, updatedAt: new Date() }).where(eq(entities.id, fromId));
    // Entities merged into `from` earlier now point at the survivor directly.
    await tx.update(entities).set({ mergedIntoId: intoId }).where(eq(entities.mergedIntoId, fromId));
    await appendAudit(tx, auditEvent('entity.merged', user.id, { fromId, intoId, mentionsMoved: movedRows.length }, { type: 'entity', id: intoId }));
    return movedRows.length;
  });
  return { entity: (await getEntity(db, intoId))!, mentionsMoved: moved };
}

async function lockEntity(tx: Tx, id: number) {
  const [row] = await tx.select().from(entities).where(eq(entities.id, id)).for('update');
  if (!row) throw notFound('The entity');
  if (row.mergedIntoId !== null) {
    throw new AppError(409, 'entity_merged', `This entity was merged into entity ${row.mergedIntoId}; work on that one.`, { mergedIntoId: row.mergedIntoId });
  }
  return row;
}

/**
 * A live entity for tagging (merged ones are followed to their survivor), if this user may see
 * both the one named and the survivor; otherwise 404, the same answer as for an id that does not
 * exist, so that tagging cannot be used to learn which people are in the register.
 */
export async function resolveLiveEntity(tx: Executor, user: SessionUser, id: number) {
  let current = id;
  for (let hops = 0; hops < 10; hops++) {
    const row = await getVisibleEntity(tx, user, current);
    if (!row) throw notFound('The entity');
    if (row.mergedIntoId === null) return row;
    current = row.mergedIntoId;
  }
  throw new AppError(500, 'merge_cycle', 'The register has a merge cycle; tell an administrator.');
}

/** Entities whose canonical Arabic folds to the same key: a warning for the UI before it creates a duplicate. */
export async function findSameName(db: Executor, kind: EntityKind, canonicalAr: string) {
  return db
    .select({ id: entities.id })
    .from(entities)
    .where(and(eq(entities.kind, kind), eq(entities.normKey, normalizeArabic(clean(canonicalAr))), isNull(entities.mergedIntoId)))
    .orderBy(sql`${entities.id}`);
}

function dropEmpty(a: EntityAttributes): EntityAttributes {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined && v !== null && v !== '')) as EntityAttributes;
}
