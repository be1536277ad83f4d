import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users';
import { organisations } from './organisations';
import { consortia } from './consortia';

/** A private thread between organisations, or among a consortium's members (`consortiumId`). Never public. */
export const conversations = sqliteTable(
	'conversations',
	{
		id: text().primaryKey(),
		subject: text().notNull(),
		consortiumId: text().references(() => consortia.id),
		createdBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		lastMessageAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('conversations_consortium_idx').on(t.consortiumId)]
);

/** The organisations of a two-party conversation (a consortium's thread reads its current members). */
export const conversationParties = sqliteTable(
	'conversation_parties',
	{
		conversationId: text()
			.notNull()
			.references(() => conversations.id, { onDelete: 'cascade' }),
		organisationId: text()
			.notNull()
			.references(() => organisations.id)
	},
	(t) => [primaryKey({ columns: [t.conversationId, t.organisationId] }), index('conversation_parties_org_idx').on(t.organisationId)]
);

export const messages = sqliteTable(
	'messages',
	{
		id: text().primaryKey(),
		conversationId: text()
			.notNull()
			.references(() => conversations.id, { onDelete: 'cascade' }),
		authorUserId: text()
			.notNull()
			.references(() => users.id),
		authorOrganisationId: text()
			.notNull()
			.references(() => organisations.id),
		body: text().notNull(),
		attachmentFile: text(),
		attachmentName: text(),
		attachmentSize: integer(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('messages_conversation_idx').on(t.conversationId, t.createdAt)]
);

/** When each person last read each conversation: what the unread counts compare with. */
export const conversationReads = sqliteTable(
	'conversation_reads',
	{
		conversationId: text()
			.notNull()
			.references(() => conversations.id, { onDelete: 'cascade' }),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		readAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.conversationId, t.userId] }), index('conversation_reads_user_idx').on(t.userId)]
);

export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
