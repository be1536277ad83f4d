import { and, asc, desc, eq, gt, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { db } from '../db';
import { calls, disbursements, funds, organisations, pledges, projects, responses, subsidyRecords, users, type Fund } from '../db/schema';
import { fundTotalsColumn, memberTotalsColumn, pledgeTotalsColumn } from './ledger';
import { fundHeader } from './queries';
import { DISBURSEMENT_PAGE } from './page';
import { isOverdue, memberCap } from '../../domain/funds';
import { parisDay } from '../../domain/consortia';
import { binaryCompare } from '../../domain/text';

// The coordinator's dashboard, bounded: each of its lists (pledges to approve, to call, to be paid,
// refunds owed, members) one page at a time, their lengths and the overdue count summed by the
// database, and the same number of queries whether the fund holds three pledges or thirty thousand.

/** Rows per page of each list of the dashboard. */
export const DASHBOARD_PAGE = 50;

/** The dashboard's paged lists, and the pledge status each shows. */
export const dashboardLists = { approval: 'intent', call: 'approved', payment: 'called', refunds: 'refund_owed' } as const;
export type DashboardList = keyof typeof dashboardLists | 'members' | 'disbursements';

/** 1-based page of each list. */
export type DashboardPages = Record<DashboardList, number>;

const firstPages: DashboardPages = { approval: 1, call: 1, payment: 1, refunds: 1, members: 1, disbursements: 1 };

/** The first instant of the day `now` falls on in France: a due date before it is overdue. */
export function parisDayStart(now: Date): Date {
	const day = parisDay(now);
	for (const hours of [-2, -1, 0]) {
		const candidate = new Date(Date.parse(`${day}T00:00:00Z`) + hours * 3_600_000);
		if (parisDay(candidate) === day) return candidate;
	}
	return now;
}

/** What is still called (expected) of the pledge of the current row: the ledger's balance of `called`. */
const stillCalled = sql`(select coalesce(sum(case when le.to_bucket = 'called' then le.amount_cents when le.from_bucket = 'called' then -le.amount_cents else 0 end), 0) from ledger_entries le where le.pledge_id = ${pledges.id})`;

/**
 * One page of each list of pledges, in one query: every pledge of the four statuses is ranked within its
 * status (members' alphabetical order), and only the ranks of the asked pages come back, each row with
 * the length of its list, how many of its list are not paid through Stripe, and the overdue count.
 */
async function pledgeLists(fundId: string, pages: DashboardPages, now: Date) {
	const overdue = and(eq(pledges.status, 'called'), lt(pledges.dueDate, parisDayStart(now)), sql`${stillCalled} > 0`);
	const ranked = db()
		.select({
			id: pledges.id,
			organisationId: pledges.organisationId,
			status: pledges.status,
			matchOfferId: pledges.matchOfferId,
			enteredAt: pledges.enteredAt,
			approvedAt: pledges.approvedAt,
			deliberationReference: pledges.deliberationReference,
			dueDate: pledges.dueDate,
			stripeInvoiceId: pledges.stripeInvoiceId,
			stripeInvoiceUrl: pledges.stripeInvoiceUrl,
			stripeStatus: pledges.stripeStatus,
			stripePaidCents: pledges.stripePaidCents,
			stripePaymentIntentId: pledges.stripePaymentIntentId,
			organisationName: sql<string>`${organisations.name}`.as('organisation_name'),
			enteredByName: sql<string | null>`${users.name}`.as('entered_by_name'),
			rank: sql<number>`row_number() over (partition by ${pledges.status} order by ${organisations.name}, ${pledges.organisationId}, ${pledges.enteredAt}, ${pledges.id})`.as(
				'rank'
			),
			listLength: sql<number>`count(*) over (partition by ${pledges.status})`.as('list_length'),
			byHand:
				sql<number>`sum(case when ${pledges.stripeInvoiceId} is null and ${pledges.stripePaymentIntentId} is null then 1 else 0 end) over (partition by ${pledges.status})`.as(
					'by_hand'
				),
			overdueCount: sql<number>`sum(case when ${overdue} then 1 else 0 end) over ()`.as('overdue_count')
		})
		.from(pledges)
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.leftJoin(users, eq(users.id, pledges.enteredBy))
		.where(and(eq(pledges.fundId, fundId), inArray(pledges.status, Object.values(dashboardLists))))
		.as('ranked');
	const pageOf = (list: keyof typeof dashboardLists) => {
		const offset = (pages[list] - 1) * DASHBOARD_PAGE;
		return and(eq(ranked.status, dashboardLists[list]), gt(ranked.rank, offset), lte(ranked.rank, offset + DASHBOARD_PAGE));
	};
	// The first of each list comes too, so that a page past its end still knows the list's length. Each row
	// comes with its pledge's totals, summed for the rows of the page only.
	const rows = await db()
		.select({
			id: ranked.id,
			organisationId: ranked.organisationId,
			status: ranked.status,
			matchOfferId: ranked.matchOfferId,
			enteredAt: ranked.enteredAt,
			approvedAt: ranked.approvedAt,
			deliberationReference: ranked.deliberationReference,
			dueDate: ranked.dueDate,
			stripeInvoiceId: ranked.stripeInvoiceId,
			stripeInvoiceUrl: ranked.stripeInvoiceUrl,
			stripeStatus: ranked.stripeStatus,
			stripePaidCents: ranked.stripePaidCents,
			stripePaymentIntentId: ranked.stripePaymentIntentId,
			organisationName: ranked.organisationName,
			enteredByName: ranked.enteredByName,
			rank: ranked.rank,
			listLength: ranked.listLength,
			byHand: ranked.byHand,
			overdueCount: ranked.overdueCount,
			totals: pledgeTotalsColumn(sql.raw('"ranked"."id"'))
		})
		.from(ranked)
		.where(or(pageOf('approval'), pageOf('call'), pageOf('payment'), pageOf('refunds'), eq(ranked.rank, 1)))
		.orderBy(asc(ranked.status), asc(ranked.rank));
	const listOf = Object.fromEntries(Object.entries(dashboardLists).map(([list, status]) => [status, list as keyof typeof dashboardLists]));
	const onPage = (row: (typeof rows)[number]) => {
		const offset = (pages[listOf[row.status]] - 1) * DASHBOARD_PAGE;
		return row.rank > offset && row.rank <= offset + DASHBOARD_PAGE;
	};
	return {
		rows: rows.filter(onPage),
		lengths: new Map(rows.map((r) => [r.status, { length: Number(r.listLength), byHand: Number(r.byHand) }])),
		overdueCount: Number(rows[0]?.overdueCount ?? 0)
	};
}

/**
 * A page of the organisations that pledged to the fund, with their totals in it and the length of that list.
 * The fund's pledges are counted per member first (from pledges_fund_member_idx, already grouped by member,
 * without reading a pledge's row), then only those few groups are joined to their organisation's name.
 */
export function memberPage(fundId: string, page: number) {
	const q = db();
	const perMember = q
		.select({
			organisationId: pledges.organisationId,
			// Members with a pledge of their own (not only matches): the member cap applies to them.
			ownPledges: sql<number>`sum(case when ${pledges.matchOfferId} is null then 1 else 0 end)`.as('own_pledges')
		})
		.from(pledges)
		.where(eq(pledges.fundId, fundId))
		.groupBy(pledges.organisationId)
		.as('per_member');
	return q
		.select({
			organisationId: perMember.organisationId,
			name: organisations.name,
			kind: organisations.kind,
			ownPledges: sql<number>`${perMember.ownPledges}`.mapWith(Number),
			total: sql<number>`count(*) over ()`.mapWith(Number),
			totals: memberTotalsColumn(fundId, sql.raw('"per_member"."organisation_id"'))
		})
		.from(perMember)
		.innerJoin(organisations, eq(organisations.id, perMember.organisationId))
		.orderBy(asc(organisations.name), asc(perMember.organisationId))
		.limit(DASHBOARD_PAGE)
		.offset((page - 1) * DASHBOARD_PAGE);
}

/** Whom money may go to from a fund: the consortium's projects for an investment fund, else its calls' selected responses. */
type Beneficiary = { kind: 'project' | 'response'; id: string; name: string };

/**
 * The fund's totals and whom its money may go to, in one statement (two subqueries on the fund's row),
 * whichever list is empty: the same statements for every fund.
 */
async function totalsAndBeneficiaries(fund: Pick<Fund, 'id' | 'kind' | 'consortiumId'>) {
	const beneficiaries =
		fund.kind === 'investment'
			? sql`(SELECT json_group_array(json_array('project', p.id, p.title, p.title)) FROM consortium_projects cp
				INNER JOIN projects p ON p.id = cp.project_id WHERE cp.consortium_id = ${fund.consortiumId})`
			: sql`(SELECT json_group_array(json_array('response', r.id, o.name || ' — ' || c.title, c.title)) FROM responses r
				INNER JOIN calls c ON c.id = r.call_id INNER JOIN organisations o ON o.id = r.startup_organisation_id
				WHERE c.consortium_id = ${fund.consortiumId} AND r.status = 'selected')`;
	const [row] = await db()
		.select({
			totals: fundTotalsColumn(fund.id),
			beneficiaries: beneficiaries.mapWith((json: string) =>
				(JSON.parse(json) as [Beneficiary['kind'], string, string, string][])
					// By project title, or by call title, as the two lists were ordered when each had its own query.
					.sort((a, b) => binaryCompare(a[3], b[3]) || binaryCompare(a[1], b[1]))
					.map(([kind, id, name]): Beneficiary => ({ kind, id, name }))
			)
		})
		.from(funds)
		.where(eq(funds.id, fund.id));
	return row;
}

/** What the dashboard says of the fund and its coordinator (fundHeader's row): the page has it from its access check. */
export interface DashboardHeader {
	fund: Fund;
	consortiumName: string;
	coordinatorOrganisationId: string;
	coordinatorName: string;
}

/**
 * What the coordinator's dashboard shows of a fund: its totals, one page of each list (`pages`, 1-based),
 * what is late, the disbursements and whom money may go to. Four queries whatever the fund's size, and
 * one more to read the fund when the caller has not (`header`).
 */
export async function fundDashboard(
	fundId: string,
	{ now = new Date(), pages = firstPages, header: known }: { now?: Date; pages?: Partial<DashboardPages>; header?: DashboardHeader } = {}
) {
	const at: DashboardPages = { ...firstPages, ...pages };
	const q = db();
	const header = known ?? (await fundHeader(q, fundId));
	if (!header) return undefined;
	const { fund } = header;
	const [overview, listed, memberRows, disbursementRows] = await Promise.all([
		totalsAndBeneficiaries(fund),
		pledgeLists(fundId, at, now),
		memberPage(fundId, at.members),
		q
			.select({
				disbursement: disbursements,
				projectTitle: projects.title,
				responseOrganisation: organisations.name,
				callTitle: calls.title,
				proposedByName: users.name,
				// What the law asks to publish, recorded before the approval (shown for those awaiting a decision).
				subsidy: subsidyRecords,
				// The whole list's length and how many of it await a decision, in the same statement.
				total: sql<number>`count(*) over ()`.mapWith(Number),
				proposed: sql<number>`sum(case when ${disbursements.status} = 'proposed' then 1 else 0 end) over ()`.mapWith(Number)
			})
			.from(disbursements)
			.leftJoin(projects, eq(projects.id, disbursements.projectId))
			.leftJoin(responses, eq(responses.id, disbursements.responseId))
			.leftJoin(calls, eq(calls.id, responses.callId))
			.leftJoin(organisations, eq(organisations.id, responses.startupOrganisationId))
			.leftJoin(subsidyRecords, eq(subsidyRecords.disbursementId, disbursements.id))
			.innerJoin(users, eq(users.id, disbursements.proposedBy))
			.where(eq(disbursements.fundId, fundId))
			// Those awaiting a decision first, then the newest.
			.orderBy(sql`${disbursements.status} = 'proposed' desc`, desc(disbursements.proposedAt), desc(disbursements.id))
			.limit(DISBURSEMENT_PAGE)
			.offset((at.disbursements - 1) * DISBURSEMENT_PAGE)
	]);
	const cap = memberCap(fund);

	const rows = listed.rows.map(({ rank: _rank, listLength: _length, byHand: _byHand, overdueCount: _overdue, ...pledge }) => ({
		...pledge,
		overdue: pledge.status === 'called' && isOverdue(pledge.dueDate, pledge.totals.called, now)
	}));
	const list = (name: keyof typeof dashboardLists) => {
		const { length, byHand } = listed.lengths.get(dashboardLists[name]) ?? { length: 0, byHand: 0 };
		return {
			rows: rows.filter((r) => r.status === dashboardLists[name]),
			page: at[name],
			pageCount: Math.max(1, Math.ceil(length / DASHBOARD_PAGE)),
			length,
			byHand
		};
	};
	const memberCount = memberRows[0]?.total ?? 0;
	return {
		fund,
		consortiumName: header.consortiumName,
		coordinatorOrganisationId: header.coordinatorOrganisationId,
		coordinatorName: header.coordinatorName,
		totals: overview.totals,
		memberCap: cap,
		awaitingApproval: list('approval'),
		awaitingCall: list('call'),
		awaitingPayment: list('payment'),
		refundsOwed: list('refunds'),
		overdueCount: listed.overdueCount,
		members: {
			rows: memberRows.map((r) => ({
				organisationId: r.organisationId,
				name: r.name,
				kind: r.kind,
				totals: r.totals,
				cap: r.kind === 'partner' && r.ownPledges === 0 ? null : cap
			})),
			page: at.members,
			pageCount: Math.max(1, Math.ceil(memberCount / DASHBOARD_PAGE)),
			length: memberCount
		},
		disbursements: disbursementRows.map((r) => ({
			...r.disbursement,
			beneficiary: r.projectTitle ?? (r.responseOrganisation ? `${r.responseOrganisation} — ${r.callTitle}` : ''),
			proposedByName: r.proposedByName,
			subsidy: r.disbursement.status === 'proposed' ? r.subsidy : null
		})),
		disbursementList: {
			page: at.disbursements,
			pageCount: Math.max(1, Math.ceil((disbursementRows[0]?.total ?? 0) / DISBURSEMENT_PAGE)),
			length: disbursementRows[0]?.total ?? 0,
			/** Awaiting a decision, in the whole list. */
			proposed: disbursementRows[0]?.proposed ?? 0
		},
		beneficiaries: overview.beneficiaries
	};
}

export type FundDashboard = NonNullable<Awaited<ReturnType<typeof fundDashboard>>>;
