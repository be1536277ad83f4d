import type { RequestEvent } from '@sveltejs/kit';
import { config } from '../config';

/**
 * HSTS when the site is served over HTTPS (ORIGIN says so: behind a proxy the request itself may
 * arrive in plain HTTP), and no caching of what a signed-in person sees: a shared computer's
 * back button or a proxy must not show their pages to the next person.
 */
export function cachingAndTransportHeaders(event: Pick<RequestEvent, 'locals'>, headers: Headers) {
	if (config().origin.startsWith('https:') && !headers.has('Strict-Transport-Security')) {
		headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	}
	if (event.locals.user) headers.set('Cache-Control', 'private, no-store');
}
