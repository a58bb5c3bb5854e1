import { bigint, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users.table';

/** Append-only; each row's `hash` covers its own fields and the previous row's hash. */
export const auditEvents = pgTable('audit_events', {
  seq: bigint({ mode: 'number' }).primaryKey(),
  at: timestamp({ withTimezone: true }).notNull(),
  actorId: integer().references(() => users.id),
  action: text().notNull(),
  targetType: text(),
  targetId: text(),
  /** Versioned payload: `{ v: 1, ... }`, shaped by api/audit/events.ts. */
  payload: jsonb().$type<Record<string, unknown>>().notNull(),
  prevHash: text().notNull(),
  hash: text().notNull().unique(),
});
