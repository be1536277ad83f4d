import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { signUpSchema } from '$lib/schemas/auth';
import { signUp } from '$lib/server/users/accounts';
import { getLocale } from '$lib/paraglide/runtime';
import { setSignupProofCookie } from '$lib/server/users/signup-proof';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/account');
};

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const parsed = parseForm(signUpSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const { proof } = await signUp(parsed.data, getLocale());
		setSignupProofCookie(cookies, url, proof);
		// The same answer whether or not the address already had an account.
		return { sentTo: parsed.data.email };
	}
};
