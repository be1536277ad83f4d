import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users';
import { followableTypes } from '../../../domain/follows';

/** A person follows a public object (a project, a call, a consortium or a fund) and is told of its changes. */
export const follows = sqliteTable(
	'follows',
	{
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		objectType: text({ enum: followableTypes }).notNull(),
		objectId: text().notNull(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.objectType, t.objectId] }), index('follows_object_idx').on(t.objectType, t.objectId)]
);

export type Follow = typeof follows.$inferSelect;
