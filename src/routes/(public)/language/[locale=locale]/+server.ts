import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { cookieName } from '$lib/paraglide/runtime';
import { safeRedirectTarget } from '$lib/server/auth/guards';
import { setPreferences } from '$lib/server/users/accounts';

/** The language switcher: a plain link, so it works without JavaScript. */
export const GET: RequestHandler = async ({ params, url, cookies, locals }) => {
	cookies.set(cookieName, params.locale, { path: '/', maxAge: 400 * 24 * 60 * 60, sameSite: 'lax', httpOnly: false });
	// Emails follow the language the person reads the site in.
	if (locals.user) await setPreferences(locals.user.id, { locale: params.locale });
	redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
};
