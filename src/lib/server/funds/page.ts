import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { OrganisationKind } from '../../domain/organisations';
import { alias } from 'drizzle-orm/sqlite-core';
import { db } from '../db';
import { calls, disbursements, fundMemberFlows, matchOffers, organisations, pledges, projects, responses, users } from '../db/schema';
import { fundTotals, memberFlowColumns, totalsByMatchOffer, totalsByPledge } from './ledger';
import { fundHeader } from './queries';
import { memberCap, totalsFrom, type Flow, type Totals } from '../../domain/funds';

// The public fund page, bounded: one page of pledges at a time (grouped by member, in the members'
// alphabetical order), and the same number of queries whether the fund holds three pledges or thirty
// thousand. Sums are made by the database; only the shown page's rows come back.

/** Pledges shown per page of a fund. */
export const FUND_PAGE_PLEDGES = 50;

const matchedPledge = alias(pledges, 'matched_pledge');
const matchedOrganisation = alias(organisations, 'matched_organisation');

/** Sums of flows grouped by `key`, as totals per key. */
function totalsByKey(rows: (Flow & { key: string | null })[]): Map<string, Totals> {
	const grouped = new Map<string, Flow[]>();
	for (const row of rows) {
		if (row.key === null) continue;
		const list = grouped.get(row.key) ?? [];
		list.push(row);
		grouped.set(row.key, list);
	}
	return new Map([...grouped].map(([key, flows]) => [key, totalsFrom(flows)]));
}

/** Disbursements per page of the fund's page and of its dashboard. */
export const DISBURSEMENT_PAGE = 20;

/**
 * A page of a fund's pledges, ordered by their organisation's name, each with the length of the whole list.
 * The order and the cut are made on narrow rows, then the page's rows are read whole. The narrow rows are
 * read member by member: organisations in name order (organisations_name_idx), each one's pledges in this
 * fund from pledges_fund_member_idx, already in entry order: SQLite stops after the page instead of sorting
 * every pledge of the fund (the biggest fund of the national bench has 5,000: 6 ms → 0.3 ms). `CROSS JOIN`
 * is how SQLite is told to keep that order of the loops. Its cost grows with the platform's organisations
 * (one index probe each, before the page is full), not with the fund's pledges.
 */
export function pledgePage(fundId: string, offset: number, limit: number) {
	const q = db();
	const page = q.$with('pledge_page').as(
		q
			.select({
				id: pledges.id,
				byName: sql<string>`${organisations.name}`.as('by_name'),
				byOrganisation: sql<string>`${pledges.organisationId}`.as('by_organisation'),
				byEntry: sql<number>`${pledges.enteredAt}`.as('by_entry'),
				total: sql<number>`(select count(*) from ${pledges} where ${pledges.fundId} = ${fundId})`.as('total')
			})
			.from(organisations)
			.crossJoin(pledges)
			.where(and(eq(pledges.fundId, fundId), eq(pledges.organisationId, organisations.id)))
			.orderBy(asc(organisations.name), asc(organisations.id), asc(pledges.enteredAt), asc(pledges.id))
			.limit(limit)
			.offset(offset)
	);
	return (
		q
			.with(page)
			.select({
				pledge: pledges,
				organisationName: organisations.name,
				organisationKind: organisations.kind,
				matchesOrganisationName: matchedOrganisation.name,
				total: sql<number>`${page.total}`.mapWith(Number)
			})
			.from(page)
			// The page's 50 rows first, then each one's pledge by its key (without CROSS JOIN, SQLite may
			// prefer to scan the fund's pledges and look each one up in the page).
			.crossJoin(pledges)
			.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
			.leftJoin(matchedPledge, eq(matchedPledge.id, pledges.matchesPledgeId))
			.leftJoin(matchedOrganisation, eq(matchedOrganisation.id, matchedPledge.organisationId))
			.where(eq(pledges.id, page.id))
			.orderBy(asc(page.byName), asc(page.byOrganisation), asc(page.byEntry), asc(pledges.id))
	);
}

/**
 * The fund, its totals, offers and disbursements, the pledges from `offset` (at most `limit`), and the
 * acting organisation's open intents (the page offers to approve or amend them, wherever they fall).
 */
export async function fundPage(
	fundId: string,
	{ offset = 0, limit = FUND_PAGE_PLEDGES, actingOrganisationId = null as string | null, disbursementOffset = 0 } = {}
) {
	const q = db();
	const row = await fundHeader(q, fundId);
	if (!row) return undefined;
	const [totals, pledgeRows, offerRows, matchedFlows, disbursementRows, ownIntents] = await Promise.all([
		fundTotals(q, [fundId]),
		pledgePage(fundId, offset, limit),
		q
			.select({ offer: matchOffers, partnerName: organisations.name })
			.from(matchOffers)
			.innerJoin(organisations, eq(organisations.id, matchOffers.partnerOrganisationId))
			.where(eq(matchOffers.fundId, fundId))
			.orderBy(asc(matchOffers.createdAt)),
		// What each offer has matched: the running totals of its matching pledges.
		totalsByMatchOffer(q, fundId),
		q
			.select({
				disbursement: disbursements,
				projectTitle: projects.title,
				responseOrganisation: organisations.name,
				callTitle: calls.title,
				callId: calls.id,
				total: sql<number>`count(*) over ()`.mapWith(Number)
			})
			.from(disbursements)
			.leftJoin(projects, eq(projects.id, disbursements.projectId))
			.leftJoin(responses, eq(responses.id, disbursements.responseId))
			.leftJoin(calls, eq(calls.id, responses.callId))
			.leftJoin(organisations, eq(organisations.id, responses.startupOrganisationId))
			.innerJoin(users, eq(users.id, disbursements.proposedBy))
			.where(eq(disbursements.fundId, fundId))
			.orderBy(desc(disbursements.proposedAt), desc(disbursements.id))
			.limit(DISBURSEMENT_PAGE)
			.offset(disbursementOffset),
		actingOrganisationId
			? q
					.select()
					.from(pledges)
					.where(and(eq(pledges.fundId, fundId), eq(pledges.organisationId, actingOrganisationId), eq(pledges.status, 'intent'), isNull(pledges.matchOfferId)))
					.orderBy(asc(pledges.enteredAt))
			: Promise.resolve([])
	]);
	const organisationIds = [...new Set(pledgeRows.map((r) => r.pledge.organisationId))];
	const [perPledge, organisationFlows, ownPledgers] = await Promise.all([
		totalsByPledge(
			q,
			pledgeRows.map((r) => r.pledge.id)
		),
		organisationIds.length
			? q
					.select({ key: fundMemberFlows.organisationId, ...memberFlowColumns })
					.from(fundMemberFlows)
					.where(and(eq(fundMemberFlows.fundId, fundId), inArray(fundMemberFlows.organisationId, organisationIds)))
			: Promise.resolve([]),
		// Members with a pledge of their own (not only matches): the member cap applies to them.
		organisationIds.length
			? q
					.selectDistinct({ organisationId: pledges.organisationId })
					.from(pledges)
					.where(and(eq(pledges.fundId, fundId), inArray(pledges.organisationId, organisationIds), isNull(pledges.matchOfferId)))
			: Promise.resolve([])
	]);
	const byOrganisation = totalsByKey(organisationFlows);
	const matchedByOffer = matchedFlows;
	const pledgesOnTheirOwn = new Set(ownPledgers.map((r) => r.organisationId));
	const cap = memberCap(row.fund);

	const members: {
		organisationId: string;
		name: string;
		kind: OrganisationKind;
		totals: Totals;
		cap: number | null;
		pledges: (typeof pledgeRows)[number]['pledge'][];
		matchesOf: Map<string, string | null>;
	}[] = [];
	for (const r of pledgeRows) {
		let member = members.at(-1);
		if (member?.organisationId !== r.pledge.organisationId) {
			member = {
				organisationId: r.pledge.organisationId,
				name: r.organisationName,
				kind: r.organisationKind,
				totals: byOrganisation.get(r.pledge.organisationId) ?? totalsFrom([]),
				cap: r.organisationKind === 'partner' && !pledgesOnTheirOwn.has(r.pledge.organisationId) ? null : cap,
				pledges: [],
				matchesOf: new Map()
			};
			members.push(member);
		}
		member.pledges.push(r.pledge);
		member.matchesOf.set(r.pledge.id, r.pledge.matchesPledgeId ? (r.matchesOrganisationName ?? '') : null);
	}

	return {
		fund: row.fund,
		consortiumName: row.consortiumName,
		coordinatorOrganisationId: row.coordinatorOrganisationId,
		coordinatorName: row.coordinatorName,
		totals: totals.get(fundId)!,
		memberCap: cap,
		pledgeCount: pledgeRows[0]?.total ?? (offset > 0 ? await countPledges(fundId) : 0),
		members: members.map(({ matchesOf, pledges: list, ...member }) => ({
			...member,
			pledges: list.map((p) => ({
				...p,
				totals: perPledge.get(p.id)!,
				matches: matchesOf.get(p.id) ?? null
			}))
		})),
		ownIntents,
		offers: offerRows.map((r) => ({
			...r.offer,
			partnerName: r.partnerName,
			matchedCents: matchedByOffer.get(r.offer.id)?.committed ?? 0
		})),
		disbursements: disbursementRows.map(({ total: _total, ...r }) => ({
			...r.disbursement,
			beneficiary: r.projectTitle ?? (r.responseOrganisation ? `${r.responseOrganisation} — ${r.callTitle}` : '')
		})),
		/** Disbursements of the whole fund (0 when the page asked is past the end). */
		disbursementCount: disbursementRows[0]?.total ?? 0
	};
}

/** Pledges of a fund (only asked when a page past the end was requested). */
async function countPledges(fundId: string) {
	const [row] = await db()
		.select({ n: sql<number>`count(*)`.mapWith(Number) })
		.from(pledges)
		.where(eq(pledges.fundId, fundId));
	return row?.n ?? 0;
}
