import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { write, type Tx } from '../db';
import {
	conversationParties,
	consortia,
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
import { conversationParty, conversationSubject, messageBody, MAX_SUBJECT_LENGTH, type ConversationRefusal } from '../../domain/conversations';
import { consortiumParties, conversationAccess, memberOfParties } from './policy';

export type ConversationOutcome<T = object> = ({ ok: true } & T) | { ok: false; code: ConversationRefusal };

/** A PDF already kept by uploads/store (storeUploadedPdf), joined to a message. */
export type MessageAttachment = { file: string; name: string; size: number };

/** Appends a message, marks it read by its author, audits it (never its text) and tells the other parties' members. */
async function appendMessage(
	tx: Tx,
	user: User,
	conversationId: string,
	party: string,
	parties: string[],
	subject: string,
	body: string,
	attachment: MessageAttachment | null = null
) {
	const now = new Date();
	const id = newId();
	await tx.insert(messages).values({
		id,
		conversationId,
		authorUserId: user.id,
		authorOrganisationId: party,
		body,
		attachmentFile: attachment?.file ?? null,
		attachmentName: attachment?.name ?? null,
		attachmentSize: attachment?.size ?? null,
		createdAt: now
	});
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
		{ messageId: id, length: body.length, ...(attachment ? { attachmentSize: attachment.size } : {}) }
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
	raw: string,
	attachment: MessageAttachment | null = null
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
		const party = conversationParty(parties, await memberOfParties(tx, user.id, parties), actingId);
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
		await appendMessage(tx, user, conversationId, party, parties, subject, checked.body, attachment);
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
export function postMessage(
	user: User,
	conversationId: string,
	actingId: string | null,
	raw: string,
	attachment: MessageAttachment | null = null
): Promise<ConversationOutcome<{ messageId: string }>> {
	const checked = messageBody(raw);
	if (!checked.ok) return Promise.resolve(checked);
	return write(async (tx) => {
		const access = await conversationAccess(tx, user.id, conversationId, actingId);
		if (!access) return { ok: false, code: 'not_found' };
		const messageId = await appendMessage(tx, user, conversationId, access.party, access.parties, access.conversation.subject, checked.body, attachment);
		return { ok: true, messageId };
	});
}

/**
 * A current member of a consortium (an organisation whose membership is accepted or council-approved) starts a
 * thread among all its current members. Who joins the consortium later reads it; who leaves it reads it no more.
 */
export function startConsortiumConversation(
	user: User,
	consortiumId: string,
	actingId: string | null,
	rawSubject: string,
	rawBody: string,
	attachment: MessageAttachment | null = null
): Promise<ConversationOutcome<{ conversationId: string }>> {
	const subject = conversationSubject(rawSubject);
	if (!subject.ok) return Promise.resolve(subject);
	const checked = messageBody(rawBody);
	if (!checked.ok) return Promise.resolve(checked);
	return write(async (tx) => {
		const [consortium] = await tx.select({ id: consortia.id }).from(consortia).where(eq(consortia.id, consortiumId));
		if (!consortium) return { ok: false, code: 'not_found' };
		const parties = await consortiumParties(tx, consortiumId);
		const party = conversationParty(parties, await memberOfParties(tx, user.id, parties), actingId);
		if (!party) return { ok: false, code: 'not_a_consortium_member' };
		const now = new Date();
		const conversationId = newId();
		await tx
			.insert(conversations)
			.values({ id: conversationId, subject: subject.subject, consortiumId, createdBy: user.id, createdAt: now, lastMessageAt: now });
		await audit(
			tx,
			{ userId: user.id, organisationId: party },
			'conversation.started',
			{ type: 'conversation', id: conversationId },
			{ consortiumId, parties }
		);
		await appendMessage(tx, user, conversationId, party, parties, subject.subject, checked.body, attachment);
		return { ok: true, conversationId };
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
