// Runs a route's load or form action in-process, as the server would for one request: the session
// cookie is authenticated by the same code as hooks.server.ts, and getRequestEvent() answers inside.
// What the route throws (redirect, error) or returns (fail, data) comes back as a plain outcome.
import { isActionFailure, isHttpError, isRedirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
// @ts-expect-error -- Kit's internal entry (the one $app/server reads the event from) ships no declarations
import { with_request_store } from '@sveltejs/kit/internal/server';
import { authenticate } from '$lib/server/locals';
import { SESSION_COOKIE } from '$lib/server/auth/session-token';

export type RouteOutcome =
	| { kind: 'redirect'; status: number; location: string }
	| { kind: 'error'; status: number; message: string }
	| { kind: 'fail'; status: number; data: Record<string, unknown> }
	| { kind: 'ok'; data: unknown };

function cookieJar(initial: Record<string, string>): Cookies {
	const jar = new Map(Object.entries(initial));
	return {
		get: (name: string) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string) => void jar.set(name, value),
		delete: (name: string) => void jar.delete(name),
		serialize: () => ''
	} as unknown as Cookies;
}

export interface RouteCall {
	/** The session token, or null for an anonymous visitor. */
	token: string | null;
	path: string;
	params?: Record<string, string>;
	/** A form post when given (a string is sent as a raw urlencoded body); a GET otherwise. */
	form?: FormData | URLSearchParams | string;
	routeId?: string;
}

/** Calls `handler` (an action or a load) as the request described by `call`. */
export async function callRoute(call: RouteCall, handler: (event: never) => unknown): Promise<RouteOutcome> {
	const url = new URL(call.path, 'http://localhost');
	const cookies = cookieJar(call.token ? { [SESSION_COOKIE]: call.token } : {});
	const request = call.form
		? new Request(url, {
				method: 'POST',
				body: call.form,
				headers: typeof call.form === 'string' ? { origin: url.origin, 'content-type': 'application/x-www-form-urlencoded' } : { origin: url.origin }
			})
		: new Request(url);
	const locals = await authenticate(cookies, url);
	const event = {
		request,
		url,
		params: call.params ?? {},
		route: { id: call.routeId ?? null },
		locals,
		cookies,
		fetch,
		getClientAddress: () => '203.0.113.7',
		setHeaders: () => {},
		platform: undefined,
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false,
		parent: async () => ({}),
		depends: () => {},
		untrack: <T>(fn: () => T) => fn()
	} as unknown as RequestEvent;
	try {
		const result = await with_request_store({ event, state: {} } as never, () => handler(event as never));
		if (isActionFailure(result)) return { kind: 'fail', status: result.status, data: result.data as unknown as Record<string, unknown> };
		return { kind: 'ok', data: result };
	} catch (thrown) {
		if (isRedirect(thrown)) return { kind: 'redirect', status: thrown.status, location: thrown.location };
		if (isHttpError(thrown)) return { kind: 'error', status: thrown.status, message: thrown.body.message };
		throw thrown;
	}
}
