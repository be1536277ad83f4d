import { and, asc, eq, gt, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Queryable, Tx } from '../db';
import { fundFlows, fundMemberFlows, ledgerEntries, matchOfferFlows, organisations } from '../db/schema';
import { emptyTotals, entryKinds, totalsFrom, type Bucket, type EntryKind, type Flow, type Totals } from '../../domain/funds';

export interface NewEntry {
	fundId: string;
	kind: EntryKind;
	amountCents: number;
	pledgeId?: string;
	disbursementId?: string;
	isMatch?: boolean;
	organisationId?: string | null;
	reference?: string;
	actorUserId: string | null;
	at?: Date;
}

/** Appends one entry, in the caller's transaction (the same one as the state change and its audit event). */
export async function appendEntry(tx: Tx, entry: NewEntry) {
	if (!Number.isSafeInteger(entry.amountCents) || entry.amountCents <= 0) {
		throw new Error(`A ledger entry moves a positive whole number of cents, not ${entry.amountCents}.`);
	}
	const [from, to] = entryKinds[entry.kind];
	await tx.insert(ledgerEntries).values({
		fundId: entry.fundId,
		pledgeId: entry.pledgeId ?? null,
		disbursementId: entry.disbursementId ?? null,
		kind: entry.kind,
		fromBucket: from,
		toBucket: to,
		amountCents: entry.amountCents,
		isMatch: entry.isMatch ?? false,
		organisationId: entry.organisationId ?? null,
		reference: entry.reference ?? '',
		actorUserId: entry.actorUserId,
		at: entry.at ?? new Date()
	});
}

/** The columns that sum a ledger's entries into flows (from, to, whether a match): group by the first three. */
export const flowColumns = {
	from: ledgerEntries.fromBucket,
	to: ledgerEntries.toBucket,
	isMatch: ledgerEntries.isMatch,
	amountCents: sql<number>`sum(${ledgerEntries.amountCents})`.mapWith(Number)
};

/**
 * The flows of a fund as the database keeps them (`fund_flows`, one row per move, added to by a trigger on each
 * inserted entry): a dozen rows, however long the ledger. Inside a write transaction they include that
 * transaction's own entries (the trigger runs in it), so a rule that reads them (a cap, the cash available) is exact.
 */
export const fundFlowColumns = {
	from: fundFlows.fromBucket,
	to: fundFlows.toBucket,
	isMatch: fundFlows.isMatch,
	amountCents: fundFlows.amountCents
};

/** The same flows for one organisation's pledges in a fund (`fund_member_flows`, kept by a trigger too). */
export const memberFlowColumns = {
	from: fundMemberFlows.fromBucket,
	to: fundMemberFlows.toBucket,
	isMatch: fundMemberFlows.isMatch,
	amountCents: fundMemberFlows.amountCents
};

function groupFlows<K>(rows: (Flow & { key: K })[]): Map<K, Flow[]> {
	const grouped = new Map<K, Flow[]>();
	for (const { key, ...flow } of rows) {
		const list = grouped.get(key);
		if (list) list.push(flow);
		else grouped.set(key, [flow]);
	}
	return grouped;
}

/** Totals from a JSON array of `[from, to, isMatch, amountCents]` flows, as the columns below read them. */
function totalsOfJson(json: string): Totals {
	const flows = JSON.parse(json) as [Bucket, Bucket, number, number][];
	return totalsFrom(flows.map(([from, to, isMatch, amountCents]) => ({ from, to, isMatch: Boolean(isMatch), amountCents: Number(amountCents) })));
}

/**
 * The totals of the pledge `pledgeId` names, as a column of the caller's statement: its entries summed by
 * flow (totalsByPledge's sums), read in that statement. `pledgeId` must be qualified by its table.
 */
export function pledgeTotalsColumn(pledgeId: SQLWrapper): SQL<Totals> {
	return sql`(SELECT json_group_array(json_array(g.from_bucket, g.to_bucket, g.is_match, g.amount_cents)) FROM (
		SELECT le.from_bucket, le.to_bucket, le.is_match, sum(le.amount_cents) AS amount_cents FROM ledger_entries le
		WHERE le.pledge_id = ${pledgeId} GROUP BY le.from_bucket, le.to_bucket, le.is_match) g)`.mapWith(totalsOfJson);
}

/** A fund's totals from its running totals (fundTotals'), as a column of the caller's statement (an id, or a qualified column). */
export function fundTotalsColumn(fundId: string | SQLWrapper): SQL<Totals> {
	return sql`(SELECT json_group_array(json_array(f.from_bucket, f.to_bucket, f.is_match, f.amount_cents)) FROM fund_flows f
		WHERE f.fund_id = ${fundId})`.mapWith(totalsOfJson);
}

/**
 * One organisation's totals in a fund from the running totals (totalsByOrganisation's), as a column of the
 * caller's statement. `organisationId` must be qualified by its table.
 */
export function memberTotalsColumn(fundId: string, organisationId: SQLWrapper): SQL<Totals> {
	return sql`(SELECT json_group_array(json_array(f.from_bucket, f.to_bucket, f.is_match, f.amount_cents)) FROM fund_member_flows f
		WHERE f.fund_id = ${fundId} AND f.organisation_id = ${organisationId})`.mapWith(totalsOfJson);
}

/** The totals of several funds, read from the running totals in one query: what every page and the API show. */
export async function fundTotals(q: Queryable, fundIds: string[]): Promise<Map<string, Totals>> {
	const result = new Map<string, Totals>(fundIds.map((id) => [id, emptyTotals()]));
	if (fundIds.length === 0) return result;
	const rows = await q
		.select({ key: fundFlows.fundId, ...fundFlowColumns })
		.from(fundFlows)
		.where(inArray(fundFlows.fundId, fundIds));
	for (const [fundId, flows] of groupFlows(rows)) result.set(fundId, totalsFrom(flows));
	return result;
}

export async function totalsOfFund(q: Queryable, fundId: string): Promise<Totals> {
	return (await fundTotals(q, [fundId])).get(fundId)!;
}

/**
 * The totals of each organisation's money in a fund (its pledges' entries), from the running totals; only
 * `organisationIds` when given.
 */
export async function totalsByOrganisation(q: Queryable, fundId: string, organisationIds?: string[]): Promise<Map<string, Totals>> {
	if (organisationIds?.length === 0) return new Map();
	const rows = await q
		.select({ key: fundMemberFlows.organisationId, ...memberFlowColumns })
		.from(fundMemberFlows)
		.where(and(eq(fundMemberFlows.fundId, fundId), organisationIds ? inArray(fundMemberFlows.organisationId, organisationIds) : undefined));
	return new Map([...groupFlows(rows)].map(([id, flows]) => [id, totalsFrom(flows)]));
}

/** What each match offer of a fund has matched: the totals of the pledges made under it, from the running totals. */
export async function totalsByMatchOffer(q: Queryable, fundId: string): Promise<Map<string, Totals>> {
	const rows = await q
		.select({
			key: matchOfferFlows.matchOfferId,
			from: matchOfferFlows.fromBucket,
			to: matchOfferFlows.toBucket,
			isMatch: matchOfferFlows.isMatch,
			amountCents: matchOfferFlows.amountCents
		})
		.from(matchOfferFlows)
		.where(eq(matchOfferFlows.fundId, fundId));
	return new Map([...groupFlows(rows)].map(([id, flows]) => [id, totalsFrom(flows)]));
}

/** The totals of each pledge (what was received so far, what is still expected…). */
export async function totalsByPledge(q: Queryable, pledgeIds: string[]): Promise<Map<string, Totals>> {
	const result = new Map<string, Totals>(pledgeIds.map((id) => [id, emptyTotals()]));
	if (pledgeIds.length === 0) return result;
	const rows = await q
		.select({ pledgeId: ledgerEntries.pledgeId, ...flowColumns })
		.from(ledgerEntries)
		.where(inArray(ledgerEntries.pledgeId, pledgeIds))
		.groupBy(ledgerEntries.pledgeId, ledgerEntries.fromBucket, ledgerEntries.toBucket, ledgerEntries.isMatch);
	const grouped = new Map<string, Flow[]>();
	for (const row of rows) {
		const list = grouped.get(row.pledgeId!) ?? [];
		list.push(row);
		grouped.set(row.pledgeId!, list);
	}
	for (const [id, flows] of grouped) result.set(id, totalsFrom(flows));
	return result;
}

/** A page of a fund's entries in order, with the organisation's name, after entry `afterSeq`. */
export function ledgerPage(q: Queryable, fundId: string, afterSeq: number, limit: number) {
	return q
		.select({
			seq: ledgerEntries.seq,
			at: ledgerEntries.at,
			kind: ledgerEntries.kind,
			from: ledgerEntries.fromBucket,
			to: ledgerEntries.toBucket,
			amountCents: ledgerEntries.amountCents,
			isMatch: ledgerEntries.isMatch,
			pledgeId: ledgerEntries.pledgeId,
			disbursementId: ledgerEntries.disbursementId,
			organisationId: ledgerEntries.organisationId,
			organisationName: organisations.name,
			reference: ledgerEntries.reference
		})
		.from(ledgerEntries)
		.leftJoin(organisations, eq(organisations.id, ledgerEntries.organisationId))
		.where(and(eq(ledgerEntries.fundId, fundId), gt(ledgerEntries.seq, afterSeq)))
		.orderBy(asc(ledgerEntries.seq))
		.limit(limit);
}

export type LedgerRow = Awaited<ReturnType<typeof ledgerPage>>[number];
