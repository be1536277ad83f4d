import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { compression } from './compression';
import { queryCountHeader } from '../db/query-count';

/** Seconds a refused request is asked to wait: the write queue drains in about that. */
const RETRY_AFTER_SECONDS = 2;

// A write refused because the queue is full (and a database that does not answer) is a 503: say when
// to come back, so browsers, proxies and API clients retry instead of hammering.
export const retryAfter: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (response.status === 503 && !response.headers.has('retry-after')) {
		try {
			response.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
		} catch {
			const headers = new Headers(response.headers);
			headers.set('retry-after', String(RETRY_AFTER_SECONDS));
			return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
		}
	}
	return response;
};

// The Latin subset of the text font is fetched with the page's first bytes, so that it is there for the
// first paint (it is `font-display: optional`: a font that comes late is not swapped in).
const preloadFont: Handle = ({ event, resolve }) =>
	resolve(event, { preload: ({ type, path }) => type === 'js' || type === 'css' || (type === 'font' && /inter-latin-wght-normal/.test(path)) });

/** What keeps the platform fast and light on the wire: compression, the bench's query count, Retry-After, the font's preload. */
export const speed: Handle = sequence(compression, queryCountHeader, retryAfter, preloadFont);
