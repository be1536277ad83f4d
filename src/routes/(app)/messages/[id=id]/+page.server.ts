import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { conversationAccess } from '$lib/server/conversations/policy';
import { messagesOf, partiesOf } from '$lib/server/conversations/queries';
import { markConversationRead, postMessage } from '$lib/server/conversations/commands';
import { conversationRefusalMessage } from '$lib/server/conversations/refusals';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { messageSchema } from '$lib/schemas/conversations';
import { MAX_MESSAGE_LENGTH } from '$lib/domain/conversations';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { user } = requireUser();
	// Not a current member of one of its organisations: the conversation does not exist for this person.
	const access = await conversationAccess(db(), user.id, params.id, locals.actingOrganisation?.id ?? null);
	if (!access) error(404, m.error_not_found());
	const [thread, parties] = await Promise.all([messagesOf(params.id), partiesOf([params.id])]);
	await markConversationRead(user.id, params.id);
	return {
		conversation: { id: access.conversation.id, subject: access.conversation.subject },
		parties: parties.get(params.id) ?? [],
		party: access.party,
		messages: thread,
		maxLength: MAX_MESSAGE_LENGTH
	};
};

export const actions: Actions = {
	send: async ({ request, params, locals }) => {
		const { user } = requireUser();
		const parsed = parseForm(messageSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const result = await postMessage(user, params.id, locals.actingOrganisation?.id ?? null, parsed.data.body);
		if (!result.ok) {
			if (result.code === 'not_found') error(404, m.error_not_found());
			return fail(400, formFailure({ values: { body: parsed.data.body }, errors: { body: conversationRefusalMessage(result.code) } }));
		}
		return { success: m.conv_sent() };
	}
};
