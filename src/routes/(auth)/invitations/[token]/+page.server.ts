import { redirect } from '@sveltejs/kit';
import { memberRefusalTable } from '$lib/server/organisations/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import type { Actions, PageServerLoad } from './$types';
import { acceptInvitation, findInvitation } from '$lib/server/organisations/members';
import { requireUser } from '$lib/server/auth/guards';
import { setFlash } from '$lib/server/http/flash';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ params, locals }) => {
	const found = await findInvitation(params.token);
	if (!found) return { invitation: null };
	return {
		invitation: {
			organisation: found.organisation.name,
			role: found.invitation.role,
			email: found.invitation.email,
			forThisAccount: locals.user ? locals.user.email === found.invitation.email : null
		}
	};
};

export const actions: Actions = {
	default: async ({ params, cookies }) => {
		const { user } = requireUser();
		const result = await acceptInvitation(user, params.token);
		if (!result.ok) return refusalFailure(memberRefusalTable, result.code === 'wrong_account' ? result : { code: 'invalid_invitation' });
		setFlash(cookies, m.invitation_accepted());
		redirect(303, `/organisations/${result.slug}`);
	}
};
