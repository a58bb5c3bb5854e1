import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';

export const users = pgTable('users', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  email: text().notNull().unique(),
  name: text().notNull(),
  role: roleEnum().notNull(),
  /** scrypt, self-describing: `scrypt$N$r$p$salt$hash` */
  passwordHash: text().notNull(),
  /** Only users with this flag may certify translations (issue: review workflow). */
  canCertify: boolean().notNull().default(false),
  disabled: boolean().notNull().default(false),
  /**
   * SHA-256 of a one-time set-password token (an invitation or an administrator's reset): whoever
   * holds it may choose the password once, until `passwordTokenExpiresAt`.
   */
  passwordTokenHash: text().unique(),
  passwordTokenExpiresAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie value: a leaked table does not leak live sessions. */
    tokenHash: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** Refused from then on; null: until revoked. */
    expiresAt: timestamp({ withTimezone: true }),
    /**
     * `sessions.token_hash` of the session the token was made in (with the session cookie): signing
     * out of that session revokes it. Null for tokens made with another token or the CLI.
     */
    sessionHash: text(),
  },
  (t) => [index().on(t.userId)],
);
