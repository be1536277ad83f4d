import { and, asc, count, desc, eq, gt, inArray, lte, ne, or, sql } from 'drizzle-orm';
import { db, type Queryable } from '../db';
import { consortia, consortiumMembers, funds, ledgerEntries, organisations, pledges } from '../db/schema';
import { flowColumns, fundTotals, fundTotalsColumn, ledgerPage, totalsByPledge, type LedgerRow } from './ledger';
import { isOverdue, publicFundStatuses, runningTotals, type Flow, type Totals } from '../../domain/funds';
import { isId } from '../../domain/ids';

type PublicFundStatus = (typeof publicFundStatuses)[number];

// Named reads of funds. Every amount shown comes from the ledger (fundTotals and friends); the rows
// of the funds and pledges tables only say who, what and in which state.

export interface FundFilters {
	/** Never 'draft': a draft fund is not public, whatever the address asks. */
	status: PublicFundStatus | null;
	consortiumId: string | null;
}

/** The list's filters from its address: an unknown status (a draft's among them) or a malformed id is ignored. */
export function fundFiltersFrom(url: URL): FundFilters {
	const status = url.searchParams.get('status');
	const consortiumId = url.searchParams.get('consortium');
	return {
		status: publicFundStatuses.find((s) => s === status) ?? null,
		consortiumId: consortiumId && isId(consortiumId) ? consortiumId : null
	};
}

const fundListColumns = {
	id: funds.id,
	name: funds.name,
	kind: funds.kind,
	status: funds.status,
	rule: funds.rule,
	targetCents: funds.targetCents,
	thresholdCents: funds.thresholdCents,
	deadline: funds.deadline,
	consortiumId: funds.consortiumId,
	consortiumName: consortia.name
};

/** Funds with their totals: one query whatever the page size (two for a page past the end). */
export async function listFunds(filters: FundFilters, offset: number, limit: number) {
	const where = and(
		// A draft fund is listed by no filter: only its coordinator sees it, on its own page.
		ne(funds.status, 'draft'),
		filters.status ? eq(funds.status, filters.status) : undefined,
		filters.consortiumId ? eq(funds.consortiumId, filters.consortiumId) : undefined
	);
	// The length of the list is counted apart (a window over the rows would make SQLite read and sum every
	// fund before cutting the page): the page itself is read in the order of funds_list_order_idx.
	const rows = await db()
		.select({
			...fundListColumns,
			totals: fundTotalsColumn(sql.raw('"funds"."id"')),
			total: sql<number>`(select count(*) from ${funds} where ${where})`.mapWith(Number)
		})
		.from(funds)
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.where(where)
		.orderBy(sql`case ${funds.status} when 'open' then 0 else 1 end`, asc(funds.deadline), asc(funds.id))
		.limit(limit)
		.offset(offset);
	return {
		funds: rows.map(({ total: _total, ...fund }) => fund),
		total: rows[0]?.total ?? (offset > 0 ? (await db().select({ n: count() }).from(funds).where(where))[0].n : 0)
	};
}

export type ListedFund = Awaited<ReturnType<typeof listFunds>>['funds'][number];

/** A fund's name, state, consortium and totals: what the ledger pages and the dashboard's checks need. */
export async function fundSummary(fundId: string) {
	const [row] = await db()
		.select({
			id: funds.id,
			name: funds.name,
			kind: funds.kind,
			status: funds.status,
			targetCents: funds.targetCents,
			thresholdCents: funds.thresholdCents,
			deadline: funds.deadline,
			consortiumId: funds.consortiumId,
			consortiumName: consortia.name,
			coordinatorOrganisationId: consortia.coordinatorOrganisationId
		})
		.from(funds)
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.where(eq(funds.id, fundId));
	if (!row) return undefined;
	return { ...row, totals: (await fundTotals(db(), [fundId])).get(fundId)! };
}

/**
 * The `afterSeq` of the page before the one that starts after `afterSeq` (0 for the first page), for a
 * "previous page" link of the ledger; null on the first page.
 */
export async function previousLedgerPage(fundId: string, afterSeq: number, limit: number): Promise<number | null> {
	if (afterSeq <= 0) return null;
	const [row] = await db()
		.select({ seq: ledgerEntries.seq })
		.from(ledgerEntries)
		.where(and(eq(ledgerEntries.fundId, fundId), lte(ledgerEntries.seq, afterSeq)))
		.orderBy(desc(ledgerEntries.seq))
		.limit(1)
		.offset(limit);
	return row?.seq ?? 0;
}

/** A fund with the names of its consortium and coordinator (one query), or undefined. */
export async function fundHeader(q: Queryable, fundId: string) {
	const [row] = await q
		.select({
			fund: funds,
			consortiumName: consortia.name,
			coordinatorOrganisationId: consortia.coordinatorOrganisationId,
			coordinatorName: organisations.name
		})
		.from(funds)
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.innerJoin(organisations, eq(organisations.id, consortia.coordinatorOrganisationId))
		.where(eq(funds.id, fundId));
	return row;
}

/** Pledges per page of an organisation's history on its pledges page. */
export const ORGANISATION_PLEDGES_PAGE = 20;

/**
 * One organisation's pledges across funds: one page of its history (most recently changed first, with the
 * history's length), and, whole, what it must approve (intents in open funds before their deadline) or pay
 * (called): the page's size does not grow with the years of pledges behind it. Only the columns the page
 * shows are read.
 */
export async function pledgesOfOrganisation(organisationId: string, now = new Date(), page = 1) {
	const q = db();
	const columns = {
		id: pledges.id,
		fundId: pledges.fundId,
		amountCents: pledges.amountCents,
		status: pledges.status,
		matchOfferId: pledges.matchOfferId,
		note: pledges.note,
		enteredAt: pledges.enteredAt,
		dueDate: pledges.dueDate,
		paymentReference: pledges.paymentReference,
		stripeInvoiceId: pledges.stripeInvoiceId,
		stripeInvoiceUrl: pledges.stripeInvoiceUrl,
		stripeInvoicePdf: pledges.stripeInvoicePdf,
		stripeTransferIban: pledges.stripeTransferIban,
		stripeTransferBic: pledges.stripeTransferBic,
		fundName: funds.name,
		fundStatus: funds.status,
		fundDeadline: funds.deadline,
		consortiumName: consortia.name
	};
	const order = [desc(pledges.updatedAt), asc(pledges.id)];
	const ofOrganisation = eq(pledges.organisationId, organisationId);
	const [pageRows, actionRows] = await Promise.all([
		q
			.select({ ...columns, total: sql<number>`(select count(*) from ${pledges} where ${ofOrganisation})`.mapWith(Number) })
			.from(pledges)
			.innerJoin(funds, eq(funds.id, pledges.fundId))
			.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
			.where(ofOrganisation)
			.orderBy(...order)
			.limit(ORGANISATION_PLEDGES_PAGE)
			.offset((page - 1) * ORGANISATION_PLEDGES_PAGE),
		q
			.select(columns)
			.from(pledges)
			.innerJoin(funds, eq(funds.id, pledges.fundId))
			.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
			.where(and(ofOrganisation, or(eq(pledges.status, 'called'), and(eq(pledges.status, 'intent'), eq(funds.status, 'open'), gt(funds.deadline, now)))))
			.orderBy(...order)
	]);
	const total = pageRows[0]?.total ?? (page > 1 ? (await q.select({ n: count() }).from(pledges).where(ofOrganisation))[0].n : 0);
	const perPledge = await totalsByPledge(q, [...new Set([...pageRows, ...actionRows].map((r) => r.id))]);
	const withTotals = (r: (typeof actionRows)[number]) => {
		const totals = perPledge.get(r.id)!;
		return { ...r, totals, overdue: r.status === 'called' && isOverdue(r.dueDate, totals.called, now) };
	};
	const actionable = actionRows.map(withTotals);
	return {
		pledges: pageRows.map(({ total: _total, ...r }) => withTotals(r)),
		total,
		page,
		pageCount: Math.max(1, Math.ceil(total / ORGANISATION_PLEDGES_PAGE)),
		toApprove: actionable.filter((p) => p.status === 'intent'),
		toPay: actionable.filter((p) => p.status === 'called')
	};
}

/** Open funds of the consortia an organisation belongs to: where it may pledge. */
export async function fundsOpenTo(organisationId: string, now = new Date()) {
	return db()
		.select({ id: funds.id, name: funds.name, consortiumName: consortia.name, deadline: funds.deadline })
		.from(funds)
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.where(
			and(
				eq(funds.status, 'open'),
				sql`${funds.deadline} > ${now.getTime()}`,
				// The organisation's few consortia, looked up once by its own index (a join would read every
				// member of every open fund's consortium).
				inArray(
					funds.consortiumId,
					db()
						.select({ id: consortiumMembers.consortiumId })
						.from(consortiumMembers)
						.where(and(eq(consortiumMembers.organisationId, organisationId), inArray(consortiumMembers.status, ['accepted', 'council_approved'])))
				)
			)
		)
		.orderBy(asc(funds.deadline));
}

/** Whether an organisation currently belongs to the consortium holding a fund (it may then pledge). */
export async function isFundMember(fundId: string, organisationId: string) {
	const [row] = await db()
		.select({ id: consortiumMembers.id })
		.from(funds)
		.innerJoin(consortiumMembers, eq(consortiumMembers.consortiumId, funds.consortiumId))
		.where(
			and(eq(funds.id, fundId), eq(consortiumMembers.organisationId, organisationId), inArray(consortiumMembers.status, ['accepted', 'council_approved']))
		);
	return Boolean(row);
}

/** The funds of a consortium, with their totals, for its page. */
export async function fundsOfConsortium(consortiumId: string) {
	return (await listFunds({ status: null, consortiumId }, 0, 100)).funds;
}

/**
 * A page of the ledger after entry `afterSeq`, each entry with the fund's running totals after it.
 * Two queries: the totals up to `afterSeq`, summed by the database, then the page.
 */
export async function ledgerWithRunningTotals(fundId: string, afterSeq: number, limit: number) {
	const before: Flow[] = await db()
		.select(flowColumns)
		.from(ledgerEntries)
		.where(and(eq(ledgerEntries.fundId, fundId), lte(ledgerEntries.seq, afterSeq)))
		.groupBy(ledgerEntries.fromBucket, ledgerEntries.toBucket, ledgerEntries.isMatch);
	const rows = await ledgerPage(db(), fundId, afterSeq, limit + 1);
	const page = rows.slice(0, limit);
	const running = runningTotals(page, before);
	const entries: (LedgerRow & { running: Totals })[] = page.map((row, i) => ({ ...row, running: running[i] }));
	return { entries, nextSeq: rows.length > limit ? page[page.length - 1].seq : null };
}

/** Every entry of a fund, in order, for the CSV export: read 5 000 at a time, however long the ledger. */
export async function allLedgerEntries(fundId: string) {
	const entries: LedgerRow[] = [];
	for (;;) {
		const page = await ledgerPage(db(), fundId, entries.at(-1)?.seq ?? 0, 5000);
		entries.push(...page);
		if (page.length < 5000) return entries;
	}
}

export async function fundExists(fundId: string) {
	const [row] = await db().select({ id: funds.id }).from(funds).where(eq(funds.id, fundId));
	return Boolean(row);
}

/** The consortium a fund would be opened for, with its coordinator's name: what the creation page needs. */
export async function consortiumForFund(consortiumId: string) {
	const [row] = await db()
		.select({
			id: consortia.id,
			name: consortia.name,
			status: consortia.status,
			coordinatorOrganisationId: consortia.coordinatorOrganisationId,
			coordinatorName: organisations.name
		})
		.from(consortia)
		.innerJoin(organisations, eq(organisations.id, consortia.coordinatorOrganisationId))
		.where(eq(consortia.id, consortiumId));
	return row;
}

/** The fund a pledge belongs to, or undefined: a page acts only on the pledges of its own fund. */
export async function fundOfPledge(pledgeId: string) {
	const [row] = await db().select({ fundId: pledges.fundId }).from(pledges).where(eq(pledges.id, pledgeId));
	return row?.fundId;
}

/**
 * Among `pledgeIds`, those `userId` entered or amended: the same test as approvePledge's, so a page can
 * say "another signatory must approve it" instead of showing a form the command would refuse.
 */
export async function pledgesShapedBy(userId: string, pledgeIds: string[], q: Queryable = db()): Promise<Set<string>> {
	if (pledgeIds.length === 0) return new Set();
	const rows = await q
		.selectDistinct({ pledgeId: ledgerEntries.pledgeId })
		.from(ledgerEntries)
		.where(
			and(inArray(ledgerEntries.pledgeId, pledgeIds), eq(ledgerEntries.actorUserId, userId), inArray(ledgerEntries.kind, ['pledge', 'amend_up', 'amend_down']))
		);
	const entered = await q
		.select({ id: pledges.id })
		.from(pledges)
		.where(and(inArray(pledges.id, pledgeIds), eq(pledges.enteredBy, userId)));
	return new Set([...rows.map((r) => r.pledgeId!), ...entered.map((r) => r.id)]);
}
