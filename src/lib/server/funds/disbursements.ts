// Disbursements: money leaving a funded fund, proposed by one signatory of the coordinator and decided by another.

import { and, eq } from 'drizzle-orm';
import { secondFactorRefusal, type SessionUser } from '../auth/second-factor';
import { write, type Tx } from '../db';
import { calls, consortiumProjects, disbursements, organisations, projects, responses, type Fund, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import type { FundOutcome } from './refusals';
import { appendEntry } from './ledger';
import { subsidyIncomplete } from './subsidy-records';
import { disbursable, heldBack, type HeldBackRefusal } from './cash';
import { dashboardLink, peopleOf } from './support';
import { coordinatingFund, maySignForFund } from './policy';

export interface DisbursementInput {
	projectId: string | null;
	responseId: string | null;
	amountCents: number;
	description: string;
}

/** Whether the beneficiary fits the fund: a project linked to the consortium, or a selected response to its call. */
async function beneficiaryName(tx: Tx, fund: Fund, input: DisbursementInput) {
	if (fund.kind === 'investment' && input.projectId && !input.responseId) {
		const [project] = await tx
			.select({ title: projects.title })
			.from(consortiumProjects)
			.innerJoin(projects, eq(projects.id, consortiumProjects.projectId))
			.where(and(eq(consortiumProjects.consortiumId, fund.consortiumId), eq(consortiumProjects.projectId, input.projectId)));
		return project?.title ?? null;
	}
	if (fund.kind === 'experimentation' && input.responseId && !input.projectId) {
		const [response] = await tx
			.select({ organisation: organisations.name, call: calls.title })
			.from(responses)
			.innerJoin(calls, eq(calls.id, responses.callId))
			.innerJoin(organisations, eq(organisations.id, responses.startupOrganisationId))
			.where(and(eq(responses.id, input.responseId), eq(responses.status, 'selected'), eq(calls.consortiumId, fund.consortiumId)));
		return response ? `${response.organisation} — ${response.call}` : null;
	}
	return null;
}

/** A signatory of the coordinating organisation proposes money leaving a funded fund; nothing moves until a second signatory approves. */
export async function proposeDisbursement(
	user: User,
	fundId: string,
	input: DisbursementInput,
	now = new Date()
): Promise<FundOutcome<{ id: string }> | HeldBackRefusal> {
	return write(async (tx) => {
		const coordinator = await coordinatingFund(tx, user, fundId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		// Two signatories of the coordinating organisation: the one who proposes, and another who approves.
		const signing = maySignForFund(coordinator.role);
		if (!signing.ok) return signing;
		if (coordinator.fund.status !== 'funded') return { ok: false, code: 'fund_not_funded' };
		if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) return { ok: false, code: 'amount_not_positive' };
		const name = await beneficiaryName(tx, coordinator.fund, input);
		if (!name) return { ok: false, code: 'invalid_beneficiary' };
		const cash = await disbursable(tx, fundId);
		if (input.amountCents > cash.available) return { ok: false, code: 'over_available' };
		if (input.amountCents > cash.disbursable) return heldBack(cash);
		const id = newId();
		await tx.insert(disbursements).values({
			id,
			fundId,
			projectId: input.projectId,
			responseId: input.responseId,
			amountCents: input.amountCents,
			description: input.description.trim(),
			proposedBy: user.id,
			proposedAt: now
		});
		await audit(
			tx,
			coordinator.actor,
			'disbursement.proposed',
			{ type: 'fund', id: fundId },
			{ disbursementId: id, amountCents: input.amountCents, beneficiary: name }
		);
		await notify(
			tx,
			(await peopleOf(tx, [coordinator.consortium.coordinatorOrganisationId], ['signatory'])).filter((u) => u !== user.id),
			{
				type: 'fund.disbursement_proposed',
				params: { fund: coordinator.fund.name },
				link: dashboardLink(fundId)
			}
		);
		return { ok: true, id };
	});
}

/** A signatory of the coordinating organisation other than the proposer approves or rejects a disbursement. */
export async function decideDisbursement(
	user: SessionUser,
	disbursementId: string,
	decision: { approve: true } | { approve: false; reason: string },
	now = new Date()
): Promise<FundOutcome | HeldBackRefusal> {
	// Public money moves on a second factor passed in this session (auth/second-factor.ts).
	if (secondFactorRefusal(user)) return { ok: false, code: 'second_factor_required' };
	return write(async (tx) => {
		const [disbursement] = await tx.select().from(disbursements).where(eq(disbursements.id, disbursementId));
		if (!disbursement) return { ok: false, code: 'not_found' };
		const coordinator = await coordinatingFund(tx, user, disbursement.fundId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const signing = maySignForFund(coordinator.role);
		if (!signing.ok) return signing;
		if (disbursement.proposedBy === user.id) return { ok: false, code: 'second_signatory' };
		if (disbursement.status !== 'proposed') return { ok: false, code: 'invalid_transition' };
		const fundId = disbursement.fundId;
		if (decision.approve) {
			if (coordinator.fund.status !== 'funded') return { ok: false, code: 'fund_not_funded' };
			if (await subsidyIncomplete(tx, disbursementId)) return { ok: false, code: 'subsidy_incomplete' };
			const cash = await disbursable(tx, fundId);
			if (disbursement.amountCents > cash.available) return { ok: false, code: 'over_available' };
			if (disbursement.amountCents > cash.disbursable) return heldBack(cash);
			const name = await beneficiaryName(tx, coordinator.fund, disbursement);
			await tx.update(disbursements).set({ status: 'approved', decidedBy: user.id, decidedAt: now }).where(eq(disbursements.id, disbursementId));
			await appendEntry(tx, {
				fundId,
				kind: 'disburse',
				amountCents: disbursement.amountCents,
				disbursementId,
				reference: name ?? '',
				actorUserId: user.id,
				at: now
			});
			await audit(
				tx,
				coordinator.actor,
				'disbursement.approved',
				{ type: 'fund', id: fundId },
				{ disbursementId, amountCents: disbursement.amountCents, beneficiary: name }
			);
		} else {
			const reason = decision.reason.trim();
			await tx
				.update(disbursements)
				.set({ status: 'rejected', decidedBy: user.id, decidedAt: now, rejectionReason: reason })
				.where(eq(disbursements.id, disbursementId));
			await audit(tx, coordinator.actor, 'disbursement.rejected', { type: 'fund', id: fundId }, { disbursementId, reason });
		}
		await notify(tx, [disbursement.proposedBy], {
			type: decision.approve ? 'fund.disbursement_approved' : 'fund.disbursement_rejected',
			params: { fund: coordinator.fund.name },
			link: dashboardLink(fundId)
		});
		return { ok: true };
	});
}
