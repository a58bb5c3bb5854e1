import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, integer, jsonb, pgEnum, pgTable, text, real, timestamp } from 'drizzle-orm/pg-core';
import { documents } from './documents.table';
import { segments } from './segments.table';
import { users } from './users.table';

export const entityKinds = ['person', 'unit', 'place', 'date', 'other'] as const;
export type EntityKind = (typeof entityKinds)[number];
export const entityKindEnum = pgEnum('entity_kind', entityKinds);

export const mentionFields = ['text', 'translation'] as const;
export type MentionField = (typeof mentionFields)[number];
export const mentionFieldEnum = pgEnum('mention_field', mentionFields);

export const mentionStatuses = ['suggested', 'accepted', 'rejected'] as const;
export type MentionStatus = (typeof mentionStatuses)[number];
export const mentionStatusEnum = pgEnum('mention_status', mentionStatuses);

/** Optional facts about a person (or a unit's parent directorate); free-form beyond these. */
export type EntityAttributes = {
  fatherName?: string;
  motherName?: string;
  birthYear?: number;
  detentionNumber?: string;
  [key: string]: string | number | undefined;
};

/**
 * The register: people, units, places (and the odd other thing) with canonical Arabic and
 * English forms and the spellings they appear under. A merged entity stays as a row pointing at
 * the one it was merged into, so old links and audit events still resolve.
 */
export const entities = pgTable(
  'entities',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    kind: entityKindEnum().notNull(),
    canonicalAr: text().notNull(),
    canonicalEn: text().notNull().default(''),
    aliasesAr: text().array().notNull().default(sql`'{}'::text[]`),
    aliasesEn: text().array().notNull().default(sql`'{}'::text[]`),
    attributes: jsonb().$type<EntityAttributes>().notNull().default({}),
    /** Folded canonical Arabic (the one normalizer), for look-up and duplicate warnings. */
    normKey: text().notNull(),
    /** Set for rows from the seeded register (api/entities/register-seed.ts); seeding is idempotent by it. */
    seedKey: text().unique(),
    mergedIntoId: integer().references((): AnyPgColumn => entities.id),
    createdBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.kind, t.normKey), index().on(t.mergedIntoId)],
);

/**
 * Why a tag that a person had confirmed is back to `suggested`: its text changed and the new
 * text no longer holds the same entity or value (api/entities/recheck.ts). `was` is what the
 * person had confirmed, shown beside the tag until someone decides again.
 */
export type MentionRecheck = {
  reason: 'text_changed';
  was: { surface: string; normalized: string | null; entityId: number | null; status: MentionStatus };
};

/**
 * A tagged span of a segment's Arabic text or English translation (UTF-16 offsets), tied to an
 * entity, or carrying a normalized value (an ISO date), or both. Suggestions from the engine
 * are rows with status `suggested` until a person accepts or rejects them; rejected rows are
 * kept so the same span is not suggested again. Only `accepted` tags are facts: counts, facets,
 * exports and certified documents read those.
 */
export const mentions = pgTable(
  'mentions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    segmentId: integer()
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    documentId: integer()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    field: mentionFieldEnum().notNull().default('text'),
    startOffset: integer().notNull(),
    endOffset: integer().notNull(),
    kind: entityKindEnum().notNull(),
    entityId: integer().references(() => entities.id),
    /** ISO date (`YYYY-MM-DD` or partial `YYYY-MM`) for dates; otherwise an optional normalized form. */
    normalized: text(),
    status: mentionStatusEnum().notNull(),
    /** `user`, or how the engine found it: `date`, `register`, `fuzzy`, `pattern`. */
    source: text().notNull(),
    score: real(),
    /** The segment version the offsets were last placed against. */
    segmentVersion: integer().notNull(),
    /**
     * The text the span covered when the tag was placed, decided or last re-checked. Every edit
     * of the line keeps `surface` equal to the span's text; when they would differ the tag is
     * re-checked (kept, re-valued or returned to a suggestion) instead of silently following.
     */
    surface: text().notNull().default(''),
    recheck: jsonb().$type<MentionRecheck>(),
    createdBy: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    decidedBy: integer().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.segmentId, t.field, t.startOffset),
    index().on(t.documentId, t.status),
    index().on(t.entityId, t.status),
    // Search filters (db/queries/search.ts): documents tagged with an entity, or with a date in a
    // range, read from the index alone (document_id included) instead of one heap visit per tag.
    // The status is in them too: only accepted tags count unless suggestions are asked for
    // (countedTag), and without it every tag was a heap visit again (bench:search's unit + date
    // filter read 10,000 mention pages).
    index('mentions_search_entity_doc_idx').on(t.entityId, t.status, t.documentId).where(sql`${t.status} <> 'rejected'`),
    index('mentions_search_date_doc_idx').on(t.normalized, t.documentId, t.status).where(sql`${t.kind} = 'date' AND ${t.status} <> 'rejected'`),
  ],
);

export const mentionEventActions = [
  /** By a person. */
  'created', 'accepted', 'rejected', 'changed', 'removed',
  /** Following an edit of the line (api/entities/follow-edit.ts). */
  'revalued', 'dropped', 'detached', 'reattached', 'moved', 'withdrawn',
  /** A tag returned to a suggestion is confirmed again: its words are back to what was confirmed (an undo, a restore). */
  'reconfirmed',
] as const;
export type MentionEventAction = (typeof mentionEventActions)[number];
export const mentionEventActionEnum = pgEnum('mention_event_action', mentionEventActions);

/** A tag as it stood at an event: enough to show it in the line's history and to put it back. */
export type MentionState = {
  field: MentionField;
  start: number;
  end: number;
  kind: EntityKind;
  entityId: number | null;
  normalized: string | null;
  status: MentionStatus;
  source: string;
  score: number | null;
  surface: string;
  recheck: MentionRecheck | null;
  createdBy: number | null;
  createdAt: string;
  decidedBy: number | null;
  decidedAt: string | null;
};

/**
 * Append-only: the tag half of a line's history. Every change to a tag that is not simply
 * moving with its text — placed, decided, changed or removed by a person; re-valued, returned to
 * a suggestion, detached (its text deleted), reattached (its text restored) or moved to another
 * line by an edit — is a row here, shown in the line's history beside its versions. A detached
 * tag's last state is kept in `state`, so restoring a version whose text holds it brings it back
 * with the decisions made on it.
 */
export const mentionEvents = pgTable(
  'mention_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** No foreign key: the tag may be gone (removed, or detached until a restore). */
    mentionId: integer().notNull(),
    segmentId: integer()
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    /** The line version the event happened at. */
    segmentVersion: integer().notNull(),
    action: mentionEventActionEnum().notNull(),
    /** For `moved`: the other line (where it came from, or where it went). */
    otherSegmentId: integer(),
    actorId: integer().references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The tag after the event (before it, for `removed` and `detached`). */
    state: jsonb().$type<MentionState>().notNull(),
    /** For re-checks: what it was before (value, entity, status). */
    previous: jsonb().$type<Partial<MentionState>>(),
  },
  (t) => [index().on(t.segmentId, t.id), index().on(t.mentionId, t.id)],
);
