import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users';

export const notifications = sqliteTable(
	'notifications',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** The event type, e.g. "organisation.verified"; rendered in the reader's language. */
		type: text().notNull(),
		params: text({ mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
		link: text(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		readAt: integer({ mode: 'timestamp_ms' }),
		/** Set once the notification went out by email (immediately or in a digest), or never will. */
		emailHandledAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('notifications_user_idx').on(t.userId, t.createdAt), index('notifications_email_idx').on(t.emailHandledAt)]
);

export type Notification = typeof notifications.$inferSelect;
