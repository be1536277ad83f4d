import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { resetPasswordSchema } from '$lib/schemas/auth';
import { resetPassword, resetTokenIsLive } from '$lib/server/users/accounts';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { setFlash } from '$lib/server/http/flash';
import { requestMeta } from '$lib/server/http/request-meta';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ params }) => ({ valid: await resetTokenIsLive(params.token) });

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseForm(resetPasswordSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, formFailure({ errors: parsed.errors }));
		const session = await resetPassword(event.params.token, parsed.data.password, requestMeta(event));
		if (!session) return fail(400, formFailure({ message: m.reset_link_invalid() }));
		setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
		setFlash(event.cookies, m.reset_done());
		redirect(303, '/account');
	}
};
