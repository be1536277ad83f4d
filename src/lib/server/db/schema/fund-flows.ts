import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { buckets } from '../../../domain/funds';
import { funds, matchOffers } from './funds';
import { organisations } from './organisations';

// Running totals of the ledger, kept by the DATABASE: triggers on `ledger_entries` (migration 0029) add
// each entry's amount to its flow as it is inserted, in the inserting transaction, whatever inserts it
// (a command, the demo seed, a bulk seed). The ledger is append-only, so a flow only ever grows; reading
// a fund's totals reads a dozen rows, however long its ledger. `ledger:verify` checks they equal the sums.

/** The sum of a fund's entries per move (from, to, whether a match). */
export const fundFlows = sqliteTable(
	'fund_flows',
	{
		fundId: text()
			.notNull()
			.references(() => funds.id),
		fromBucket: text({ enum: buckets }).notNull(),
		toBucket: text({ enum: buckets }).notNull(),
		isMatch: integer({ mode: 'boolean' }).notNull(),
		amountCents: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.fundId, t.fromBucket, t.toBucket, t.isMatch] })]
);

/** The sum of the entries of an organisation's pledges in a fund, per move: a member's figures. */
export const fundMemberFlows = sqliteTable(
	'fund_member_flows',
	{
		fundId: text()
			.notNull()
			.references(() => funds.id),
		organisationId: text()
			.notNull()
			.references(() => organisations.id),
		fromBucket: text({ enum: buckets }).notNull(),
		toBucket: text({ enum: buckets }).notNull(),
		isMatch: integer({ mode: 'boolean' }).notNull(),
		amountCents: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.fundId, t.organisationId, t.fromBucket, t.toBucket, t.isMatch] })]
);

/** The sum of the entries of the pledges made under a match offer, per move: what the offer has matched. */
export const matchOfferFlows = sqliteTable(
	'match_offer_flows',
	{
		matchOfferId: text()
			.notNull()
			.references(() => matchOffers.id),
		fundId: text()
			.notNull()
			.references(() => funds.id),
		fromBucket: text({ enum: buckets }).notNull(),
		toBucket: text({ enum: buckets }).notNull(),
		isMatch: integer({ mode: 'boolean' }).notNull(),
		amountCents: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.matchOfferId, t.fromBucket, t.toBucket, t.isMatch] }), index('match_offer_flows_fund_idx').on(t.fundId)]
);
