import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { db } from '../db';
import { consortia, consortiumMembers, conversationParties, conversations, messages, organisations, projectInterests, projects, users } from '../db/schema';
import { currentMemberStatuses } from '../../domain/consortia';

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

const currentStatuses = sql.join(
	currentMemberStatuses.map((s) => sql`${s}`),
	sql`, `
);

/** Two organisations' threads the person's organisations are parties to, and the threads of consortia they are CURRENT members of. */
const ofMyOrganisations = (userId: string) =>
	sql`(${conversationId} IN (SELECT p.conversation_id FROM conversation_parties p INNER JOIN memberships ms
		ON ms.organisation_id = p.organisation_id WHERE ms.user_id = ${userId})
	OR "conversations"."consortium_id" IN (SELECT cm.consortium_id FROM consortium_members cm INNER JOIN memberships ms
		ON ms.organisation_id = cm.organisation_id WHERE ms.user_id = ${userId} AND cm.status IN (${currentStatuses})))`;

/** The person's conversations, latest first, with their parties and unread counts, in two queries. */
export async function conversationsOf(userId: string) {
	const rows = await db()
		.select({
			id: conversations.id,
			subject: conversations.subject,
			lastMessageAt: conversations.lastMessageAt,
			consortiumId: conversations.consortiumId,
			unread: unreadOf(userId)
		})
		.from(conversations)
		.where(ofMyOrganisations(userId))
		.orderBy(desc(conversations.lastMessageAt))
		.limit(MAX_CONVERSATIONS);
	const parties = await partiesOf(rows);
	return rows.map((r) => ({ ...r, parties: parties.get(r.id) ?? [] }));
}

/** How many of the person's conversations hold a message they have not read: the header's count. */
export async function unreadConversationCount(userId: string) {
	const [row] = await unreadConversationCountQuery(userId);
	return row?.n ?? 0;
}

/** The same count as a query of its own, which the header's counts select as a subquery (header-counts.ts). */
export function unreadConversationCountQuery(userId: string) {
	return db()
		.select({ n: sql<number>`count(*)`.mapWith(Number) })
		.from(conversations)
		.where(and(ofMyOrganisations(userId), sql`${unreadOf(userId)} > 0`));
}

/**
 * The organisations each conversation is among, by name: a two-organisation thread's parties, a consortium
 * thread's CURRENT members. Two queries whatever the number of conversations.
 */
export async function partiesOf(list: { id: string; consortiumId: string | null }[]) {
	const byConversation = new Map<string, { id: string; name: string; slug: string }[]>();
	const twoParty = list.filter((c) => !c.consortiumId).map((c) => c.id);
	const ofConsortia = [...new Set(list.flatMap((c) => (c.consortiumId ? [c.consortiumId] : [])))];
	const [rows, members] = await Promise.all([
		twoParty.length
			? db()
					.select({ conversationId: conversationParties.conversationId, id: organisations.id, name: organisations.name, slug: organisations.slug })
					.from(conversationParties)
					.innerJoin(organisations, eq(organisations.id, conversationParties.organisationId))
					.where(inArray(conversationParties.conversationId, twoParty))
					.orderBy(asc(organisations.name))
			: [],
		ofConsortia.length
			? db()
					.select({ consortiumId: consortiumMembers.consortiumId, id: organisations.id, name: organisations.name, slug: organisations.slug })
					.from(consortiumMembers)
					.innerJoin(organisations, eq(organisations.id, consortiumMembers.organisationId))
					.where(
						and(
							inArray(consortiumMembers.consortiumId, ofConsortia),
							isNotNull(consortiumMembers.organisationId),
							inArray(consortiumMembers.status, [...currentMemberStatuses])
						)
					)
					.orderBy(asc(organisations.name))
			: []
	]);
	for (const { conversationId, ...party } of rows) byConversation.set(conversationId, [...(byConversation.get(conversationId) ?? []), party]);
	for (const c of list) {
		if (c.consortiumId)
			byConversation.set(
				c.id,
				members.filter((m) => m.consortiumId === c.consortiumId).map(({ id, name, slug }) => ({ id, name, slug }))
			);
	}
	return byConversation;
}

/** The consortium a thread is among the members of, by name, for its page. */
export async function consortiumOfConversation(consortiumId: string | null) {
	if (!consortiumId) return null;
	const [row] = await db().select({ id: consortia.id, name: consortia.name }).from(consortia).where(eq(consortia.id, consortiumId));
	return row ?? null;
}

/** A message's attachment, if that message is in that conversation and has one. The caller checked who may read it. */
export async function messageAttachment(conversationId: string, messageId: string) {
	const [row] = await db()
		.select({ file: messages.attachmentFile, name: messages.attachmentName })
		.from(messages)
		.where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId), isNotNull(messages.attachmentFile)));
	return row?.file ? { file: row.file, name: row.name } : null;
}

/** A conversation's latest messages, oldest first, with who wrote them and as which organisation. */
export async function messagesOf(conversationId: string) {
	const rows = await db()
		.select({
			id: messages.id,
			body: messages.body,
			attachmentName: messages.attachmentName,
			attachmentSize: messages.attachmentSize,
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
