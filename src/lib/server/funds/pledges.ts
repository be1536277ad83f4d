// A member's pledge from intent to approval: entered, amended, withdrawn, approved by a second signatory.

import { and, asc, eq, sql } from 'drizzle-orm';
import { secondFactorRefusal, type SessionUser } from '../auth/second-factor';
import { write, type Queryable, type Tx } from '../db';
import { matchOffers, organisations, pledges, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { roleIn } from '../organisations/queries';
import type { FundOutcome } from './refusals';
import { appendEntry, totalsOfFund } from './ledger';
import { pledgesShapedBy } from './queries';
import { approvalProblem, canPledge, fundTakesPledges, type EntryKind } from '../../domain/funds';
import type { AuditKind } from '../../domain/audit-kinds';
import { deliberationProblem } from '../../domain/consortia';
import { dashboardLink, intentLimit, isCurrentMember, loadFund, loadPledge, memberCommitted, peopleOf, type LimitRefusal } from './support';
import { makeMatch } from './matches';
import { mayActForPledger, mayApprovePledge, mayPledge } from './policy';

type PledgeRow = NonNullable<Awaited<ReturnType<typeof loadPledge>>>;

/** A member of a consortium member organisation enters a pledge: an intent, not yet binding. */
export async function enterPledge(
	user: User,
	organisationId: string,
	fundId: string,
	amountCents: number,
	note = '',
	now = new Date()
): Promise<FundOutcome<{ id: string }> | LimitRefusal> {
	return write(async (tx) => {
		const row = await loadFund(tx, fundId);
		if (!row) return { ok: false, code: 'not_found' };
		const role = await roleIn(tx, organisationId, user.id);
		const acting = mayActForPledger(role);
		if (!acting.ok) return acting;
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
		const pledging = mayPledge(organisation, role, await isCurrentMember(tx, row.fund.consortiumId, organisationId));
		if (!pledging.ok) return pledging;
		if (!fundTakesPledges(row.fund.status, row.fund.deadline, now)) return { ok: false, code: 'fund_not_open' };
		if (!Number.isSafeInteger(amountCents) || amountCents <= 0) return { ok: false, code: 'amount_not_positive' };
		// One open intent per organisation and fund: a second one is an amendment of the first.
		const [open] = await tx
			.select({ id: pledges.id })
			.from(pledges)
			.where(and(eq(pledges.fundId, fundId), eq(pledges.organisationId, organisationId), eq(pledges.status, 'intent'), sql`${pledges.matchOfferId} is null`))
			.limit(1);
		if (open) return { ok: false, code: 'intent_exists' };
		// Bounded before anyone votes: a council learns the figure it may vote now, not at approval.
		const limit = await intentLimit(tx, row.fund, organisationId, amountCents);
		if (limit) return limit;
		const id = newId();
		await tx.insert(pledges).values({
			id,
			fundId,
			organisationId,
			amountCents,
			status: 'intent',
			note: note.trim(),
			enteredBy: user.id,
			enteredAt: now,
			updatedAt: now
		});
		await appendEntry(tx, { fundId, kind: 'pledge', amountCents, pledgeId: id, organisationId, actorUserId: user.id, at: now });
		await audit(tx, { userId: user.id, organisationId }, 'pledge.entered', { type: 'pledge', id }, { fundId, amountCents });
		const signatories = (await peopleOf(tx, [organisationId], ['signatory'])).filter((id) => id !== user.id);
		await notify(tx, signatories, {
			type: 'fund.pledge_to_approve',
			params: { fund: row.fund.name, organisation: organisation.name },
			link: '/pledges'
		});
		return { ok: true, id };
	});
}

/**
 * What every step of a pledge writes beside its row, in the same transaction: the ledger entry that moves its
 * money, and the audit event naming who took the step (details lead with the fund).
 */
async function recordStep(
	tx: Tx,
	user: User,
	row: PledgeRow,
	now: Date,
	step: { kind: EntryKind; amountCents: number; reference?: string; event: AuditKind; details: Record<string, unknown> }
) {
	const { pledge, fund } = row;
	await appendEntry(tx, {
		fundId: fund.id,
		kind: step.kind,
		amountCents: step.amountCents,
		pledgeId: pledge.id,
		organisationId: pledge.organisationId,
		reference: step.reference,
		actorUserId: user.id,
		at: now
	});
	await audit(
		tx,
		{ userId: user.id, organisationId: pledge.organisationId },
		step.event,
		{ type: 'pledge', id: pledge.id },
		{ fundId: fund.id, ...step.details }
	);
}

/** An intent's amount changes (kept in the ledger as a correction entry, up or down). */
export async function amendPledge(user: User, pledgeId: string, amountCents: number, now = new Date()): Promise<FundOutcome | LimitRefusal> {
	return write(async (tx) => {
		const row = await loadPledge(tx, pledgeId);
		if (!row || row.pledge.matchOfferId) return { ok: false, code: 'not_found' };
		const acting = mayActForPledger(await roleIn(tx, row.pledge.organisationId, user.id));
		if (!acting.ok) return acting;
		if (!canPledge(row.pledge.status, 'amend')) return { ok: false, code: 'invalid_transition' };
		if (!fundTakesPledges(row.fund.status, row.fund.deadline, now)) return { ok: false, code: 'fund_not_open' };
		if (!(await isCurrentMember(tx, row.fund.consortiumId, row.pledge.organisationId))) return { ok: false, code: 'not_a_member' };
		if (!Number.isSafeInteger(amountCents) || amountCents <= 0) return { ok: false, code: 'amount_not_positive' };
		const delta = amountCents - row.pledge.amountCents;
		if (delta === 0) return { ok: true };
		if (delta > 0) {
			const limit = await intentLimit(tx, row.fund, row.pledge.organisationId, amountCents);
			if (limit) return limit;
		}
		await tx.update(pledges).set({ amountCents, updatedAt: now }).where(eq(pledges.id, pledgeId));
		await recordStep(tx, user, row, now, {
			kind: delta > 0 ? 'amend_up' : 'amend_down',
			amountCents: Math.abs(delta),
			event: 'pledge.amended',
			details: { fromCents: row.pledge.amountCents, toCents: amountCents }
		});
		return { ok: true };
	});
}

/** An intent is withdrawn by a member of its organisation. */
export async function withdrawPledge(user: User, pledgeId: string, now = new Date()): Promise<FundOutcome> {
	return write(async (tx) => {
		const row = await loadPledge(tx, pledgeId);
		if (!row || row.pledge.matchOfferId) return { ok: false, code: 'not_found' };
		const acting = mayActForPledger(await roleIn(tx, row.pledge.organisationId, user.id));
		if (!acting.ok) return acting;
		if (!canPledge(row.pledge.status, 'withdraw')) return { ok: false, code: 'invalid_transition' };
		// After the deadline an intent lapses at settlement; it is no longer withdrawn.
		if (!fundTakesPledges(row.fund.status, row.fund.deadline, now)) return { ok: false, code: 'fund_not_open' };
		await tx.update(pledges).set({ status: 'withdrawn', updatedAt: now }).where(eq(pledges.id, pledgeId));
		await recordStep(tx, user, row, now, {
			kind: 'withdraw',
			amountCents: row.pledge.amountCents,
			event: 'pledge.withdrawn',
			details: { amountCents: row.pledge.amountCents }
		});
		return { ok: true };
	});
}

export interface Approval {
	reference: string;
	date: Date;
}

/**
 * Who may approve a pledge at all: a current signatory of the pledging organisation. The page asks it
 * before sending anyone to the second-factor step (a non-signatory is refused, not asked for a code);
 * the command asks it again inside its transaction.
 */
export async function pledgeApprovalRefusal(q: Queryable, userId: string, pledgeId: string): Promise<'not_found' | 'signatories_only' | 'own_pledge' | null> {
	const [row] = await q.select({ organisationId: pledges.organisationId, matchOfferId: pledges.matchOfferId }).from(pledges).where(eq(pledges.id, pledgeId));
	if (!row || row.matchOfferId) return 'not_found';
	const approving = mayApprovePledge(await roleIn(q, row.organisationId, userId));
	return approving.ok ? null : approving.code;
}

/**
 * A signatory of the pledging organisation, who neither entered nor amended the pledge, approves it
 * with the council's délibération. The member's cap and the fund's target hold; the fund's
 * unconditional match offers top it up at once.
 */
export async function approvePledge(user: SessionUser, pledgeId: string, approval: Approval, now = new Date()): Promise<FundOutcome<{ matchedCents: number }>> {
	return write(async (tx) => {
		const notAllowed = await pledgeApprovalRefusal(tx, user.id, pledgeId);
		if (notAllowed) return { ok: false, code: notAllowed };
		// Public money moves on a second factor passed in this session (auth/second-factor.ts).
		if (secondFactorRefusal(user)) return { ok: false, code: 'second_factor_required' };
		const row = await loadPledge(tx, pledgeId);
		if (!row) return { ok: false, code: 'not_found' };
		const approving = mayApprovePledge(await roleIn(tx, row.pledge.organisationId, user.id), (await pledgesShapedBy(user.id, [pledgeId], tx)).has(pledgeId));
		if (!approving.ok) return approving;
		if (!canPledge(row.pledge.status, 'approve')) return { ok: false, code: 'invalid_transition' };
		if (!fundTakesPledges(row.fund.status, row.fund.deadline, now)) return { ok: false, code: 'fund_not_open' };
		if (!(await isCurrentMember(tx, row.fund.consortiumId, row.pledge.organisationId))) return { ok: false, code: 'not_a_member' };
		const problem = deliberationProblem(approval.reference, approval.date, now);
		if (problem) return { ok: false, code: `deliberation_${problem}` };
		const fundCommitted = (await totalsOfFund(tx, row.fund.id)).committed;
		const limitProblem = approvalProblem(row.fund, row.pledge.amountCents, await memberCommitted(tx, row.fund.id, row.pledge.organisationId), fundCommitted);
		if (limitProblem) return { ok: false, code: limitProblem };
		const reference = approval.reference.trim();
		await tx
			.update(pledges)
			.set({ status: 'approved', approvedBy: user.id, approvedAt: now, deliberationReference: reference, deliberationDate: approval.date, updatedAt: now })
			.where(eq(pledges.id, pledgeId));
		await recordStep(tx, user, row, now, {
			kind: 'approve',
			amountCents: row.pledge.amountCents,
			reference,
			event: 'pledge.approved',
			details: { amountCents: row.pledge.amountCents, deliberation: reference }
		});
		let matchedCents = 0;
		const offers = await tx
			.select()
			.from(matchOffers)
			.where(and(eq(matchOffers.fundId, row.fund.id), eq(matchOffers.status, 'active'), eq(matchOffers.onlyIfThresholdReached, false)))
			.orderBy(asc(matchOffers.createdAt));
		const approved = { ...row.pledge, status: 'approved' as const };
		for (const offer of offers) matchedCents += await makeMatch(tx, row.fund, offer, approved, null, now);
		await notify(tx, await peopleOf(tx, [row.consortium.coordinatorOrganisationId], ['admin', 'signatory']), {
			type: 'fund.pledge_approved',
			params: { fund: row.fund.name, organisation: row.organisationName },
			link: dashboardLink(row.fund.id)
		});
		return { ok: true, matchedCents };
	});
}
