import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { db } from '../db';
import { conversationParties, conversations, messages, organisations, projectInterests, projects, users } from '../db/schema';

// What a person reads of conversations: only those of organisations they currently belong to.

export const MAX_CONVERSATIONS = 100;
export const MAX_MESSAGES = 200;

/** Qualified by hand: drizzle leaves a one-table select's columns bare, which a subquery would misread. */
const conversationId = sql.raw('"conversations"."id"');

/** Messages after the person last read the conversation, written by someone else. */
const unreadOf = (userId: string) =>
	sql<number>`(
	SELECT count(*) FROM messages m WHERE m.conversation_id = ${conversationId} AND m.author_user_id <> ${userId}
	AND m.created_at > coalesce((SELECT read_at FROM conversation_reads r WHERE r.conversation_id = ${conversationId} AND r.user_id = ${userId}), 0)
)`.mapWith(Number);

const ofMyOrganisations = (userId: string) =>
	sql`${conversationId} IN (SELECT p.conversation_id FROM conversation_parties p INNER JOIN memberships ms
		ON ms.organisation_id = p.organisation_id WHERE ms.user_id = ${userId})`;

/** The person's conversations, latest first, with their parties and unread counts, in two queries. */
export async function conversationsOf(userId: string) {
	const rows = await db()
		.select({ id: conversations.id, subject: conversations.subject, lastMessageAt: conversations.lastMessageAt, unread: unreadOf(userId) })
		.from(conversations)
		.where(ofMyOrganisations(userId))
		.orderBy(desc(conversations.lastMessageAt))
		.limit(MAX_CONVERSATIONS);
	const parties = await partiesOf(rows.map((r) => r.id));
	return rows.map((r) => ({ ...r, parties: parties.get(r.id) ?? [] }));
}

/** How many of the person's conversations hold a message they have not read: the header's count. */
export async function unreadConversationCount(userId: string) {
	const [row] = await db()
		.select({ n: sql<number>`count(*)`.mapWith(Number) })
		.from(conversations)
		.where(and(ofMyOrganisations(userId), sql`${unreadOf(userId)} > 0`));
	return row?.n ?? 0;
}

export async function partiesOf(conversationIds: string[]) {
	const byConversation = new Map<string, { id: string; name: string; slug: string }[]>();
	if (conversationIds.length === 0) return byConversation;
	const rows = await db()
		.select({ conversationId: conversationParties.conversationId, id: organisations.id, name: organisations.name, slug: organisations.slug })
		.from(conversationParties)
		.innerJoin(organisations, eq(organisations.id, conversationParties.organisationId))
		.where(inArray(conversationParties.conversationId, conversationIds))
		.orderBy(asc(organisations.name));
	for (const { conversationId, ...party } of rows) byConversation.set(conversationId, [...(byConversation.get(conversationId) ?? []), party]);
	return byConversation;
}

/** A conversation's latest messages, oldest first, with who wrote them and as which organisation. */
export async function messagesOf(conversationId: string) {
	const rows = await db()
		.select({
			id: messages.id,
			body: messages.body,
			createdAt: messages.createdAt,
			authorName: users.name,
			organisationId: organisations.id,
			organisationName: organisations.name
		})
		.from(messages)
		.innerJoin(users, eq(users.id, messages.authorUserId))
		.innerJoin(organisations, eq(organisations.id, messages.authorOrganisationId))
		.where(eq(messages.conversationId, conversationId))
		.orderBy(desc(messages.createdAt), desc(messages.id))
		.limit(MAX_MESSAGES);
	return rows.reverse();
}

/** The request a conversation would start from, with its two organisations, for the "write" page. */
export async function interestForConversation(interestId: string) {
	const [row] = await db()
		.select({
			id: projectInterests.id,
			kind: projectInterests.kind,
			projectId: projects.id,
			projectTitle: projects.title,
			requesterId: projectInterests.organisationId,
			ownerId: projects.proposerOrganisationId
		})
		.from(projectInterests)
		.innerJoin(projects, eq(projects.id, projectInterests.projectId))
		.where(eq(projectInterests.id, interestId));
	if (!row) return null;
	const names = new Map(
		(
			await db()
				.select({ id: organisations.id, name: organisations.name })
				.from(organisations)
				.where(inArray(organisations.id, [row.requesterId, row.ownerId]))
		).map((o) => [o.id, o.name])
	);
	return { ...row, requesterName: names.get(row.requesterId) ?? '', ownerName: names.get(row.ownerId) ?? '' };
}
