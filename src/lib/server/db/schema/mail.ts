import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Every email is written here in the transaction that causes it, then delivered by the worker. */
export const outbox = sqliteTable(
	'outbox',
	{
		id: text().primaryKey(),
		recipient: text().notNull(),
		subject: text().notNull(),
		textBody: text().notNull(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		attempts: integer().notNull().default(0),
		nextAttemptAt: integer({ mode: 'timestamp_ms' }).notNull(),
		sentAt: integer({ mode: 'timestamp_ms' }),
		lastError: text()
	},
	(t) => [index('outbox_pending_idx').on(t.sentAt, t.nextAttemptAt)]
);

export type OutboxMessage = typeof outbox.$inferSelect;
