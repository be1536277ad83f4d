import { redirect } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { secondFactorNeedOf, secondFactorPath } from './second-factor';

/**
 * Route guard before such an action (or a page that is nothing but such actions): sends the person to
 * enrol or to type a code, then back to the page. A POST sent without it changes nothing.
 */
export function requireSecondFactor() {
	const { locals, url } = getRequestEvent();
	if (!locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	const need = secondFactorNeedOf(locals.user);
	if (need !== 'none') redirect(303, secondFactorPath(need, url.pathname));
	return locals.user;
}
