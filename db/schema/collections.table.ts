import { boolean, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';
import { users } from './users.table';

export const collections = pgTable('collections', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull().unique(),
  /** A restricted collection is readable only by its members (and admins). */
  restricted: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const collectionMembers = pgTable(
  'collection_members',
  {
    collectionId: integer()
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /**
     * The member's role in this collection, in place of their global role (higher or lower; never
     * admin). Null: their global role applies here too.
     */
    role: roleEnum(),
    /** May restrict or open the collection and decide who belongs to it, with which role. */
    manager: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.collectionId, t.userId] })],
);
