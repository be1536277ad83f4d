import { and, eq } from 'drizzle-orm';
import { db, type Queryable, type Tx } from '../db';
import { callEvaluators, calls, memberships } from '../db/schema';
import { audit, type Actor } from '../audit/audit';

/**
 * The one rule for evaluator rights: `userId` evaluates `callId` while assigned to it AND still a
 * member of the organisation that publishes it. Used by the evaluation pages, the responses and their
 * PDFs, and the scoring commands, so leaving the organisation ends every one of them at once.
 */
export async function isEvaluator(callId: string, userId: string, q: Queryable = db()): Promise<boolean> {
	const [row] = await q
		.select({ userId: callEvaluators.userId })
		.from(callEvaluators)
		.innerJoin(calls, eq(calls.id, callEvaluators.callId))
		.innerJoin(memberships, and(eq(memberships.organisationId, calls.publisherOrganisationId), eq(memberships.userId, callEvaluators.userId)))
		.where(and(eq(callEvaluators.callId, callId), eq(callEvaluators.userId, userId)));
	return Boolean(row);
}

/**
 * Someone leaves an organisation (or is removed from it): their evaluator assignments on its calls
 * go too, each with an audit event, in the transaction of the removal.
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
