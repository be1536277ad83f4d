import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
// @ts-expect-error -- Kit's internal entry (the one $app/server reads the event from) ships no declarations
import { with_request_store } from '@sveltejs/kit/internal/server';
import { eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { callQuestions, calls, users } from '$lib/server/db/schema';
import { createSession } from '$lib/server/auth/sessions';
import { SESSION_COOKIE } from '$lib/server/auth/session-token';
import { Admission, setAdmission } from '$lib/server/http/admission';
import { actions } from '../../src/routes/(public)/calls/[id=id]/+page.server';
import { useDemoDatabase } from './support';

// Issue #19: a request that changes something and would not finish within the bound is refused by the
// hooks at once (503, Retry-After, "try again in a moment" in the form the client reads), before the
// action runs: nothing is recorded. Once the requests in flight are done, the same request goes through.

useDemoDatabase();

let token = '';
let callId = '';

beforeAll(async () => {
	const [founder] = await db().select().from(users).where(eq(users.email, 'fondatrice@capteurs-civiques.example'));
	token = (await write((tx) => createSession(tx, founder.id))).token;
	const [call] = await db().select().from(calls).where(eq(calls.title, 'Mesurer la fréquentation du centre-ville sans caméra'));
	callId = call.id;
}, 300_000);

let previous: Admission | null = null;
afterEach(() => {
	if (previous) setAdmission(previous);
	previous = null;
});

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

/** Sends a request through hooks.server.ts to the call page's `ask` action (a GET answers 200 without it). */
async function send(headers: Record<string, string>, method = 'POST') {
	const { handle } = await import('../../src/hooks.server');
	const url = new URL(`http://localhost/calls/${callId}?/ask`);
	const body = method === 'POST' ? new URLSearchParams({ question: 'Quand l’expérimentation commence-t-elle ?' }).toString() : undefined;
	const request = new Request(url, {
		method,
		body,
		headers: { origin: url.origin, cookie: `${SESSION_COOKIE}=${token}`, ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers }
	});
	const jar = new Map([[SESSION_COOKIE, token]]);
	const cookies = {
		get: (name: string) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: () => {},
		delete: () => {},
		serialize: () => ''
	};
	const event = {
		request,
		url,
		params: { id: callId },
		route: { id: '/(public)/calls/[id=id]' },
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
	let ran = false;
	const resolve = async (resolved: RequestEvent) => {
		ran = true;
		if (method !== 'POST') return new Response('page', { status: 200, headers: { 'content-type': 'text/html' } });
		const result = await with_request_store({ event: resolved, state } as never, () => actions.ask(resolved as never));
		return new Response(JSON.stringify(result), { status: 200, headers: { 'content-type': 'application/json' } });
	};
	const response = (await with_request_store({ event, state } as never, () => handle({ event, resolve } as never))) as Response;
	return { response, ran, text: await response.text() };
}

const questionCount = async () => (await db().select({ id: callQuestions.id }).from(callQuestions).where(eq(callQuestions.callId, callId))).length;

/** An admission whose recent requests took 200 ms each, with `inFlight` requests admitted and not finished. */
function busy(inFlight: number) {
	let clock = 0;
	const admission = new Admission(1000, 16, () => clock);
	for (let i = 0; i < 32; i++) {
		const ticket = admission.admit() as number;
		clock += 200;
		admission.finish(ticket);
	}
	const tickets = Array.from({ length: inFlight }, () => admission.admit() as number);
	const replaced = setAdmission(admission);
	previous ??= replaced;
	return { admission, release: () => tickets.forEach((t) => admission.finish(t)) };
}

const ENHANCED = { accept: 'application/json', 'x-sveltekit-action': 'true' };

describe('admission of writes under load', () => {
	it('refuses an enhanced form at once with 503, Retry-After and the message the form shows; nothing is recorded', async () => {
		const before = await questionCount();
		const { admission, release } = busy(16);
		// 16 in flight × 200 ms: a 17th is expected in 3.4 s, over the 1 s bound.
		expect(admission.expectedLatency()).toBe(3400);

		const refused = await send(ENHANCED);
		expect(refused.response.status).toBe(503);
		expect(Number(refused.response.headers.get('retry-after'))).toBe(4);
		expect(refused.ran).toBe(false);
		// The action result SvelteKit's enhanced form shows as an error, as when the write queue refuses.
		expect(JSON.parse(refused.text)).toEqual({ type: 'error', error: { message: expect.stringMatching(/réessayez dans un instant/) } });
		expect(await questionCount()).toBe(before);

		// In English, for a person who chose it.
		const english = await send({ ...ENHANCED, cookie: `${SESSION_COOKIE}=${token}; PARAGLIDE_LOCALE=en` });
		expect(JSON.parse(english.text).error.message).toMatch(/try again in a moment/);

		// Once the requests in flight are done, the same request is accepted and the question recorded.
		release();
		const accepted = await send(ENHANCED);
		expect(accepted.response.status).toBe(200);
		expect(accepted.ran).toBe(true);
		expect(JSON.parse(accepted.text)).toEqual({ form: 'ask', success: expect.any(String) });
		expect(await questionCount()).toBe(before + 1);
		expect(admission.inFlight).toBe(0);
	});

	it('answers a form sent without JavaScript with an error page carrying the message', async () => {
		const before = await questionCount();
		busy(16);
		const page = await send({ accept: 'text/html,application/xhtml+xml' });
		expect(page.response.status).toBe(503);
		expect(page.ran).toBe(false);
		expect(Number(page.response.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(page.response.headers.get('content-type')).toMatch(/^text\/html/);
		expect(page.text).toContain('réessayez dans un instant');
		expect(page.text).toContain('Erreur 503');

		// A POST asking for JSON is a form action's for SvelteKit too (the header is only a hint).
		const json = await send({ accept: 'application/json' });
		expect(json.response.status).toBe(503);
		expect(JSON.parse(json.text).error.message).toMatch(/réessayez dans un instant/);
		expect(await questionCount()).toBe(before);
	});

	it('never refuses a read, and lets writes through below the floor of requests in flight', async () => {
		const { admission } = busy(16);
		const read = await send({ accept: 'text/html' }, 'GET');
		expect(read.response.status).toBe(200);
		expect(read.ran).toBe(true);
		expect(admission.inFlight).toBe(16);

		const quiet = busy(15);
		const before = await questionCount();
		const sent = await send(ENHANCED);
		expect(sent.response.status).toBe(200);
		expect(await questionCount()).toBe(before + 1);
		expect(quiet.admission.inFlight).toBe(15);
	});
});
