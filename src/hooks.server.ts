import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { startPlatform } from '$lib/server/platform';
import { authenticate } from '$lib/server/locals';
import { requestGuard } from '$lib/server/http/request-guard';
import { cachingAndTransportHeaders } from '$lib/server/http/security-headers';
import * as m from '$lib/paraglide/messages';
import { speed } from '$lib/server/http/speed';
import { apiCors } from '$lib/server/api/cors';
import { admissionControl } from '$lib/server/http/admission';
import { renderCache } from '$lib/server/http/render-cache';

export const init: ServerInit = () => startPlatform();

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
	});

const auth: Handle = async ({ event, resolve }) => {
	Object.assign(event.locals, await authenticate(event.cookies, event.url));
	return resolve(event);
};

// Pages get their Content-Security-Policy from svelte.config.js; everything else gets a strict one here.
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	const set = (name: string, value: string) => {
		if (!headers.has(name)) headers.set(name, value);
	};
	try {
		set('X-Content-Type-Options', 'nosniff');
		set('Referrer-Policy', 'strict-origin-when-cross-origin');
		set('X-Frame-Options', 'DENY');
		set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
		set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
		cachingAndTransportHeaders(event, headers);
	} catch {
		// Some responses (redirects built with Response.redirect) have immutable headers.
	}
	return response;
};

export const handle = sequence(apiCors, renderCache, speed, i18n, admissionControl, requestGuard, auth, securityHeaders);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) {
		console.error(`${event.request.method} ${event.url.pathname} failed:`, error);
	}
	return { message: status === 404 ? m.error_not_found() : m.error_generic() };
};
