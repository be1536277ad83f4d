import { afterEach, describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { like } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { DEFAULT_WRITE_QUEUE_LIMIT, setWriteQueueLimit, writeQueueLength } from '$lib/server/db/write-lock';
import { throttleBuckets } from '$lib/server/db/schema';
import { useTestDatabase } from './support';

useTestDatabase();

afterEach(() => {
	setWriteQueueLimit(DEFAULT_WRITE_QUEUE_LIMIT);
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
});
