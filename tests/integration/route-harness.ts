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
	/** The Content-Type of a string body (callThroughHooks): urlencoded unless given. */
	contentType?: string;
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

/** What went wrong or right for a request sent through hooks.server.ts: its status, and the route's outcome when the route ran. */
export interface HookedOutcome {
	status: number;
	/** Null when the hooks answered before the route ran (the request guard's 400 or 413). */
	route: RouteOutcome | null;
}

const noopSpan = {
	setAttribute: () => noopSpan,
	setAttributes: () => noopSpan,
	addEvent: () => noopSpan,
	setStatus: () => noopSpan,
	updateName: () => noopSpan,
	end: () => {},
	isRecording: () => false,
	recordException: () => {},
	spanContext: () => ({ traceId: '', spanId: '', traceFlags: 0 })
};

/**
 * Sends the request described by `call` through the app's `handle` (hooks.server.ts: the request guard,
 * the language, the session, the headers), then to `handler`, as the server does. The body carries its
 * Content-Length as a browser's does, so the guard's size caps apply as they do in production.
 */
export async function callThroughHooks(call: RouteCall, handler: (event: never) => unknown): Promise<HookedOutcome> {
	const { handle } = await import('../../src/hooks.server');
	const url = new URL(call.path, 'http://localhost');
	const cookies = cookieJar(call.token ? { [SESSION_COOKIE]: call.token } : {});
	const body = call.form instanceof FormData ? call.form : call.form !== undefined ? String(call.form) : undefined;
	const headers: Record<string, string> = { origin: url.origin };
	if (typeof body === 'string') {
		headers['content-type'] = call.contentType ?? 'application/x-www-form-urlencoded';
		headers['content-length'] = String(Buffer.byteLength(body));
	}
	const request = body !== undefined ? new Request(url, { method: 'POST', body, headers }) : new Request(url);
	const event = {
		request,
		url,
		params: call.params ?? {},
		route: { id: call.routeId ?? null },
		locals: {},
		cookies,
		fetch,
		getClientAddress: () => '203.0.113.7',
		setHeaders: () => {},
		platform: undefined,
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false,
		tracing: { enabled: false, root: noopSpan, current: noopSpan }
	} as unknown as RequestEvent;
	const state = { tracing: { record_span: ({ fn }: { fn: (span: unknown) => unknown }) => fn(noopSpan) } };
	let route: RouteOutcome | null = null;
	const resolve = async (resolved: RequestEvent) => {
		try {
			const result = await with_request_store({ event: resolved, state } as never, () => handler(resolved as never));
			route = isActionFailure(result)
				? { kind: 'fail', status: result.status, data: result.data as unknown as Record<string, unknown> }
				: { kind: 'ok', data: result };
		} catch (thrown) {
			if (isRedirect(thrown)) route = { kind: 'redirect', status: thrown.status, location: thrown.location };
			else if (isHttpError(thrown)) route = { kind: 'error', status: thrown.status, message: thrown.body.message };
			else throw thrown;
		}
		const status = route.kind === 'ok' ? 200 : route.status;
		return new Response(null, { status, headers: { 'content-type': 'text/html' } });
	};
	try {
		const response = (await with_request_store({ event, state } as never, () => handle({ event, resolve } as never))) as Response;
		return { status: response.status, route };
	} catch (thrown) {
		if (isHttpError(thrown)) return { status: thrown.status, route };
		if (isRedirect(thrown)) return { status: thrown.status, route };
		throw thrown;
	}
}
