import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { signInSchema } from '$lib/schemas/auth';
import { signIn } from '$lib/server/users/accounts';
import { setSessionCookie } from '$lib/server/auth/sessions';
import { safeRedirectTarget } from '$lib/server/auth/guards';
import { requestMeta } from '$lib/server/http/request-meta';
import { retryAfterMinutes } from '$lib/domain/throttle';
import { isEnrolled } from '$lib/server/auth/totp';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = safeRedirectTarget(url.searchParams.get('redirectTo'));
	if (locals.user) redirect(303, redirectTo);
	return { redirectTo };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const redirectTo = safeRedirectTarget(String(form.get('redirectTo') ?? '/'));
		const parsed = parseForm(signInSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const result = await signIn(parsed.data.email, parsed.data.password, requestMeta(event));
		if (!result.ok) {
			const message = result.reason === 'throttled' ? m.err_throttled({ minutes: String(retryAfterMinutes(result.retryAfterMs)) }) : m.err_signin_invalid();
			const status = result.reason === 'throttled' ? 429 : 400;
			return fail(status, formFailure({ values: { email: parsed.data.email }, message }));
		}
		setSessionCookie(event.cookies, event.url, result.token, result.expiresAt);
		// With an authenticator enrolled, the password opens the second step, not the platform.
		if (await isEnrolled(result.user.id)) redirect(303, `/two-factor?redirectTo=${encodeURIComponent(redirectTo)}`);
		redirect(303, redirectTo);
	}
};
