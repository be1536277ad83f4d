import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { funds, pledges } from './funds';

/**
 * A payment disputed in Stripe (a chargeback, a SEPA debit returned): what it may take back while it is
 * open, and what it took. The ledger moves with Stripe's events (funds withdrawn, reinstated, closed).
 */
export const stripeDisputes = sqliteTable(
	'stripe_disputes',
	{
		/** Stripe's dispute id (dp_…). */
		id: text().primaryKey(),
		pledgeId: text()
			.notNull()
			.references(() => pledges.id),
		fundId: text()
			.notNull()
			.references(() => funds.id),
		chargeId: text().notNull(),
		amountCents: integer().notNull(),
		/** Stripe's status: warning_needs_response, needs_response, under_review, won, lost, warning_closed… */
		status: text().notNull(),
		/** Withdrawn from the account now (moved to `disputed` in the ledger). */
		withdrawnCents: integer().notNull().default(0),
		openedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		closedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('stripe_disputes_fund_idx').on(t.fundId, t.closedAt)]
);

export type StripeDispute = typeof stripeDisputes.$inferSelect;
