// The embedded libSQL driver fails overlapping write transactions of one process with SQLITE_BUSY
// and can then lose writes it acknowledged (tursodatabase/libsql-client-ts#352). Every write and
// every transaction therefore waits here for the previous one to settle.
//
// Two things keep a burst of writes from starving everyone else: between two transactions the queue
// yields to the event loop (reads, new connections and timers run), and the queue has a bounded length:
// past it, a write is refused at once (the caller answers 503 with Retry-After) instead of waiting for
// seconds behind hundreds of others.

/** Pending writes past which a new one is refused: about a second of work at the measured write rate. */
export const DEFAULT_WRITE_QUEUE_LIMIT = 256;

export class WriteQueueFull extends Error {
	constructor(readonly pending: number) {
		super(`The write queue is full (${pending} writes waiting).`);
		this.name = 'WriteQueueFull';
	}
}

let tail: Promise<unknown> = Promise.resolve();
let pending = 0;
let limit = Number(process.env.WRITE_QUEUE_LIMIT) > 0 ? Number(process.env.WRITE_QUEUE_LIMIT) : DEFAULT_WRITE_QUEUE_LIMIT;

/** Sets the queue's bound (tests, the benchmark); returns the previous one. */
export function setWriteQueueLimit(next: number): number {
	const previous = limit;
	limit = next;
	return previous;
}

/** Writes queued or running in this process. */
export function writeQueueLength(): number {
	return pending;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `work` after every earlier write of this process. `bounded: false` is for the background jobs' own
 * bookkeeping (a mail marked sent): it waits its turn instead of being refused, since refusing it would
 * not shed load but redo work already done.
 */
export function withWriteLock<T>(work: () => Promise<T>, bounded = true): Promise<T> {
	if (bounded && pending >= limit) return Promise.reject(new WriteQueueFull(pending));
	pending++;
	const run = tail.then(yieldToEventLoop).then(work);
	const settled = run.then(
		() => {
			pending--;
		},
		() => {
			pending--;
		}
	);
	tail = settled;
	return run;
}
