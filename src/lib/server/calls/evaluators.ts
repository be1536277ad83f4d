import { and, eq } from 'drizzle-orm';
import { db, type Queryable } from '../db';
import { callEvaluators, calls, memberships } from '../db/schema';

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
