import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db';
import { conversationParties, conversations, memberships } from '../db/schema';
import { conversationParty } from '../../domain/conversations';

/**
 * Whether a person may read and write a conversation, and as which of its organisations: from their
 * CURRENT memberships, read now. The one predicate used by the pages (404 otherwise) and the commands.
 */
export async function conversationAccess(q: Queryable, userId: string, conversationId: string, actingId: string | null) {
	const [conversation] = await q.select().from(conversations).where(eq(conversations.id, conversationId));
	if (!conversation) return null;
	const parties = (
		await q.select({ id: conversationParties.organisationId }).from(conversationParties).where(eq(conversationParties.conversationId, conversationId))
	).map((p) => p.id);
	const memberOf = parties.length
		? (
				await q
					.select({ id: memberships.organisationId })
					.from(memberships)
					.where(and(eq(memberships.userId, userId), inArray(memberships.organisationId, parties)))
			).map((m) => m.id)
		: [];
	const party = conversationParty(parties, memberOf, actingId);
	return party ? { conversation, parties, party } : null;
}
