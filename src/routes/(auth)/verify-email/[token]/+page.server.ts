import { fail, redirect } from '@sveltejs/kit';
import { formFailure } from '$lib/schemas/parse';
import type { Actions, PageServerLoad } from './$types';
import { verificationNeedsPassword, verifyEmail } from '$lib/server/users/accounts';
import { signupProofCookie } from '$lib/server/users/signup-proof';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { setFlash } from '$lib/server/http/flash';
import { requestMeta } from '$lib/server/http/request-meta';
import * as m from '$lib/paraglide/messages';

// The browser that signed up confirms with a click; any other is asked the password chosen at sign-up.
export const load: PageServerLoad = async ({ params, cookies }) => ({
	needsPassword: (await verificationNeedsPassword(params.token, signupProofCookie(cookies))) === true
});

// Confirming takes a click (a POST): mail scanners that open links must not confirm by themselves.
export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const password = form.get('password');
		const result = await verifyEmail(event.params.token, requestMeta(event), {
			cookie: signupProofCookie(event.cookies),
			password: typeof password === 'string' && password !== '' ? password : undefined
		});
		if (!result.ok && result.reason === 'invalid_link') return fail(400, formFailure({ message: m.verify_link_invalid() }));
		if (!result.ok) {
			return fail(400, { ...formFailure({ errors: password ? { password: m.sec_verify_password_wrong() } : {} }), needsPassword: true });
		}
		setSessionCookie(event.cookies, event.url, result.token, result.expiresAt);
		setFlash(event.cookies, m.verify_done());
		redirect(303, '/organisations/new');
	}
};
