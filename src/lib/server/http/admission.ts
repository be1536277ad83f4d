import { json, type Handle, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import errorTemplate from '../../../error.html?raw';

// Admission control of the requests that change something (every method but GET, HEAD and OPTIONS).
//
// The write queue (db/write-lock.ts) refuses a write whose wait FOR THE DATABASE would be too long, but
// an accepted request takes much longer than its turn in that queue: the session, the form, the action's
// reads, the notifications, the answer, all on the one event loop the other requests share. Here the
// whole request is bounded: a new one is expected to finish in about (requests in flight + 1) × the
// recent pace, the pace being the mean of the latest slots, a slot the time from when a request was
// admitted (or the previous one finished, if later) to when it finished; under load, the time between
// two finished requests. A request expected to take longer than the bound is refused at once, before its
// body is read or its session looked up: 503, Retry-After, and the translated "try again in a moment".
// Below a floor of requests in flight nothing is refused: that is no burst, and one slow upload, or a
// slow machine, must not make a quiet site refuse the next form. Background jobs are not requests: they never pass here.

/** A request expected to take longer than this (ms) is refused. */
export const DEFAULT_ADMISSION_MAX_LATENCY_MS = 1000;
/** Requests in flight below which none is refused, whatever the recent pace. */
export const DEFAULT_ADMISSION_FLOOR = 16;
/** How many of the latest slots the pace is the mean of. */
const RECENT_SLOTS = 32;
/** The longest Retry-After asked, in seconds. */
const MAX_RETRY_AFTER_SECONDS = 10;

const positive = (value: string | undefined, fallback: number) => (Number(value) > 0 ? Number(value) : fallback);

/** The bookkeeping of admitted requests, with its own clock (tests drive it by hand). */
export class Admission {
	#inFlight = 0;
	readonly #slots: number[] = [];
	#nextSlot = 0;
	#slotSum = 0;
	#lastFinishedAt = -Infinity;

	constructor(
		public maxLatencyMs = DEFAULT_ADMISSION_MAX_LATENCY_MS,
		public floor = DEFAULT_ADMISSION_FLOOR,
		readonly now: () => number = () => performance.now()
	) {}

	/** Requests admitted and not finished. */
	get inFlight() {
		return this.#inFlight;
	}

	/** The mean of the latest slots in ms (0 before any request finished). */
	pace(): number {
		return this.#slots.length === 0 ? 0 : this.#slotSum / this.#slots.length;
	}

	/** How long a request admitted now is expected to take, in ms. */
	expectedLatency(): number {
		return (this.#inFlight + 1) * this.pace();
	}

	/** Admits a request (its admission time, to give back to `finish`) or refuses it (null). */
	admit(): number | null {
		if (this.#inFlight >= this.floor && this.expectedLatency() > this.maxLatencyMs) return null;
		this.#inFlight++;
		return this.now();
	}

	/** A request admitted at `admittedAt` has its answer. */
	finish(admittedAt: number) {
		this.#inFlight--;
		const finishedAt = this.now();
		const slot = Math.max(0, finishedAt - Math.max(admittedAt, this.#lastFinishedAt));
		this.#lastFinishedAt = finishedAt;
		if (this.#slots.length < RECENT_SLOTS) this.#slots.push(slot);
		else {
			this.#slotSum -= this.#slots[this.#nextSlot];
			this.#slots[this.#nextSlot] = slot;
			this.#nextSlot = (this.#nextSlot + 1) % RECENT_SLOTS;
		}
		this.#slotSum += slot;
	}

	/** Seconds a refused request is asked to wait: about the time the requests in flight take to finish. */
	retryAfterSeconds(): number {
		return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil((this.#inFlight * this.pace()) / 1000)));
	}
}

let admission = new Admission(positive(process.env.ADMISSION_MAX_LATENCY_MS, DEFAULT_ADMISSION_MAX_LATENCY_MS));

/** Replaces the bookkeeping (tests, the benchmark); returns the previous one. */
export function setAdmission(next: Admission): Admission {
	const previous = admission;
	admission = next;
	return previous;
}

const READING = new Set(['GET', 'HEAD', 'OPTIONS']);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The refusal, in the form the client reads: an enhanced form gets the action result SvelteKit's client
 * shows as an error (as when the write queue refuses), a browser without JavaScript the static error
 * page, anyone else JSON.
 */
function refusal(event: RequestEvent, retryAfter: number): Response {
	const message = m.speed_write_busy();
	const headers = { 'retry-after': String(retryAfter), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
	const { request, url } = event;
	const accept = request.headers.get('accept') ?? '';
	const wantsJson = /application\/json/i.test(accept) && !/text\/html/i.test(accept);
	// As SvelteKit decides: a POST that asks for JSON, off the API, is a form action's (use:enhance also says so).
	const enhanced = request.headers.get('x-sveltekit-action') === 'true' || (request.method === 'POST' && wantsJson && !url.pathname.startsWith('/api/'));
	if (enhanced) return json({ type: 'error', error: { message } }, { status: 503, headers });
	if (wantsJson) return json({ message }, { status: 503, headers });
	const page = errorTemplate.replaceAll('%sveltekit.status%', '503').replaceAll('%sveltekit.error.message%', escapeHtml(message));
	return new Response(page, { status: 503, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}

/** Refuses at once a request that changes something when it would not finish within the bound. */
export const admissionControl: Handle = async ({ event, resolve }) => {
	if (READING.has(event.request.method)) return resolve(event);
	const current = admission;
	const admittedAt = current.admit();
	if (admittedAt === null) return refusal(event, current.retryAfterSeconds());
	try {
		return await resolve(event);
	} finally {
		current.finish(admittedAt);
	}
};
