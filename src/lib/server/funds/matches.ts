// Match funding: a partner's offer, and the matching pledges the platform creates from it.

import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { write, type Tx } from '../db';
import { matchOffers, organisations, pledges, type Fund, type MatchOffer, type Pledge, type User } from '../db/schema';
import { audit, platformActor } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { roleIn } from '../organisations/queries';
import type { FundOutcome } from './refusals';
import { appendEntry, totalsOfFund } from './ledger';
import { fundTakesPledges, matchAmount } from '../../domain/funds';
import { fundLink, loadFund, peopleOf } from './support';
import { mayManageOffer, mayOfferMatch } from './policy';

/**
 * The partner's matching pledge for an approved pledge, within the offer's caps and the fund's target.
 * Returns the amount matched (0 when nothing is left to match).
 */
export async function makeMatch(tx: Tx, fund: Fund, offer: MatchOffer, pledge: Pledge, actorUserId: string | null, now: Date) {
	const [{ matched }] = await tx
		.select({ matched: sql<number>`coalesce(sum(${pledges.amountCents}), 0)`.mapWith(Number) })
		.from(pledges)
		.where(and(eq(pledges.matchOfferId, offer.id), inArray(pledges.status, ['approved', 'called', 'paid'])));
	const committed = (await totalsOfFund(tx, fund.id)).committed;
	const amount = matchAmount(offer, pledge.amountCents, matched, fund.targetCents - committed);
	if (amount <= 0) return 0;
	const [matchedOrganisation] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, pledge.organisationId));
	const id = newId();
	await tx.insert(pledges).values({
		id,
		fundId: fund.id,
		organisationId: offer.partnerOrganisationId,
		amountCents: amount,
		status: 'approved',
		matchOfferId: offer.id,
		matchesPledgeId: pledge.id,
		enteredBy: null,
		enteredAt: now,
		// Approved as the offer was: by the partner's second signatory, with its decision.
		approvedBy: offer.approvedBy,
		approvedAt: now,
		deliberationReference: offer.decisionReference,
		deliberationDate: offer.decisionDate,
		updatedAt: now
	});
	await appendEntry(tx, {
		fundId: fund.id,
		kind: 'match',
		amountCents: amount,
		pledgeId: id,
		isMatch: true,
		organisationId: offer.partnerOrganisationId,
		reference: matchedOrganisation?.name ?? '',
		actorUserId,
		at: now
	});
	await audit(
		tx,
		platformActor,
		'pledge.matched',
		{ type: 'pledge', id },
		{ fundId: fund.id, offerId: offer.id, matchesPledgeId: pledge.id, amountCents: amount }
	);
	return amount;
}

/** Member pledges that count as approved money, oldest first: what an offer tops up. */
export async function approvedMemberPledges(tx: Tx, fundId: string) {
	return tx
		.select()
		.from(pledges)
		.where(and(eq(pledges.fundId, fundId), sql`${pledges.matchOfferId} is null`, inArray(pledges.status, ['approved', 'called', 'paid'])))
		.orderBy(asc(pledges.approvedAt), asc(pledges.id));
}

export interface MatchOfferInput {
	ratioPercent: number;
	capPerPledgeCents: number | null;
	totalCapCents: number;
	onlyIfThresholdReached: boolean;
}

/**
 * A signatory or admin of a verified partner proposes match funding. Like a city's pledge, it binds
 * only once a signatory of the partner who did not enter it approves it with the partner's decision
 * (approveMatchOffer, in offers.ts): then an unconditional offer tops up the pledges already approved,
 * and a conditional one waits for the fund to reach its threshold.
 */
export async function offerMatch(
	user: User,
	partnerOrganisationId: string,
	fundId: string,
	input: MatchOfferInput,
	now = new Date()
): Promise<FundOutcome<{ id: string; matchedCents: number }>> {
	return write(async (tx) => {
		const row = await loadFund(tx, fundId);
		if (!row) return { ok: false, code: 'not_found' };
		const role = await roleIn(tx, partnerOrganisationId, user.id);
		const managing = mayManageOffer(role);
		if (!managing.ok) return managing;
		const [partner] = await tx.select().from(organisations).where(eq(organisations.id, partnerOrganisationId));
		const offering = mayOfferMatch(partner, role);
		if (!offering.ok) return offering;
		if (!fundTakesPledges(row.fund.status, row.fund.deadline, now)) return { ok: false, code: 'fund_not_open' };
		if (input.ratioPercent <= 0 || input.totalCapCents <= 0 || (input.capPerPledgeCents !== null && input.capPerPledgeCents <= 0)) {
			return { ok: false, code: 'amount_not_positive' };
		}
		const id = newId();
		const offer: MatchOffer = {
			id,
			fundId,
			partnerOrganisationId,
			ratioBp: Math.round(input.ratioPercent * 100),
			capPerPledgeCents: input.capPerPledgeCents,
			totalCapCents: input.totalCapCents,
			onlyIfThresholdReached: input.onlyIfThresholdReached,
			status: 'proposed',
			createdBy: user.id,
			createdAt: now,
			decisionReference: null,
			decisionDate: null,
			approvedBy: null,
			approvedAt: null
		};
		await tx.insert(matchOffers).values(offer);
		await audit(
			tx,
			{ userId: user.id, organisationId: partnerOrganisationId },
			'fund.match_offered',
			{ type: 'fund', id: fundId },
			{
				offerId: id,
				partner: partner.name,
				ratioBp: offer.ratioBp,
				totalCapCents: offer.totalCapCents,
				onlyIfThresholdReached: offer.onlyIfThresholdReached
			}
		);
		// Nothing binds yet: the partner's other signatories are asked to approve it.
		await notify(
			tx,
			(await peopleOf(tx, [partnerOrganisationId], ['signatory'])).filter((id) => id !== user.id),
			{
				type: 'fund.match_to_approve',
				params: { fund: row.fund.name, organisation: partner.name },
				link: fundLink(fundId)
			}
		);
		return { ok: true, id, matchedCents: 0 };
	});
}
