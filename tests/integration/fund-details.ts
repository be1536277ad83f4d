// The WHOLE of a fund in one read (every pledge, every member): what the tests check the bounded reads
// (the fund page, the API, the dashboard) and the commands against. Unbounded on purpose, so it lives
// here, out of the application: no page or API answer may load a fund whole.
import { asc, desc, eq } from 'drizzle-orm';
import { db, type Queryable } from '$lib/server/db';
import { calls, disbursements, matchOffers, organisations, pledges, projects, responses, users } from '$lib/server/db/schema';
import { fundTotals, totalsByOrganisation, totalsByPledge } from '$lib/server/funds/ledger';
import { fundHeader } from '$lib/server/funds/queries';
import { emptyTotals, memberCap, type Totals } from '$lib/domain/funds';

/** Everything about a fund, every pledge included. */
export async function fundDetails(fundId: string, q: Queryable = db()) {
	const row = await fundHeader(q, fundId);
	if (!row) return undefined;
	const [totals, pledgeRows, offerRows, disbursementRows, byOrganisation] = await Promise.all([
		fundTotals(q, [fundId]),
		q
			.select({
				pledge: pledges,
				organisationName: organisations.name,
				organisationSlug: organisations.slug,
				organisationKind: organisations.kind,
				enteredByName: users.name
			})
			.from(pledges)
			.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
			.leftJoin(users, eq(users.id, pledges.enteredBy))
			.where(eq(pledges.fundId, fundId))
			.orderBy(asc(organisations.name), asc(pledges.enteredAt), asc(pledges.id)),
		q
			.select({ offer: matchOffers, partnerName: organisations.name })
			.from(matchOffers)
			.innerJoin(organisations, eq(organisations.id, matchOffers.partnerOrganisationId))
			.where(eq(matchOffers.fundId, fundId))
			.orderBy(asc(matchOffers.createdAt)),
		q
			.select({
				disbursement: disbursements,
				projectTitle: projects.title,
				responseOrganisation: organisations.name,
				callTitle: calls.title,
				callId: calls.id,
				proposedByName: users.name
			})
			.from(disbursements)
			.leftJoin(projects, eq(projects.id, disbursements.projectId))
			.leftJoin(responses, eq(responses.id, disbursements.responseId))
			.leftJoin(calls, eq(calls.id, responses.callId))
			.leftJoin(organisations, eq(organisations.id, responses.startupOrganisationId))
			.innerJoin(users, eq(users.id, disbursements.proposedBy))
			.where(eq(disbursements.fundId, fundId))
			.orderBy(desc(disbursements.proposedAt)),
		totalsByOrganisation(q, fundId)
	]);
	const perPledge = await totalsByPledge(
		q,
		pledgeRows.map((r) => r.pledge.id)
	);
	const matchedByOffer = new Map<string, number>();
	for (const { pledge } of pledgeRows) {
		if (pledge.matchOfferId) matchedByOffer.set(pledge.matchOfferId, (matchedByOffer.get(pledge.matchOfferId) ?? 0) + perPledge.get(pledge.id)!.committed);
	}
	const cap = memberCap(row.fund);
	const members = new Map<string, { organisationId: string; name: string; kind: string; totals: Totals; cap: number | null; pledgeCount: number }>();
	for (const p of pledgeRows) {
		const existing = members.get(p.pledge.organisationId);
		if (existing) existing.pledgeCount++;
		else
			members.set(p.pledge.organisationId, {
				organisationId: p.pledge.organisationId,
				name: p.organisationName,
				kind: p.organisationKind,
				totals: byOrganisation.get(p.pledge.organisationId) ?? emptyTotals(),
				cap:
					p.organisationKind === 'partner' && pledgeRows.every((r) => r.pledge.organisationId !== p.pledge.organisationId || r.pledge.matchOfferId)
						? null
						: cap,
				pledgeCount: 1
			});
	}
	return {
		fund: row.fund,
		consortiumName: row.consortiumName,
		coordinatorOrganisationId: row.coordinatorOrganisationId,
		coordinatorName: row.coordinatorName,
		totals: totals.get(fundId)!,
		memberCap: cap,
		pledges: pledgeRows.map((r) => ({
			...r.pledge,
			organisationName: r.organisationName,
			organisationSlug: r.organisationSlug,
			enteredByName: r.enteredByName,
			totals: perPledge.get(r.pledge.id)!
		})),
		members: [...members.values()],
		offers: offerRows.map((r) => ({ ...r.offer, partnerName: r.partnerName, matchedCents: matchedByOffer.get(r.offer.id) ?? 0 })),
		disbursements: disbursementRows.map((r) => ({
			...r.disbursement,
			beneficiary: r.projectTitle ?? (r.responseOrganisation ? `${r.responseOrganisation} — ${r.callTitle}` : ''),
			callId: r.callId,
			proposedByName: r.proposedByName
		}))
	};
}

export type FundDetails = NonNullable<Awaited<ReturnType<typeof fundDetails>>>;
export type FundPledge = FundDetails['pledges'][number];
