import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users';
import { savedSearchTargets } from '../../../domain/saved-searches';

/**
 * A person's filters on /calls or /projects: they alert by email (per the person's delivery choice)
 * when a matching call or project is published, and feed an Atom feed. The token names the feed and
 * the one-click unsubscribe link, so neither needs a session.
 */
export const savedSearches = sqliteTable(
	'saved_searches',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		target: text({ enum: savedSearchTargets }).notNull(),
		/** The normalised query string of the list page, e.g. "q=air&departement=62". */
		query: text().notNull(),
		label: text().notNull(),
		token: text().notNull().unique(),
		/** Null once unsubscribed from the email; the feed keeps working. */
		emailAlerts: integer({ mode: 'boolean' }).notNull().default(true),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('saved_searches_target_idx').on(t.target), index('saved_searches_user_idx').on(t.userId)]
);

export type SavedSearch = typeof savedSearches.$inferSelect;
