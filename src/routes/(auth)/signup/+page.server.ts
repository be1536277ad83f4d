import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { signUpSchema } from '$lib/schemas/auth';
import { signUp } from '$lib/server/users/accounts';
import { getLocale } from '$lib/paraglide/runtime';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/account');
};

export const actions: Actions = {
	default: async ({ request }) => {
		const parsed = parseForm(signUpSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		await signUp(parsed.data, getLocale());
		// The same answer whether or not the address already had an account.
		return { sentTo: parsed.data.email };
	}
};
