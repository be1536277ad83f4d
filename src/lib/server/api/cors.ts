import { isHttpError, json, type Handle } from '@sveltejs/kit';
import { CORS_HEADERS } from './http';

// Every answer of the public API carries its CORS headers, whatever made it: the routes' own (200, 400,
// 404), SvelteKit's (405), the platform's (503 when the write queue is full, 500), a guard's refusal.
// A preflight (OPTIONS) is answered here. The site's other paths are left alone.

export const isApiPath = (pathname: string) => pathname === '/api/v1' || pathname.startsWith('/api/v1/');

function withCors(response: Response): Response {
	try {
		for (const [name, value] of Object.entries(CORS_HEADERS)) response.headers.set(name, value);
		return response;
	} catch {
		// Immutable headers (a fetched or redirect response): copy them.
		const headers = new Headers(response.headers);
		for (const [name, value] of Object.entries(CORS_HEADERS)) headers.set(name, value);
		return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
	}
}

export const apiCors: Handle = async ({ event, resolve }) => {
	if (!isApiPath(event.url.pathname)) return resolve(event);
	if (event.request.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS_HEADERS });
	try {
		return withCors(await resolve(event));
	} catch (error) {
		// A hook refused the request before any route ran: the same JSON error shape as the routes'.
		const status = isHttpError(error) ? error.status : 500;
		if (!isHttpError(error)) console.error(`${event.request.method} ${event.url.pathname} failed:`, error);
		const message = isHttpError(error) ? error.body.message : 'The server failed; try again later.';
		return json({ error: status === 500 ? 'internal_error' : 'bad_request', message }, { status, headers: CORS_HEADERS });
	}
};
