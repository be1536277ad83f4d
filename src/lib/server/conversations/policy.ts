import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../db';
import { consortiumMembers, conversationParties, conversations, memberships } from '../db/schema';
import { conversationParty } from '../../domain/conversations';
import { currentMemberStatuses } from '../../domain/consortia';

/** The organisations that are CURRENT members of a consortium (accepted or council-approved): who its threads are among. */
export async function consortiumParties(q: Queryable, consortiumId: string) {
	return (
		await q
			.select({ id: consortiumMembers.organisationId })
			.from(consortiumMembers)
			.where(
				and(
					eq(consortiumMembers.consortiumId, consortiumId),
					isNotNull(consortiumMembers.organisationId),
					inArray(consortiumMembers.status, [...currentMemberStatuses])
				)
			)
	).map((p) => p.id as string);
}

/** Of `parties`, those the person is a CURRENT member of. */
export async function memberOfParties(q: Queryable, userId: string, parties: string[]) {
	if (parties.length === 0) return [];
	return (
		await q
			.select({ id: memberships.organisationId })
			.from(memberships)
			.where(and(eq(memberships.userId, userId), inArray(memberships.organisationId, parties)))
	).map((m) => m.id);
}

/**
 * Whether a person may read and write a conversation, and as which of its organisations: from their
 * CURRENT memberships, read now. A consortium's thread is among the consortium's current members, read
 * now too: a member that withdrew or was removed reads nothing more there. The one predicate used by the
 * pages (404 otherwise), the attachments' downloads and the commands.
 */
export async function conversationAccess(q: Queryable, userId: string, conversationId: string, actingId: string | null) {
	const [conversation] = await q.select().from(conversations).where(eq(conversations.id, conversationId));
	if (!conversation) return null;
	const parties = conversation.consortiumId
		? await consortiumParties(q, conversation.consortiumId)
		: (await q.select({ id: conversationParties.organisationId }).from(conversationParties).where(eq(conversationParties.conversationId, conversationId))).map(
				(p) => p.id
			);
	const party = conversationParty(parties, await memberOfParties(q, userId, parties), actingId);
	return party ? { conversation, parties, party } : null;
}
