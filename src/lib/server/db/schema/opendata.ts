import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users';
import { disbursements } from './funds';
import { subsidyNatures } from '../../../domain/opendata/scdl';

/**
 * What the law asks to publish about a disbursement (SCDL subventions 2.1.1) that the fund does not
 * otherwise know: the convention, the decision, the nature and how it is paid. A disbursement is not
 * approved without it.
 */
export const subsidyRecords = sqliteTable('subsidy_records', {
	disbursementId: text()
		.primaryKey()
		.references(() => disbursements.id),
	/** YYYY-MM-DD. */
	conventionDate: text().notNull(),
	decisionReference: text().notNull(),
	nature: text({ enum: subsidyNatures }).notNull(),
	/** 'unique', 'échelonné', or how it is paid, at most 256 characters. */
	paymentConditions: text().notNull(),
	/** YYYY-MM-DD, or YYYY-MM-DD/YYYY-MM-DD. */
	paymentPeriod: text().notNull(),
	notifiedToEu: integer({ mode: 'boolean' }).notNull().default(false),
	recordedBy: text()
		.notNull()
		.references(() => users.id),
	recordedAt: integer({ mode: 'timestamp_ms' }).notNull()
});

export type SubsidyRecord = typeof subsidyRecords.$inferSelect;
