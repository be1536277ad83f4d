import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { users } from './users';
import { organisations } from './organisations';
import { receivingAccountStatuses } from '../../../domain/receiving-account';

/**
 * Where the members of a fund send their money: the bank account of the organisation that coordinates
 * it (a commune's account at the Trésor, typically), used by every fund it coordinates. Entered by one
 * person of that organisation, in force once a signatory who did not enter it approves it (four-eyes);
 * a change is a new row that replaces the one in force only when approved. Rows are never deleted:
 * which account a notice named stays known.
 */
export const receivingAccounts = sqliteTable(
	'receiving_accounts',
	{
		id: text().primaryKey(),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		/** The account holder as the bank knows it. */
		holder: text().notNull(),
		/** Electronic format (no spaces, upper case), checked with its country's rules and its key. */
		iban: text().notNull(),
		bic: text().notNull(),
		status: text({ enum: receivingAccountStatuses }).notNull().default('proposed'),
		enteredBy: text()
			.notNull()
			.references(() => users.id),
		enteredAt: integer({ mode: 'timestamp_ms' }).notNull(),
		approvedBy: text().references(() => users.id),
		approvedAt: integer({ mode: 'timestamp_ms' }),
		/** When a newer account replaced it, or a newer proposal superseded it before anyone approved it. */
		endedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [
		index('receiving_accounts_organisation_idx').on(t.organisationId, t.status),
		// At most one account in force and one awaiting approval per organisation.
		uniqueIndex('receiving_accounts_one_approved_idx')
			.on(t.organisationId)
			.where(sql`status = 'approved'`),
		uniqueIndex('receiving_accounts_one_proposed_idx')
			.on(t.organisationId)
			.where(sql`status = 'proposed'`)
	]
);

export type ReceivingAccount = typeof receivingAccounts.$inferSelect;
