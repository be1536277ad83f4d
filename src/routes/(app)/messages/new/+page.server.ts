import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { interestForConversation } from '$lib/server/conversations/queries';
import { startConversationFromInterest } from '$lib/server/conversations/commands';
import { conversationRefusalMessage } from '$lib/server/conversations/refusals';
import { conversationParty, MAX_MESSAGE_LENGTH } from '$lib/domain/conversations';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { messageSchema } from '$lib/schemas/conversations';
import { setFlash } from '$lib/server/http/flash';
import * as m from '$lib/paraglide/messages';

// Writing to the other side of a request to join or replicate a project: its first message.

export const load: PageServerLoad = async ({ url, locals }) => {
	requireUser();
	const interest = await interestForConversation(url.searchParams.get('interest')?.slice(0, 64) ?? '');
	// The same rule as the command, on the person's current memberships: who is not a party sees nothing.
	const party =
		interest &&
		conversationParty(
			[interest.requesterId, interest.ownerId],
			locals.organisations.map((o) => o.id),
			locals.actingOrganisation?.id ?? null
		);
	if (!interest || !party) error(404, m.error_not_found());
	return {
		interestId: interest.id,
		projectId: interest.projectId,
		projectTitle: interest.projectTitle,
		requesterName: interest.requesterName,
		to: party === interest.ownerId ? interest.requesterName : interest.ownerName,
		maxLength: MAX_MESSAGE_LENGTH
	};
};

export const actions: Actions = {
	default: async ({ request, url, locals, cookies }) => {
		const { user } = requireUser();
		const parsed = parseForm(messageSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const result = await startConversationFromInterest(
			user,
			url.searchParams.get('interest')?.slice(0, 64) ?? '',
			locals.actingOrganisation?.id ?? null,
			parsed.data.body
		);
		if (!result.ok) {
			if (result.code === 'not_found' || result.code === 'not_a_party') error(404, m.error_not_found());
			return fail(400, formFailure({ values: { body: parsed.data.body }, errors: { body: conversationRefusalMessage(result.code) } }));
		}
		setFlash(cookies, m.conv_sent());
		redirect(303, `/messages/${result.conversationId}`);
	}
};
