import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users';
import { responses } from './calls';
import { attachmentKinds } from '../../../domain/responses';

/** The PDFs joined to a response, each named and typed; stored under UPLOAD_DIR with a random name. */
export const responseAttachments = sqliteTable(
	'response_attachments',
	{
		id: text().primaryKey(),
		responseId: text()
			.notNull()
			.references(() => responses.id, { onDelete: 'cascade' }),
		kind: text({ enum: attachmentKinds }).notNull(),
		/** The name the startup gave it (or the file's own). */
		name: text().notNull(),
		file: text().notNull(),
		size: integer().notNull(),
		/** SHA-256 of the stored bytes, hex; null for files joined before it was recorded (computed on read). */
		sha256: text(),
		addedBy: text()
			.notNull()
			.references(() => users.id),
		addedAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('response_attachments_response_idx').on(t.responseId, t.addedAt)]
);

export const receiptKinds = ['submitted', 'withdrawn'] as const;

/**
 * An acknowledgement of a submission or a withdrawal, written in the transaction that changed the
 * response: what was sent, when, with the SHA-256 of each file. The PDF is drawn from it on demand.
 */
export const responseReceipts = sqliteTable(
	'response_receipts',
	{
		id: text().primaryKey(),
		responseId: text()
			.notNull()
			.references(() => responses.id, { onDelete: 'cascade' }),
		kind: text({ enum: receiptKinds }).notNull(),
		at: integer({ mode: 'timestamp_ms' }).notNull(),
		callTitle: text().notNull(),
		organisationName: text().notNull(),
		priceCents: integer().notNull(),
		files: text({ mode: 'json' }).$type<{ name: string; kind: string; size: number; sha256: string }[]>().notNull(),
		userId: text()
			.notNull()
			.references(() => users.id)
	},
	(t) => [index('response_receipts_response_idx').on(t.responseId, t.at)]
);

export type ResponseAttachment = typeof responseAttachments.$inferSelect;
export type ResponseReceipt = typeof responseReceipts.$inferSelect;
