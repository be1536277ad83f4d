import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { db, write, type Tx } from '../db';
import { callChanges, callDocuments, calls, memberships, responses, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { followersOf } from '../follows/follows';
import { publisherFor } from './commands';
import { removeStoredFile, storeUploadedPdf, type StoredFile } from '../uploads/store';
import { isPublicChange, MAX_CALL_DOCUMENTS, type CallChangeKind } from '../../domain/call-documents';
import { mayChangeDocuments } from './policy';
import type { CallDocumentOutcome as Outcome } from './refusals';

export type { CallDocumentRefusal } from './refusals';

/** Keeps an uploaded call document (checked as every uploaded PDF is: storeUploadedPdf). */
export const storeCallDocument = storeUploadedPdf;

/** The people told of a public change: members of organisations preparing or having sent a response, and followers. */
async function concernedBy(tx: Tx, callId: string) {
	const members = await tx
		.select({ userId: memberships.userId })
		.from(responses)
		.innerJoin(memberships, eq(memberships.organisationId, responses.startupOrganisationId))
		.where(and(eq(responses.callId, callId), inArray(responses.status, ['draft', 'submitted'])));
	return [...members.map((r) => r.userId), ...(await followersOf(tx, 'call', callId))];
}

async function recordChange(tx: Tx, user: User, call: typeof calls.$inferSelect, kind: CallChangeKind, documentName: string, note: string, now: Date) {
	if (!isPublicChange(call.status)) return;
	await tx.insert(callChanges).values({ id: newId(), callId: call.id, kind, documentName, note, at: now, userId: user.id });
	await tx.update(calls).set({ updatedAt: now }).where(eq(calls.id, call.id));
	await notify(tx, await concernedBy(tx, call.id), {
		type: 'call.documents_changed',
		params: { call: call.title, document: documentName },
		link: `/calls/${call.id}#documents`
	});
}

async function changeableCall(tx: Tx, user: User, callId: string) {
	const [call] = await tx.select().from(calls).where(eq(calls.id, callId));
	if (!call) return { refusal: 'not_found' as const };
	const publisher = await publisherFor(tx, user, call.publisherOrganisationId);
	if (publisher.refusal) return { refusal: publisher.refusal };
	const changing = mayChangeDocuments(publisher.role, call.status);
	if (!changing.ok) return { refusal: changing.code };
	return { call };
}

/**
 * A member of the publisher attaches a stored PDF to a draft call; once open, an admin, and the change
 * is dated on the page and sent to everyone preparing a response or following the call.
 */
export async function addCallDocument(
	user: User,
	callId: string,
	document: Extract<StoredFile, { ok: true }>,
	note = '',
	now = new Date()
): Promise<Outcome<{ id: string }>> {
	const outcome = await write(async (tx): Promise<Outcome<{ id: string }>> => {
		const changeable = await changeableCall(tx, user, callId);
		if (changeable.refusal) return { ok: false, code: changeable.refusal };
		const { call } = changeable;
		const [{ n }] = await tx.select({ n: count() }).from(callDocuments).where(eq(callDocuments.callId, callId));
		if (n >= MAX_CALL_DOCUMENTS) return { ok: false, code: 'too_many_documents' };
		const id = newId();
		await tx
			.insert(callDocuments)
			.values({ id, callId, name: document.name, file: document.file, size: document.size, sha256: document.sha256, addedBy: user.id, addedAt: now });
		await audit(
			tx,
			{ userId: user.id, organisationId: call.publisherOrganisationId },
			'call.document_added',
			{ type: 'call', id: callId },
			{
				documentId: id,
				name: document.name,
				sha256: document.sha256
			}
		);
		await recordChange(tx, user, call, 'document_added', document.name, note, now);
		return { ok: true, id };
	});
	if (!outcome.ok) await removeStoredFile(document.file);
	return outcome;
}

/** Removes a document under the same rule; the file goes once the change is committed. */
export async function removeCallDocument(user: User, callId: string, documentId: string, note = '', now = new Date()): Promise<Outcome> {
	let removed: string | null = null;
	const outcome = await write(async (tx): Promise<Outcome> => {
		const changeable = await changeableCall(tx, user, callId);
		if (changeable.refusal) return { ok: false, code: changeable.refusal };
		const { call } = changeable;
		const [document] = await tx
			.select()
			.from(callDocuments)
			.where(and(eq(callDocuments.id, documentId), eq(callDocuments.callId, callId)));
		if (!document) return { ok: false, code: 'not_found' };
		await tx.delete(callDocuments).where(eq(callDocuments.id, documentId));
		await audit(
			tx,
			{ userId: user.id, organisationId: call.publisherOrganisationId },
			'call.document_removed',
			{ type: 'call', id: callId },
			{
				documentId,
				name: document.name
			}
		);
		await recordChange(tx, user, call, 'document_removed', document.name, note, now);
		removed = document.file;
		return { ok: true };
	});
	if (outcome.ok) await removeStoredFile(removed);
	return outcome;
}

export function documentsOf(callId: string) {
	return db()
		.select({ id: callDocuments.id, name: callDocuments.name, size: callDocuments.size, sha256: callDocuments.sha256, addedAt: callDocuments.addedAt })
		.from(callDocuments)
		.where(eq(callDocuments.callId, callId))
		.orderBy(asc(callDocuments.addedAt), asc(callDocuments.name));
}

export async function documentOf(callId: string, documentId: string) {
	const [row] = await db()
		.select()
		.from(callDocuments)
		.where(and(eq(callDocuments.id, documentId), eq(callDocuments.callId, callId)));
	return row;
}

/** The dated changes of a public call, newest first. */
export function changesOf(callId: string) {
	return db()
		.select({ id: callChanges.id, kind: callChanges.kind, documentName: callChanges.documentName, note: callChanges.note, at: callChanges.at })
		.from(callChanges)
		.where(eq(callChanges.callId, callId))
		.orderBy(desc(callChanges.at));
}
