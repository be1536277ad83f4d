import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { consortiumOfConversation, interestForConversation } from '$lib/server/conversations/queries';
import { startConsortiumConversation, startConversationFromInterest } from '$lib/server/conversations/commands';
import { consortiumParties } from '$lib/server/conversations/policy';
import { conversationRefusalMessage } from '$lib/server/conversations/refusals';
import { removeStoredFile } from '$lib/server/uploads/store';
import { conversationParty, MAX_MESSAGE_LENGTH, MAX_SUBJECT_LENGTH } from '$lib/domain/conversations';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { consortiumThreadSchema, messageSchema } from '$lib/schemas/conversations';
import { setFlash } from '$lib/server/http/flash';
import { bodyTooLarge, keepAttachment, MAX_ATTACHMENT_MB, tooLargeMessage } from '../attachment.server';
import * as m from '$lib/paraglide/messages';

// A first message: to the other side of a request to join or replicate a project (?interest=), or to the current
// members of a consortium the person's organisation belongs to (?consortium=), as a new thread with its subject.

const param = (url: URL, name: string) => url.searchParams.get(name)?.slice(0, 64) ?? '';

export const load: PageServerLoad = async ({ url, locals }) => {
	requireUser();
	const mine = locals.organisations.map((o) => o.id);
	const acting = locals.actingOrganisation?.id ?? null;
	const limits = { maxLength: MAX_MESSAGE_LENGTH, maxSubjectLength: MAX_SUBJECT_LENGTH, maxAttachmentMb: MAX_ATTACHMENT_MB };
	if (url.searchParams.has('consortium')) {
		const consortium = await consortiumOfConversation(param(url, 'consortium'));
		// The same rule as the command, on current memberships: who is not a current member sees nothing.
		if (!consortium || !conversationParty(await consortiumParties(db(), consortium.id), mine, acting)) error(404, m.error_not_found());
		return { to: 'consortium' as const, consortium, ...limits };
	}
	const interest = await interestForConversation(param(url, 'interest'));
	const party = interest && conversationParty([interest.requesterId, interest.ownerId], mine, acting);
	if (!interest || !party) error(404, m.error_not_found());
	return {
		to: 'interest' as const,
		interestId: interest.id,
		projectId: interest.projectId,
		projectTitle: interest.projectTitle,
		requesterName: interest.requesterName,
		organisation: party === interest.ownerId ? interest.requesterName : interest.ownerName,
		...limits
	};
};

export const actions: Actions = {
	default: async ({ request, url, locals, cookies }) => {
		const { user } = requireUser();
		if (bodyTooLarge(request)) return fail(413, formFailure({ errors: { attachment: tooLargeMessage() } }));
		const form = await request.formData();
		const toConsortium = url.searchParams.has('consortium');
		const parsed = toConsortium ? parseForm(consortiumThreadSchema, form) : parseForm(messageSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const values: Record<string, string> = { ...parsed.data };
		const kept = await keepAttachment(form);
		if (!kept.ok) return fail(400, formFailure({ values, errors: { attachment: kept.message } }));
		const acting = locals.actingOrganisation?.id ?? null;
		const result = toConsortium
			? await startConsortiumConversation(user, param(url, 'consortium'), acting, values.subject ?? '', parsed.data.body, kept.attachment)
			: await startConversationFromInterest(user, param(url, 'interest'), acting, parsed.data.body, kept.attachment);
		if (!result.ok) {
			await removeStoredFile(kept.attachment?.file);
			if (result.code === 'not_found' || result.code === 'not_a_party' || result.code === 'not_a_consortium_member') error(404, m.error_not_found());
			const field = result.code.startsWith('subject') ? 'subject' : 'body';
			return fail(400, formFailure({ values, errors: { [field]: conversationRefusalMessage(result.code) } }));
		}
		setFlash(cookies, m.conv_sent());
		redirect(303, `/messages/${result.conversationId}`);
	}
};
