import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';

/**
 * A file sent with an email, named by reference and rendered when the email is sent (never a blob in the
 * database): the avis de paiement of a pledge, in the recipient's language.
 */
export interface MailAttachmentRef {
	kind: 'payment_notice';
	id: string;
	locale: string;
}

/** Every email is written here in the transaction that causes it, then delivered by the worker. */
export const outbox = sqliteTable(
	'outbox',
	{
		id: text().primaryKey(),
		recipient: text().notNull(),
		subject: text().notNull(),
		textBody: text().notNull(),
		attachments: text({ mode: 'json' })
			.$type<MailAttachmentRef[]>()
			.notNull()
			.default(sql`'[]'`),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		attempts: integer().notNull().default(0),
		nextAttemptAt: integer({ mode: 'timestamp_ms' }).notNull(),
		sentAt: integer({ mode: 'timestamp_ms' }),
		lastError: text()
	},
	(t) => [index('outbox_pending_idx').on(t.sentAt, t.nextAttemptAt)]
);

export type OutboxMessage = typeof outbox.$inferSelect;
