import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { callEvaluators, calls } from '../db/schema';
import { audit, type Actor } from '../audit/audit';

/**
 * Someone leaves an organisation (or is removed from it): their evaluator assignments on its calls
 * go too, each with an audit event, in the transaction of the removal. It lives with the membership that
 * granted them (calls sit above organisations); `isEvaluator` in calls/evaluators asks for the membership too.
 */
export async function revokeEvaluatorAssignments(tx: Tx, actor: Actor, organisationId: string, userId: string) {
	const assigned = await tx
		.select({ callId: callEvaluators.callId })
		.from(callEvaluators)
		.innerJoin(calls, eq(calls.id, callEvaluators.callId))
		.where(and(eq(calls.publisherOrganisationId, organisationId), eq(callEvaluators.userId, userId)));
	for (const { callId } of assigned) {
		await tx.delete(callEvaluators).where(and(eq(callEvaluators.callId, callId), eq(callEvaluators.userId, userId)));
		await audit(tx, actor, 'call.evaluator_revoked', { type: 'call', id: callId }, { evaluatorId: userId, reason: 'membership_ended' });
	}
	return assigned.length;
}
