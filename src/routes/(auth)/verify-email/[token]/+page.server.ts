import { fail, redirect } from '@sveltejs/kit';
import { formFailure } from '$lib/schemas/parse';
import type { Actions } from './$types';
import { verifyEmail } from '$lib/server/users/accounts';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { setFlash } from '$lib/server/http/flash';
import { requestMeta } from '$lib/server/http/request-meta';
import * as m from '$lib/paraglide/messages';

// Confirming takes a click (a POST): mail scanners that open links must not confirm by themselves.
export const actions: Actions = {
	default: async (event) => {
		const session = await verifyEmail(event.params.token, requestMeta(event));
		if (!session) return fail(400, formFailure({ message: m.verify_link_invalid() }));
		setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
		setFlash(event.cookies, m.verify_done());
		redirect(303, '/organisations/new');
	}
};
