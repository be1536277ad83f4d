import { afterEach, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { like } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import {
	asBackgroundWork,
	DEFAULT_WRITE_QUEUE_LIMIT,
	DEFAULT_WRITE_QUEUE_MAX_WAIT_MS,
	expectedWriteWait,
	recentWriteSlot,
	setWriteQueueClock,
	setWriteQueueLimit,
	setWriteQueueMaxWait,
	writeQueueLength
} from '$lib/server/db/write-lock';
import { retryAfter } from '$lib/server/http/speed';
import { throttleBuckets } from '$lib/server/db/schema';
import { useTestDatabase } from './support';

useTestDatabase();

afterEach(() => {
	setWriteQueueLimit(DEFAULT_WRITE_QUEUE_LIMIT);
	setWriteQueueMaxWait(DEFAULT_WRITE_QUEUE_MAX_WAIT_MS);
	setWriteQueueClock();
});

const insert = (key: string) => write((tx) => tx.insert(throttleBuckets).values({ key, failures: 0, windowStartedAt: new Date() }));
const keysLike = async (prefix: string) =>
	(
		await db()
			.select({ key: throttleBuckets.key })
			.from(throttleBuckets)
			.where(like(throttleBuckets.key, `${prefix}%`))
	)
		.map((r) => r.key)
		.sort();

describe('write back-pressure', () => {
	it('lets timers and reads run between queued transactions instead of running them back to back', async () => {
		setWriteQueueMaxWait(Infinity);
		let doneWhenTimerFired = -1;
		let done = 0;
		const writes = Array.from({ length: 100 }, (_, i) => insert(`yield:${i}`).then(() => done++));
		setTimeout(() => (doneWhenTimerFired = done), 0);
		await Promise.all(writes);
		expect(done).toBe(100);
		expect(doneWhenTimerFired).toBeGreaterThanOrEqual(0);
		expect(doneWhenTimerFired).toBeLessThan(100);
		expect(writeQueueLength()).toBe(0);
	});

	it('refuses at once, with a 503 asking to try again, a write beyond the queue bound; keeps every write it accepted', async () => {
		setWriteQueueLimit(5);
		setWriteQueueMaxWait(Infinity);
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const accepted = [
			write(async (tx) => {
				await gate;
				await tx.insert(throttleBuckets).values({ key: 'bound:0', failures: 0, windowStartedAt: new Date() });
			}),
			...Array.from({ length: 4 }, (_, i) => insert(`bound:${i + 1}`))
		];
		expect(writeQueueLength()).toBe(5);

		const refused = await insert('bound:refused').then(
			() => undefined,
			(reason: unknown) => reason
		);
		expect(isHttpError(refused) && refused.status).toBe(503);
		expect(isHttpError(refused) && refused.body.message).toMatch(/réessayez dans un instant|try again in a moment/);

		release();
		await Promise.all(accepted);
		expect(await keysLike('bound:')).toEqual(['bound:0', 'bound:1', 'bound:2', 'bound:3', 'bound:4']);
		// Once drained, writes are accepted again.
		await insert('bound:after');
		expect(await keysLike('bound:after')).toEqual(['bound:after']);
	});

	it('refuses a write whose expected wait (writes ahead × recent time per write) passes 1.5 s, long before the length bound', async () => {
		// A clock driven by hand: each write below takes exactly the time it adds.
		let clock = 0;
		setWriteQueueClock(() => clock);
		const timed = (key: string, ms: number, gate?: Promise<void>) =>
			write(async (tx) => {
				if (gate) await gate;
				clock += ms;
				await tx.insert(throttleBuckets).values({ key, failures: 0, windowStartedAt: new Date() });
			});
		const refusal = (promise: Promise<unknown>) =>
			promise.then(
				() => undefined,
				(reason: unknown) => reason
			);

		// Writes have recently taken 100 ms each.
		for (let i = 0; i < 32; i++) await timed(`pace:slow:${i}`, 100);
		expect(recentWriteSlot()).toBe(100);

		// One write holds the queue; 15 writes ahead means 1.5 s to wait: still accepted; 16 ahead is refused.
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const accepted = [timed('wait:0', 100, gate)];
		for (let i = 1; i < 16; i++) accepted.push(timed(`wait:${i}`, 100));
		expect(writeQueueLength()).toBe(16);
		expect(expectedWriteWait()).toBe(1600);
		const refused = await refusal(timed('wait:refused', 100));
		expect(isHttpError(refused) && refused.status).toBe(503);
		expect(isHttpError(refused) && refused.body.message).toMatch(/réessayez dans un instant|try again in a moment/);
		expect(16).toBeLessThan(DEFAULT_WRITE_QUEUE_LIMIT);
		// A background job's write (settlement, closing a call) waits its turn instead.
		accepted.push(asBackgroundWork(() => timed('wait:job', 100)));

		release();
		await Promise.all(accepted);
		expect(await keysLike('wait:')).toEqual([...Array.from({ length: 16 }, (_, i) => `wait:${i}`), 'wait:job'].sort());

		// When writes go faster (10 ms each), the same queue is accepted, and more.
		for (let i = 0; i < 32; i++) await timed(`pace:fast:${i}`, 10);
		expect(recentWriteSlot()).toBe(10);
		let releaseFast!: () => void;
		const fastGate = new Promise<void>((resolve) => (releaseFast = resolve));
		const fast = [timed('fast:0', 10, fastGate)];
		for (let i = 1; i < 100; i++) fast.push(timed(`fast:${i}`, 10));
		expect(writeQueueLength()).toBe(100);
		releaseFast();
		await Promise.all(fast);
		expect(await keysLike('fast:')).toHaveLength(100);
	});

	it('answers a refused write with Retry-After', async () => {
		const response = (await retryAfter({
			event: { request: new Request('http://localhost/calls/1?/ask', { method: 'POST' }), url: new URL('http://localhost/calls/1?/ask') } as never,
			resolve: async () => new Response('{"type":"error"}', { status: 503 })
		})) as Response;
		expect(response.status).toBe(503);
		expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});
