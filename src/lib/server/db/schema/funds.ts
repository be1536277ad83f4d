import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { users } from './users';
import { organisations } from './organisations';
import { consortia } from './consortia';
import { projects } from './projects';
import { responses } from './calls';
import { buckets, disbursementStatuses, entryKinds, fundKinds, fundStatuses, pledgeStatuses, thresholdRules } from '../../../domain/funds';

export const funds = sqliteTable(
	'funds',
	{
		id: text().primaryKey(),
		consortiumId: text()
			.notNull()
			.references(() => consortia.id),
		kind: text({ enum: fundKinds }).notNull(),
		name: text().notNull(),
		/** Markdown. */
		purpose: text().notNull(),
		targetCents: integer().notNull(),
		/** What must be committed by the deadline for an all-or-nothing fund, and for conditional matches. */
		thresholdCents: integer().notNull(),
		rule: text({ enum: thresholdRules }).notNull(),
		deadline: integer({ mode: 'timestamp_ms' }).notNull(),
		capAmountCents: integer(),
		/** Basis points of the target (2500 = 25 %). */
		capShareBp: integer(),
		status: text({ enum: fundStatuses }).notNull().default('open'),
		settledAt: integer({ mode: 'timestamp_ms' }),
		createdBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('funds_consortium_idx').on(t.consortiumId),
		index('funds_status_deadline_idx').on(t.status, t.deadline),
		// The list's order (open funds first, then by deadline: listFunds in funds/queries.ts, the same
		// expression) read from the index and cut after a page, instead of sorting every fund.
		index('funds_list_order_idx').on(sql`(case ${t.status} when 'open' then 0 else 1 end)`, t.deadline, t.id, t.status),
		check('funds_amounts_positive', sql`${t.targetCents} > 0 and ${t.thresholdCents} > 0 and ${t.thresholdCents} <= ${t.targetCents}`)
	]
);

export const matchOffers = sqliteTable(
	'match_offers',
	{
		id: text().primaryKey(),
		fundId: text()
			.notNull()
			.references(() => funds.id),
		partnerOrganisationId: text()
			.notNull()
			.references(() => organisations.id),
		/** Euros added per euro pledged, in basis points (10000 = 1 for 1). */
		ratioBp: integer().notNull(),
		capPerPledgeCents: integer(),
		totalCapCents: integer().notNull(),
		/** Applies only if the fund reaches its threshold: the matches are then made at settlement. */
		onlyIfThresholdReached: integer({ mode: 'boolean' }).notNull(),
		/** Proposed by one person of the partner; binding (active) once a signatory who did not enter it approves it. */
		status: text({ enum: ['proposed', 'active', 'withdrawn'] })
			.notNull()
			.default('active'),
		createdBy: text()
			.notNull()
			.references(() => users.id),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		/** The partner's decision (its board's, its committee's…) that commits the money, and who approved it. */
		decisionReference: text(),
		decisionDate: integer({ mode: 'timestamp_ms' }),
		approvedBy: text().references(() => users.id),
		approvedAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('match_offers_fund_idx').on(t.fundId)]
);

export const pledges = sqliteTable(
	'pledges',
	{
		id: text().primaryKey(),
		fundId: text()
			.notNull()
			.references(() => funds.id),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		/** The amount it stands for now; the ledger holds its history and `ledger:verify` checks both agree. */
		amountCents: integer().notNull(),
		status: text({ enum: pledgeStatuses }).notNull().default('intent'),
		/** For a partner's matching pledge: the offer and the pledge it matches. */
		matchOfferId: text().references(() => matchOffers.id),
		matchesPledgeId: text(),
		note: text().notNull().default(''),
		enteredBy: text().references(() => users.id),
		enteredAt: integer({ mode: 'timestamp_ms' }).notNull(),
		approvedBy: text().references(() => users.id),
		approvedAt: integer({ mode: 'timestamp_ms' }),
		deliberationReference: text(),
		deliberationDate: integer({ mode: 'timestamp_ms' }),
		calledBy: text().references(() => users.id),
		calledAt: integer({ mode: 'timestamp_ms' }),
		dueDate: integer({ mode: 'timestamp_ms' }),
		/** The structured reference (ISO 11649, RF…) the payer quotes with its transfer: given at the call, never changed. */
		paymentReference: text(),
		/** With Stripe: the invoice of the call, its pages, and Stripe's last known view of it. */
		stripeInvoiceId: text(),
		stripeInvoiceUrl: text(),
		stripeInvoicePdf: text(),
		stripeStatus: text(),
		stripePaidCents: integer(),
		/**
		 * The account Stripe gives the payer to fund the invoice by bank transfer (the customer's virtual IBAN,
		 * from its funding instructions): what the avis de paiement names instead of the fund's own account.
		 */
		stripeTransferIban: text(),
		stripeTransferBic: text(),
		stripeTransferHolder: text(),
		/** A partner's Checkout payment of its matching pledge. */
		stripeCheckoutSessionId: text(),
		stripePaymentIntentId: text(),
		updatedAt: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('pledges_fund_idx').on(t.fundId, t.status),
		index('pledges_organisation_idx').on(t.organisationId),
		// A fund's pledges member by member, in the order its page lists them (organisation, then entry): the
		// page walks it from the members' names without sorting the fund's pledges; it covers the dashboard's
		// count per member (`match_offer_id`).
		index('pledges_fund_member_idx').on(t.fundId, t.organisationId, t.enteredAt, t.id, t.matchOfferId),
		index('pledges_matches_idx').on(t.matchesPledgeId),
		uniqueIndex('pledges_stripe_invoice_idx').on(t.stripeInvoiceId),
		uniqueIndex('pledges_payment_reference_idx').on(t.paymentReference),
		index('pledges_stripe_intent_idx').on(t.stripePaymentIntentId),
		check('pledges_amount_positive', sql`${t.amountCents} > 0`)
	]
);

export const disbursements = sqliteTable(
	'disbursements',
	{
		id: text().primaryKey(),
		fundId: text()
			.notNull()
			.references(() => funds.id),
		projectId: text().references(() => projects.id),
		responseId: text().references(() => responses.id),
		amountCents: integer().notNull(),
		description: text().notNull(),
		status: text({ enum: disbursementStatuses }).notNull().default('proposed'),
		proposedBy: text()
			.notNull()
			.references(() => users.id),
		proposedAt: integer({ mode: 'timestamp_ms' }).notNull(),
		decidedBy: text().references(() => users.id),
		decidedAt: integer({ mode: 'timestamp_ms' }),
		rejectionReason: text()
	},
	(t) => [
		index('disbursements_fund_idx').on(t.fundId),
		check('disbursements_amount_positive', sql`${t.amountCents} > 0`),
		check('disbursements_one_beneficiary', sql`(${t.projectId} is null) <> (${t.responseId} is null)`)
	]
);

const bucketNames = buckets;
const kindNames = Object.keys(entryKinds) as [keyof typeof entryKinds, ...(keyof typeof entryKinds)[]];

/**
 * The append-only ledger: a move of money between buckets, in integer cents. A trigger refuses every
 * UPDATE and DELETE (migration 0008); a correction is a new entry.
 */
export const ledgerEntries = sqliteTable(
	'ledger_entries',
	{
		seq: integer().primaryKey({ autoIncrement: true }),
		fundId: text()
			.notNull()
			.references(() => funds.id),
		pledgeId: text().references(() => pledges.id),
		disbursementId: text().references(() => disbursements.id),
		kind: text({ enum: kindNames }).notNull(),
		fromBucket: text({ enum: bucketNames }).notNull(),
		toBucket: text({ enum: bucketNames }).notNull(),
		amountCents: integer().notNull(),
		isMatch: integer({ mode: 'boolean' }).notNull().default(false),
		/** Whose money: the pledging organisation, or the beneficiary's for a disbursement. */
		organisationId: text().references(() => organisations.id),
		/** A délibération reference, a bank reference, a beneficiary: what a reader needs to check it. */
		reference: text().notNull().default(''),
		actorUserId: text().references(() => users.id),
		at: integer({ mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('ledger_entries_fund_idx').on(t.fundId, t.seq),
		index('ledger_entries_pledge_idx').on(t.pledgeId),
		// A fund's entries of one kind (its money received beyond what was due, for the dashboard) without reading the others.
		index('ledger_entries_fund_kind_idx').on(t.fundId, t.kind, t.pledgeId),
		// Covers a fund's totals (its flows grouped by move and summed) without reading the entries' rows.
		index('ledger_entries_fund_flow_idx').on(t.fundId, t.fromBucket, t.toBucket, t.isMatch, t.amountCents),
		check('ledger_entries_amount_positive', sql`${t.amountCents} > 0`)
	]
);

/** Each Stripe event once: its id is recorded in the same transaction as its effect. */
export const stripeEvents = sqliteTable('stripe_events', {
	id: text().primaryKey(),
	type: text().notNull(),
	/** What the platform did with it: applied, ignored (unknown type or nothing to change). */
	outcome: text().notNull(),
	receivedAt: integer({ mode: 'timestamp_ms' }).notNull()
});

/**
 * What the platform owes Stripe to do: refunds (a fund failed after payment) and voids (an invoice
 * that must not be paid any more), written in the transaction that decides them and carried out by a
 * worker with an idempotency key: never lost, never made twice.
 */
export const stripeRefunds = sqliteTable(
	'stripe_refunds',
	{
		id: text().primaryKey(),
		pledgeId: text()
			.notNull()
			.references(() => pledges.id),
		/**
		 * A refund of money received, the void of an invoice nobody should pay any more (amount 0), or the
		 * return of unapplied money (received beyond what was due; `stripeObjectId` names what carried it).
		 */
		kind: text({ enum: ['refund', 'void', 'return'] })
			.notNull()
			.default('refund'),
		amountCents: integer().notNull(),
		status: text({ enum: ['pending', 'done', 'failed'] })
			.notNull()
			.default('pending'),
		attempts: integer().notNull().default(0),
		nextAttemptAt: integer({ mode: 'timestamp_ms' }).notNull(),
		lastError: text(),
		stripeObjectId: text(),
		createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
		doneAt: integer({ mode: 'timestamp_ms' })
	},
	(t) => [index('stripe_refunds_due_idx').on(t.status, t.nextAttemptAt)]
);

export type Fund = typeof funds.$inferSelect;
export type Pledge = typeof pledges.$inferSelect;
export type MatchOffer = typeof matchOffers.$inferSelect;
export type Disbursement = typeof disbursements.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
