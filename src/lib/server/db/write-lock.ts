import { AsyncLocalStorage } from 'node:async_hooks';
import { markWritten, recordingWrites } from './tables-touched';

// The embedded libSQL driver fails overlapping write transactions of one process with SQLITE_BUSY
// and can then lose writes it acknowledged (tursodatabase/libsql-client-ts#352). Every write and
// every transaction therefore waits here for the previous one to settle.
//
// Two things keep a burst of writes from starving everyone else: between two transactions the queue
// yields to the event loop (reads, new connections and timers run), and a write that would wait too long
// is refused at once (the caller answers 503 with Retry-After) instead of waiting for seconds behind the
// others. "Too long" is the EXPECTED wait: the writes ahead of it times the recent time one write has
// taken to go through the queue (its slot: from when its turn came, yield included, to when it settled).
// A length bound stays as a last guard.

/** Pending writes past which a new one is refused whatever the recent pace. */
export const DEFAULT_WRITE_QUEUE_LIMIT = 256;
/** A write whose expected wait in the queue is longer than this (ms) is refused. */
export const DEFAULT_WRITE_QUEUE_MAX_WAIT_MS = 1500;
/** How many of the latest slots the recent pace is the mean of. */
const RECENT_SLOTS = 32;

export class WriteQueueFull extends Error {
	constructor(
		readonly pending: number,
		readonly expectedWaitMs: number
	) {
		super(`The write queue is full (${pending} writes waiting, about ${Math.round(expectedWaitMs)} ms to wait).`);
		this.name = 'WriteQueueFull';
	}
}

const positive = (value: string | undefined, fallback: number) => (Number(value) > 0 ? Number(value) : fallback);

let tail: Promise<unknown> = Promise.resolve();
let pending = 0;
let limit = positive(process.env.WRITE_QUEUE_LIMIT, DEFAULT_WRITE_QUEUE_LIMIT);
let maxWaitMs = positive(process.env.WRITE_QUEUE_MAX_WAIT_MS, DEFAULT_WRITE_QUEUE_MAX_WAIT_MS);
let now = () => performance.now();
/** The latest slots (ms), a ring of RECENT_SLOTS, and their sum. */
const slots: number[] = [];
let nextSlot = 0;
let slotSum = 0;
/** When the previous write settled: a slot starts then, or when its write was queued if later. */
let lastSettledAt = -Infinity;

/** Sets the queue's length bound (tests, the benchmark); returns the previous one. */
export function setWriteQueueLimit(next: number): number {
	const previous = limit;
	limit = next;
	return previous;
}

/** Sets the longest expected wait accepted, in ms (tests, the benchmark); returns the previous one. */
export function setWriteQueueMaxWait(next: number): number {
	const previous = maxWaitMs;
	maxWaitMs = next;
	return previous;
}

/** Replaces the clock the slots are measured with (tests drive it by hand); `undefined` restores the real one. */
export function setWriteQueueClock(clock?: () => number) {
	now = clock ?? (() => performance.now());
	slots.length = 0;
	nextSlot = 0;
	slotSum = 0;
	lastSettledAt = -Infinity;
}

/** Writes queued or running in this process. */
export function writeQueueLength(): number {
	return pending;
}

/** The mean of the latest slots in ms (0 before any write went through). */
export function recentWriteSlot(): number {
	return slots.length === 0 ? 0 : slotSum / slots.length;
}

/** How long a write queued now would wait for its turn, in ms. */
export function expectedWriteWait(): number {
	return pending * recentWriteSlot();
}

function recordSlot(queuedAt: number) {
	const settledAt = now();
	const slot = Math.max(0, settledAt - Math.max(queuedAt, lastSettledAt));
	lastSettledAt = settledAt;
	if (slots.length < RECENT_SLOTS) slots.push(slot);
	else {
		slotSum -= slots[nextSlot];
		slots[nextSlot] = slot;
		nextSlot = (nextSlot + 1) % RECENT_SLOTS;
	}
	slotSum += slot;
}

const background = new AsyncLocalStorage<true>();

/**
 * Runs a background job (settlement, closing calls, the outbox): its writes wait their turn instead of
 * being refused, since a refused job would only come back later and redo its work, shedding nothing.
 */
export function asBackgroundWork<T>(work: () => Promise<T>): Promise<T> {
	return background.run(true, work);
}

let generation = 0;

/**
 * How many writes of this process have settled: it changes after every write that went through the lock,
 * committed or not (a rolled-back one changes nothing, but counting it costs only a needless re-render).
 * With it, db/tables-touched.ts knows the tables each write changed: what was read from them before a
 * write settled is stale once it has (the render cache checks this).
 */
export function writeGeneration(): number {
	return generation;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `work` after every earlier write of this process. `bounded: false` is for the background jobs' own
 * bookkeeping (a mail marked sent): it waits its turn instead of being refused, since refusing it would
 * not shed load but redo work already done.
 */
export function withWriteLock<T>(work: () => Promise<T>, bounded = true): Promise<T> {
	if (bounded && !background.getStore()) {
		const wait = expectedWriteWait();
		if (pending >= limit || wait > maxWaitMs) return Promise.reject(new WriteQueueFull(pending, wait));
	}
	pending++;
	const queuedAt = now();
	const written = new Set<string>();
	const run = tail.then(yieldToEventLoop).then(() => recordingWrites(written, work));
	const settle = () => {
		generation++;
		markWritten(written, generation);
		pending--;
		recordSlot(queuedAt);
	};
	const settled = run.then(settle, settle);
	tail = settled;
	return run;
}
