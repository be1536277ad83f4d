import { and, eq, inArray } from 'drizzle-orm';
import { write, type Tx } from '../db';
import { callCriteria, calls, evaluationScores, memberships, responseConflicts, responses, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { notify } from '../notifications/notify';
import type { EvaluationOutcome } from './refusals';
import { publisherFor } from './commands';
import { isEvaluator } from './evaluators';

/** The response and its call if `user` evaluates that call (the one rule, `isEvaluator`) and is not a member of the responding startup. */
async function responseForEvaluator(tx: Tx, user: User, responseId: string) {
	const [row] = await tx
		.select({ response: responses, call: calls })
		.from(responses)
		.innerJoin(calls, eq(calls.id, responses.callId))
		.where(eq(responses.id, responseId));
	if (!row || !(await isEvaluator(row.call.id, user.id, tx))) return undefined;
	const [ownStartup] = await tx
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(and(eq(memberships.organisationId, row.response.startupOrganisationId), eq(memberships.userId, user.id)));
	return ownStartup ? undefined : row;
}

const SCORABLE_RESPONSES = ['submitted', 'shortlisted', 'rejected', 'selected'];

/** An evaluator declares, for one response, whether they have a conflict of interest. */
export async function declareConflict(user: User, responseId: string, hasConflict: boolean): Promise<EvaluationOutcome> {
	return write(async (tx) => {
		const row = await responseForEvaluator(tx, user, responseId);
		if (!row || !SCORABLE_RESPONSES.includes(row.response.status)) return { ok: false, code: 'not_an_evaluator' };
		const [existing] = await tx
			.select()
			.from(responseConflicts)
			.where(and(eq(responseConflicts.responseId, responseId), eq(responseConflicts.evaluatorId, user.id)));
		if (existing) return { ok: false, code: 'already_declared' };
		await tx.insert(responseConflicts).values({ responseId, evaluatorId: user.id, hasConflict, declaredAt: new Date() });
		await audit(
			tx,
			{ userId: user.id, organisationId: row.call.publisherOrganisationId },
			'evaluation.conflict_declared',
			{
				type: 'response',
				id: responseId
			},
			{ hasConflict }
		);
		return { ok: true };
	});
}

export interface ScoreInput {
	criterionId: string;
	score: number;
	comment: string;
}

/**
 * An evaluator without a conflict scores each criterion 0–5 with a comment, once the call has
 * closed and until it is decided. Scoring moves a closed call to evaluating.
 */
export async function scoreResponse(user: User, responseId: string, scores: ScoreInput[]): Promise<EvaluationOutcome> {
	return write(async (tx) => {
		const row = await responseForEvaluator(tx, user, responseId);
		if (!row || !SCORABLE_RESPONSES.includes(row.response.status)) return { ok: false, code: 'not_an_evaluator' };
		if (row.call.status !== 'closed' && row.call.status !== 'evaluating') return { ok: false, code: 'not_scorable_now' };
		const [declaration] = await tx
			.select()
			.from(responseConflicts)
			.where(and(eq(responseConflicts.responseId, responseId), eq(responseConflicts.evaluatorId, user.id)));
		if (!declaration) return { ok: false, code: 'declare_first' };
		if (declaration.hasConflict) return { ok: false, code: 'conflicted' };
		const criteria = await tx.select().from(callCriteria).where(eq(callCriteria.callId, row.call.id));
		const byId = new Map(scores.map((s) => [s.criterionId, s]));
		if (criteria.length !== scores.length || criteria.some((c) => !byId.has(c.id))) return { ok: false, code: 'score_every_criterion' };
		if (scores.some((s) => !Number.isInteger(s.score) || s.score < 0 || s.score > 5)) return { ok: false, code: 'score_range' };
		const now = new Date();
		for (const s of scores) {
			await tx
				.insert(evaluationScores)
				.values({ responseId, evaluatorId: user.id, criterionId: s.criterionId, score: s.score, comment: s.comment, scoredAt: now })
				.onConflictDoUpdate({
					target: [evaluationScores.responseId, evaluationScores.evaluatorId, evaluationScores.criterionId],
					set: { score: s.score, comment: s.comment, scoredAt: now }
				});
		}
		const actor = { userId: user.id, organisationId: row.call.publisherOrganisationId };
		if (row.call.status === 'closed') {
			await tx.update(calls).set({ status: 'evaluating', updatedAt: now }).where(eq(calls.id, row.call.id));
			await audit(tx, actor, 'call.evaluating', { type: 'call', id: row.call.id });
		}
		await audit(tx, actor, 'evaluation.scored', { type: 'response', id: responseId });
		return { ok: true };
	});
}

export type Decision = 'shortlisted' | 'rejected' | 'selected';

/** The publisher's admin shortlists, rejects or selects a response, with a written justification. */
export async function decideResponse(user: User, responseId: string, decision: Decision, justification: string): Promise<EvaluationOutcome> {
	return write(async (tx) => {
		const [row] = await tx
			.select({ response: responses, call: calls })
			.from(responses)
			.innerJoin(calls, eq(calls.id, responses.callId))
			.where(eq(responses.id, responseId));
		if (!row) return { ok: false, code: 'not_found' };
		const publisher = await publisherFor(tx, user, row.call.publisherOrganisationId, true);
		if (publisher.refusal) return { ok: false, code: publisher.refusal };
		if (row.call.status !== 'closed' && row.call.status !== 'evaluating') return { ok: false, code: 'not_decidable_now' };
		const allowed = row.response.status === 'submitted' || (row.response.status === 'shortlisted' && decision !== 'shortlisted');
		if (!allowed) return { ok: false, code: 'invalid_transition' };
		const now = new Date();
		await tx
			.update(responses)
			.set({ status: decision, justification: justification.trim(), decidedAt: now, updatedAt: now })
			.where(eq(responses.id, responseId));
		await audit(
			tx,
			{ userId: user.id, organisationId: row.call.publisherOrganisationId },
			`response.${decision}`,
			{
				type: 'response',
				id: responseId
			},
			{ justification }
		);
		const members = await tx
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(inArray(memberships.organisationId, [row.response.startupOrganisationId]));
		await notify(
			tx,
			members.map((m) => m.userId),
			{
				type: `response.${decision}`,
				params: { call: row.call.title },
				link: `/calls/${row.call.id}/respond`
			}
		);
		return { ok: true };
	});
}
