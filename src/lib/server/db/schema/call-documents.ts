import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users';
import { calls } from './calls';
import { callChangeKinds } from '../../../domain/call-documents';

/** The PDFs a publisher attaches to a call (cahier des charges, règlement…): public with the call. */
export const callDocuments = sqliteTable(
	'call_documents',
	{
		id: text().primaryKey(),
		callId: text()
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		/** The name the publisher gave it, downloaded as such. */
		name: text().notNull(),
		/** Stored under UPLOAD_DIR with a random name. */
		file: text().notNull(),
		size: integer().notNull(),
		sha256: text().notNull(),
		addedBy: text()
			.notNull()
			.references(() => users.id),
		addedAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('call_documents_call_idx').on(t.callId, t.addedAt)]
);

/**
 * A change to a call's documents once it is public, dated and listed on its page ("Mis à jour le …").
 * Kept when the document itself is removed: the record says what was there.
 */
export const callChanges = sqliteTable(
	'call_changes',
	{
		id: text().primaryKey(),
		callId: text()
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		kind: text({ enum: callChangeKinds }).notNull(),
		documentName: text().notNull(),
		/** What the publisher says changed, optional. */
		note: text().notNull().default(''),
		at: integer({ mode: 'timestamp_ms' }).notNull(),
		userId: text()
			.notNull()
			.references(() => users.id)
	},
	(t) => [index('call_changes_call_idx').on(t.callId, t.at)]
);

export type CallDocument = typeof callDocuments.$inferSelect;
export type CallChange = typeof callChanges.$inferSelect;
