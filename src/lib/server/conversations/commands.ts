import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { write, type Tx } from '../db';
import {
	conversationParties,
	conversationReads,
	conversations,
	memberships,
	messages,
	organisations,
	projectInterests,
	projects,
	type User
} from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { conversationParty, messageBody, MAX_SUBJECT_LENGTH, type ConversationRefusal } from '../../domain/conversations';
import { conversationAccess } from './policy';

export type ConversationOutcome<T = object> = ({ ok: true } & T) | { ok: false; code: ConversationRefusal };

/** Appends a message, marks it read by its author, audits it (never its text) and tells the other parties' members. */
async function appendMessage(tx: Tx, user: User, conversationId: string, party: string, parties: string[], subject: string, body: string) {
	const now = new Date();
	const id = newId();
	await tx.insert(messages).values({ id, conversationId, authorUserId: user.id, authorOrganisationId: party, body, createdAt: now });
	await tx.update(conversations).set({ lastMessageAt: now }).where(eq(conversations.id, conversationId));
	await tx
		.insert(conversationReads)
		.values({ conversationId, userId: user.id, readAt: now })
		.onConflictDoUpdate({ target: [conversationReads.conversationId, conversationReads.userId], set: { readAt: now } });
	await audit(
		tx,
		{ userId: user.id, organisationId: party },
		'conversation.message_posted',
		{ type: 'conversation', id: conversationId },
		{ messageId: id, length: body.length }
	);
	const [author] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, party));
	const recipients = await tx
		.selectDistinct({ userId: memberships.userId })
		.from(memberships)
		.where(and(inArray(memberships.organisationId, parties), ne(memberships.userId, user.id)));
	await notify(
		tx,
		recipients.map((r) => r.userId),
		{ type: 'conversation.message', params: { organisation: author.name, subject }, link: `/messages/${conversationId}` }
	);
	return id;
}

/**
 * From a request to join or replicate a project: a member of the requesting organisation or of the
 * project's owner writes to the other. The two organisations' conversation about that project is
 * reused if it exists, so a request has one thread.
 */
export function startConversationFromInterest(
	user: User,
	interestId: string,
	actingId: string | null,
	raw: string
): Promise<ConversationOutcome<{ conversationId: string }>> {
	const checked = messageBody(raw);
	if (!checked.ok) return Promise.resolve(checked);
	return write(async (tx) => {
		const [row] = await tx
			.select({ requester: projectInterests.organisationId, owner: projects.proposerOrganisationId, title: projects.title })
			.from(projectInterests)
			.innerJoin(projects, eq(projects.id, projectInterests.projectId))
			.where(eq(projectInterests.id, interestId));
		if (!row) return { ok: false, code: 'not_found' };
		const parties = [row.requester, row.owner];
		const memberOf = (
			await tx
				.select({ id: memberships.organisationId })
				.from(memberships)
				.where(and(eq(memberships.userId, user.id), inArray(memberships.organisationId, parties)))
		).map((m) => m.id);
		const party = conversationParty(parties, memberOf, actingId);
		if (!party) return { ok: false, code: 'not_a_party' };
		const subject = row.title.slice(0, MAX_SUBJECT_LENGTH);
		const existing = await existingConversation(tx, parties, subject);
		const conversationId = existing ?? newId();
		if (!existing) {
			const now = new Date();
			await tx.insert(conversations).values({ id: conversationId, subject, createdBy: user.id, createdAt: now, lastMessageAt: now });
			await tx.insert(conversationParties).values(parties.map((organisationId) => ({ conversationId, organisationId })));
			await audit(
				tx,
				{ userId: user.id, organisationId: party },
				'conversation.started',
				{ type: 'conversation', id: conversationId },
				{ interestId, parties }
			);
		}
		await appendMessage(tx, user, conversationId, party, parties, subject, checked.body);
		return { ok: true, conversationId };
	});
}

/** The two organisations' conversation on that subject, outside any consortium, if there is one. */
async function existingConversation(tx: Tx, parties: string[], subject: string) {
	const candidates = await tx
		.select({ id: conversations.id, organisationId: conversationParties.organisationId })
		.from(conversations)
		.innerJoin(conversationParties, eq(conversationParties.conversationId, conversations.id))
		.where(and(eq(conversations.subject, subject), isNull(conversations.consortiumId)));
	const byConversation = new Map<string, string[]>();
	for (const c of candidates) byConversation.set(c.id, [...(byConversation.get(c.id) ?? []), c.organisationId]);
	for (const [id, members] of byConversation) {
		if (members.length === parties.length && parties.every((p) => members.includes(p))) return id;
	}
	return null;
}

/** A current member of one of the conversation's organisations writes in it. */
export function postMessage(user: User, conversationId: string, actingId: string | null, raw: string): Promise<ConversationOutcome<{ messageId: string }>> {
	const checked = messageBody(raw);
	if (!checked.ok) return Promise.resolve(checked);
	return write(async (tx) => {
		const access = await conversationAccess(tx, user.id, conversationId, actingId);
		if (!access) return { ok: false, code: 'not_found' };
		const messageId = await appendMessage(tx, user, conversationId, access.party, access.parties, access.conversation.subject, checked.body);
		return { ok: true, messageId };
	});
}

/** Marks a conversation read by a person who may read it (when they open it). */
export function markConversationRead(userId: string, conversationId: string) {
	return write(async (tx) => {
		const now = new Date();
		await tx
			.insert(conversationReads)
			.values({ conversationId, userId, readAt: now })
			.onConflictDoUpdate({ target: [conversationReads.conversationId, conversationReads.userId], set: { readAt: now } });
	});
}
