import { and, eq } from 'drizzle-orm';
import { write } from '../db';
import { consortia, funds, matchOffers, organisations, type User } from '../db/schema';
import { secondFactorRefusal, type SessionUser } from '../auth/second-factor';
import { audit } from '../audit/audit';
import { notify } from '../notifications/notify';
import { roleIn } from '../organisations/queries';
import type { FundOutcome } from './refusals';
import { approvedMemberPledges, makeMatch } from './matches';
import type { Approval } from './pledges';
import { peopleOf } from './support';
import { mayApproveOffer, mayManageOffer } from './policy';
import { fundTakesPledges } from '../../domain/funds';
import { deliberationProblem } from '../../domain/consortia';

// Four-eyes for partners: a match offer commits a partner's money as a pledge commits a city's. One
// person of the partner enters it; it binds only once a signatory of the partner who did not enter it
// approves it, with the reference of the partner's decision.

/**
 * A signatory of the partner, other than the person who entered the offer, approves it with the
 * partner's decision. An unconditional offer then tops up the pledges already approved at once.
 */
export async function approveMatchOffer(
	user: SessionUser,
	offerId: string,
	approval: Approval,
	now = new Date()
): Promise<FundOutcome<{ matchedCents: number }>> {
	// Public money moves on a second factor passed in this session (auth/second-factor.ts).
	if (secondFactorRefusal(user)) return { ok: false, code: 'second_factor_required' };
	return write(async (tx) => {
		const [row] = await tx
			.select({ offer: matchOffers, fund: funds, coordinator: consortia.coordinatorOrganisationId, partnerName: organisations.name })
			.from(matchOffers)
			.innerJoin(funds, eq(funds.id, matchOffers.fundId))
			.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
			.innerJoin(organisations, eq(organisations.id, matchOffers.partnerOrganisationId))
			.where(eq(matchOffers.id, offerId));
		if (!row) return { ok: false, code: 'not_found' };
		const { offer, fund } = row;
		const approving = mayApproveOffer(await roleIn(tx, offer.partnerOrganisationId, user.id), offer.createdBy === user.id);
		if (!approving.ok) return approving;
		if (offer.status !== 'proposed') return { ok: false, code: 'invalid_transition' };
		if (!fundTakesPledges(fund.status, fund.deadline, now)) return { ok: false, code: 'fund_not_open' };
		const problem = deliberationProblem(approval.reference, approval.date, now);
		if (problem) return { ok: false, code: `deliberation_${problem}` };
		const reference = approval.reference.trim();
		const updated = await tx
			.update(matchOffers)
			.set({ status: 'active', decisionReference: reference, decisionDate: approval.date, approvedBy: user.id, approvedAt: now })
			.where(and(eq(matchOffers.id, offerId), eq(matchOffers.status, 'proposed')));
		if (updated.rowsAffected === 0) return { ok: false, code: 'invalid_transition' };
		const active = { ...offer, status: 'active' as const, decisionReference: reference, decisionDate: approval.date, approvedBy: user.id, approvedAt: now };
		await audit(
			tx,
			{ userId: user.id, organisationId: offer.partnerOrganisationId },
			'fund.match_approved',
			{ type: 'fund', id: fund.id },
			{
				offerId,
				decision: reference,
				totalCapCents: offer.totalCapCents
			}
		);
		let matchedCents = 0;
		if (!offer.onlyIfThresholdReached) {
			for (const pledge of await approvedMemberPledges(tx, fund.id)) matchedCents += await makeMatch(tx, fund, active, pledge, user.id, now);
		}
		await notify(tx, await peopleOf(tx, [row.coordinator], ['admin', 'signatory']), {
			type: 'fund.match_offered',
			params: { fund: fund.name, organisation: row.partnerName },
			link: `/funds/${fund.id}`
		});
		return { ok: true, matchedCents };
	});
}

/**
 * An admin or a signatory of the partner withdraws an offer nobody has approved yet: it never bound
 * the partner, so nothing else changes. An approved offer binds; its matches are pledges of their own.
 */
export async function withdrawMatchOffer(user: User, fundId: string, offerId: string, now = new Date()): Promise<FundOutcome> {
	return write(async (tx) => {
		const [offer] = await tx.select().from(matchOffers).where(eq(matchOffers.id, offerId));
		if (!offer || offer.fundId !== fundId) return { ok: false, code: 'not_found' };
		const managing = mayManageOffer(await roleIn(tx, offer.partnerOrganisationId, user.id));
		if (!managing.ok) return managing;
		const updated = await tx
			.update(matchOffers)
			.set({ status: 'withdrawn' })
			.where(and(eq(matchOffers.id, offerId), eq(matchOffers.status, 'proposed')));
		if (updated.rowsAffected === 0) return { ok: false, code: 'invalid_transition' };
		await audit(
			tx,
			{ userId: user.id, organisationId: offer.partnerOrganisationId },
			'fund.match_withdrawn',
			{ type: 'fund', id: offer.fundId },
			{ offerId },
			now
		);
		return { ok: true };
	});
}
