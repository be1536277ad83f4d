import { and, count, eq } from 'drizzle-orm';
import { write, type Tx } from '../db';
import { calls, consortia, organisations, responseAttachments, responses, type Call, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { roleIn } from '../organisations/queries';
import { mayRespond, respondsAs } from './policy';
import type { ResponseOutcome } from './refusals';
import { acceptsResponses } from '../../domain/calls';
import { MAX_ATTACHMENTS, needsPriceConfirmation, priceConcern, type AttachmentKind } from '../../domain/responses';
import { writeReceipt } from './receipts';
import { enqueueMail } from '../mail/outbox';
import { config } from '../config';
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import type { ResponseInput } from '$lib/schemas/calls';
import { removeStoredFile, type StoredFile } from '../uploads/store';
import { eligibilityFor } from '../consortia/eligibility';

/**
 * The responding organisation if `user` may answer `call` for it: a verified startup for a call for
 * experimentation; for a call addressed to consortia, the verified coordinator of `consortiumId`.
 */
async function respondentFor(tx: Tx, user: User, call: Call, organisationId: string, consortiumId: string | null) {
	const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
	const role = organisation ? await roleIn(tx, organisationId, user.id) : null;
	if (!organisation || !role) return { refusal: respondsAs(call.audience) };
	let coordinates = false;
	if (call.audience === 'consortia') {
		const [consortium] = consortiumId ? await tx.select().from(consortia).where(eq(consortia.id, consortiumId)) : [];
		coordinates = Boolean(consortium && consortium.coordinatorOrganisationId === organisationId && consortium.status !== 'dissolved');
	}
	const verdict = mayRespond(organisation, role, call.audience, coordinates);
	return verdict.ok ? { organisation } : { refusal: verdict.code };
}

type Attachment = (Extract<StoredFile, { ok: true }> & { kind: AttachmentKind }) | null;

/**
 * Creates or edits the startup's response to an open call, before its deadline. A submitted response
 * stays submitted when edited. The attachment, when given, is added to the response's (at most ten).
 */
export async function saveResponse(
	user: User,
	callId: string,
	startupId: string,
	input: ResponseInput,
	attachment: Attachment,
	now = new Date(),
	consortiumId: string | null = null
): Promise<ResponseOutcome<{ id: string }>> {
	const outcome = await write(async (tx): Promise<ResponseOutcome<{ id: string }>> => {
		const [call] = await tx.select().from(calls).where(eq(calls.id, callId));
		if (!call) return { ok: false, code: 'not_found' };
		if (!acceptsResponses(call.status, call.opensAt, call.closesAt, now)) return { ok: false, code: 'call_closed' };
		const who = await respondentFor(tx, user, call, startupId, consortiumId);
		if (who.refusal) return { ok: false, code: who.refusal };
		const values = {
			consortiumId: call.audience === 'consortia' ? consortiumId : null,
			proposal: input.proposal,
			priceCents: input.price,
			durationMonths: input.durationMonths,
			team: input.team,
			references: input.references,
			updatedAt: now
		};
		const [existing] = await tx
			.select()
			.from(responses)
			.where(and(eq(responses.callId, callId), eq(responses.startupOrganisationId, startupId)));
		if (existing && existing.status !== 'draft' && existing.status !== 'submitted' && existing.status !== 'withdrawn') {
			return { ok: false, code: 'already_decided' };
		}
		if (needsPriceConfirmation(input.price, call.budgetCents, existing?.priceCents ?? null, Boolean(input.confirmPrice))) {
			return { ok: false, code: priceConcern(input.price, call.budgetCents) === 'zero' ? 'price_zero' : 'price_over_budget' };
		}
		const actor = { userId: user.id, organisationId: startupId };
		// One response per organisation and call: a coordinator answers for one of its consortia.
		if (existing && call.audience === 'consortia' && existing.consortiumId !== consortiumId) {
			return { ok: false, code: 'other_consortium' };
		}
		if (existing && attachment) {
			const [{ n }] = await tx.select({ n: count() }).from(responseAttachments).where(eq(responseAttachments.responseId, existing.id));
			if (n >= MAX_ATTACHMENTS) return { ok: false, code: 'too_many_attachments' };
		}
		const id = existing?.id ?? newId();
		if (existing) {
			// Editing a withdrawn response starts a new draft.
			const status = existing.status === 'withdrawn' ? 'draft' : existing.status;
			await tx
				.update(responses)
				.set({ ...values, status })
				.where(eq(responses.id, existing.id));
			await audit(tx, actor, 'response.updated', { type: 'response', id: existing.id });
		} else {
			await tx.insert(responses).values({ id, callId, startupOrganisationId: startupId, createdBy: user.id, createdAt: now, ...values });
			await audit(tx, actor, 'response.created', { type: 'response', id });
		}
		if (attachment) {
			const attachmentId = newId();
			await tx.insert(responseAttachments).values({
				id: attachmentId,
				responseId: id,
				kind: attachment.kind,
				name: attachment.name,
				file: attachment.file,
				size: attachment.size,
				sha256: attachment.sha256,
				addedBy: user.id,
				addedAt: now
			});
			await audit(tx, actor, 'response.attachment_added', { type: 'response', id }, { attachmentId, name: attachment.name, sha256: attachment.sha256 });
		}
		return { ok: true, id };
	});
	if (!outcome.ok && attachment) await removeStoredFile(attachment.file);
	return outcome;
}

async function changeStatus(user: User, responseId: string, from: string[], to: 'submitted' | 'withdrawn', now: Date): Promise<ResponseOutcome> {
	return write(async (tx) => {
		const [row] = await tx
			.select({ response: responses, call: calls })
			.from(responses)
			.innerJoin(calls, eq(calls.id, responses.callId))
			.where(eq(responses.id, responseId));
		if (!row) return { ok: false, code: 'not_found' };
		const who = await respondentFor(tx, user, row.call, row.response.startupOrganisationId, row.response.consortiumId);
		if (who.refusal) return { ok: false, code: who.refusal };
		if (!acceptsResponses(row.call.status, row.call.opensAt, row.call.closesAt, now)) return { ok: false, code: 'call_closed' };
		if (!from.includes(row.response.status)) return { ok: false, code: 'invalid_transition' };
		// Only a consortium that meets the call's eligibility may submit; it may always withdraw.
		if (to === 'submitted' && row.call.audience === 'consortia') {
			const eligibility = await eligibilityFor(tx, row.response.consortiumId!, row.call);
			if (!eligibility.eligible) return { ok: false, code: 'not_eligible' };
		}
		await tx
			.update(responses)
			.set({ status: to, updatedAt: now, submittedAt: to === 'submitted' ? now : row.response.submittedAt })
			.where(eq(responses.id, responseId));
		await audit(tx, { userId: user.id, organisationId: row.response.startupOrganisationId }, `response.${to}`, {
			type: 'response',
			id: responseId
		});
		// The acknowledgement: a dated record of what was sent, and an email to the person who acted.
		const receipt = await writeReceipt(tx, { ...row.response, status: to }, row.call, to, user.id, now);
		const locale = user.locale as Locale;
		const link = new URL(`/calls/${row.call.id}/responses/${responseId}/receipts/${receipt.id}`, config().origin).toString();
		const params = { call: row.call.title, organisation: receipt.organisationName, date: receipt.atText(locale), link };
		await enqueueMail(tx, {
			to: user.email,
			subject: to === 'submitted' ? m.receipt_mail_submitted_subject(params, { locale }) : m.receipt_mail_withdrawn_subject(params, { locale }),
			text: to === 'submitted' ? m.receipt_mail_submitted_body(params, { locale }) : m.receipt_mail_withdrawn_body(params, { locale })
		});
		return { ok: true };
	});
}

export function submitResponse(user: User, responseId: string, now = new Date()) {
	return changeStatus(user, responseId, ['draft'], 'submitted', now);
}

export function withdrawResponse(user: User, responseId: string, now = new Date()) {
	return changeStatus(user, responseId, ['draft', 'submitted'], 'withdrawn', now);
}

/** Removes one PDF from a response that can still change; the file goes once the change is committed. */
export async function removeAttachment(user: User, attachmentId: string, now = new Date()): Promise<ResponseOutcome> {
	let removed: string | null = null;
	const outcome = await write(async (tx): Promise<ResponseOutcome> => {
		const [row] = await tx
			.select({ attachment: responseAttachments, response: responses, call: calls })
			.from(responseAttachments)
			.innerJoin(responses, eq(responses.id, responseAttachments.responseId))
			.innerJoin(calls, eq(calls.id, responses.callId))
			.where(eq(responseAttachments.id, attachmentId));
		if (!row) return { ok: false, code: 'not_found' };
		const who = await respondentFor(tx, user, row.call, row.response.startupOrganisationId, row.response.consortiumId);
		if (who.refusal) return { ok: false, code: who.refusal };
		if (!acceptsResponses(row.call.status, row.call.opensAt, row.call.closesAt, now)) return { ok: false, code: 'call_closed' };
		if (!['draft', 'submitted', 'withdrawn'].includes(row.response.status)) return { ok: false, code: 'already_decided' };
		await tx.delete(responseAttachments).where(eq(responseAttachments.id, attachmentId));
		await tx.update(responses).set({ updatedAt: now }).where(eq(responses.id, row.response.id));
		await audit(
			tx,
			{ userId: user.id, organisationId: row.response.startupOrganisationId },
			'response.attachment_removed',
			{ type: 'response', id: row.response.id },
			{
				attachmentId,
				name: row.attachment.name
			}
		);
		removed = row.attachment.file;
		return { ok: true };
	});
	if (outcome.ok) await removeStoredFile(removed);
	return outcome;
}
