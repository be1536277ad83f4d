import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { conversationAccess } from '$lib/server/conversations/policy';
import { consortiumOfConversation, messagesOf, partiesOf } from '$lib/server/conversations/queries';
import { markConversationRead, postMessage } from '$lib/server/conversations/commands';
import { conversationRefusalMessage } from '$lib/server/conversations/refusals';
import { removeStoredFile } from '$lib/server/uploads/store';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { messageSchema } from '$lib/schemas/conversations';
import { MAX_MESSAGE_LENGTH } from '$lib/domain/conversations';
import { bodyTooLarge, keepAttachment, MAX_ATTACHMENT_MB, tooLargeMessage } from '../attachment.server';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { user } = requireUser();
	// Not a current member of one of its organisations: the conversation does not exist for this person.
	const access = await conversationAccess(db(), user.id, params.id, locals.actingOrganisation?.id ?? null);
	if (!access) error(404, m.error_not_found());
	const [thread, parties, consortium] = await Promise.all([
		messagesOf(params.id),
		partiesOf([{ id: params.id, consortiumId: access.conversation.consortiumId }]),
		consortiumOfConversation(access.conversation.consortiumId)
	]);
	await markConversationRead(user.id, params.id);
	return {
		conversation: { id: access.conversation.id, subject: access.conversation.subject },
		consortium,
		parties: parties.get(params.id) ?? [],
		party: access.party,
		messages: thread,
		maxLength: MAX_MESSAGE_LENGTH,
		maxAttachmentMb: MAX_ATTACHMENT_MB
	};
};

export const actions: Actions = {
	send: async ({ request, params, locals }) => {
		const { user } = requireUser();
		if (bodyTooLarge(request)) return fail(413, formFailure({ errors: { attachment: tooLargeMessage() } }));
		const form = await request.formData();
		const parsed = parseForm(messageSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const kept = await keepAttachment(form);
		if (!kept.ok) return fail(400, formFailure({ values: { body: parsed.data.body }, errors: { attachment: kept.message } }));
		const result = await postMessage(user, params.id, locals.actingOrganisation?.id ?? null, parsed.data.body, kept.attachment);
		if (!result.ok) {
			await removeStoredFile(kept.attachment?.file);
			if (result.code === 'not_found') error(404, m.error_not_found());
			return fail(400, formFailure({ values: { body: parsed.data.body }, errors: { body: conversationRefusalMessage(result.code) } }));
		}
		return { success: m.conv_sent() };
	}
};
