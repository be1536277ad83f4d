import { describe, expect, it } from 'vitest';
import { count, eq, like } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { throttleBuckets } from '$lib/server/db/schema';
import { useTestDatabase } from './support';

useTestDatabase();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function bucketsLike(prefix: string) {
	return db()
		.select()
		.from(throttleBuckets)
		.where(like(throttleBuckets.key, `${prefix}%`));
}

describe('write lock', () => {
	it('runs 200 overlapping write transactions of one process without losing any', async () => {
		const N = 200;
		const results = await Promise.all(
			Array.from({ length: N }, (_, i) =>
				write(async (tx) => {
					// A read, a real pause, then the insert: without serialisation these would interleave.
					const [{ value: seen }] = await tx.select({ value: count() }).from(throttleBuckets).where(like(throttleBuckets.key, 'overlap:%'));
					await pause(i % 3);
					await tx.insert(throttleBuckets).values({
						key: `overlap:${i}`,
						failures: seen,
						windowStartedAt: new Date()
					});
					return i;
				})
			)
		);

		expect(results).toEqual(Array.from({ length: N }, (_, i) => i));
		const rows = await bucketsLike('overlap:');
		expect(rows).toHaveLength(N);
		// Each transaction saw every earlier one committed: the counts it read are 0, 1, …, 199.
		expect(rows.map((r) => r.failures).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
	});

	it('rolls back a transaction that throws and keeps accepting writes after it', async () => {
		const failing = write(async (tx) => {
			await tx.insert(throttleBuckets).values({ key: 'rollback:doomed', failures: 1, windowStartedAt: new Date() });
			await pause(1);
			throw new Error('boom');
		});
		const following = Array.from({ length: 20 }, (_, i) =>
			write(async (tx) => {
				await pause(0);
				await tx.insert(throttleBuckets).values({ key: `rollback:after:${i}`, failures: 0, windowStartedAt: new Date() });
			})
		);

		await expect(failing).rejects.toThrow('boom');
		await Promise.all(following);

		expect(await db().select().from(throttleBuckets).where(eq(throttleBuckets.key, 'rollback:doomed'))).toEqual([]);
		expect(await bucketsLike('rollback:after:')).toHaveLength(20);

		// And a write started well after the failure goes through too.
		await write((tx) => tx.insert(throttleBuckets).values({ key: 'rollback:later', failures: 0, windowStartedAt: new Date() }));
		expect(await bucketsLike('rollback:later')).toHaveLength(1);
	});

	it('rolls back a transaction that fails on a constraint and keeps accepting writes', async () => {
		await write((tx) => tx.insert(throttleBuckets).values({ key: 'dup', failures: 0, windowStartedAt: new Date() }));
		const duplicate = write(async (tx) => {
			await tx.insert(throttleBuckets).values({ key: 'dup:partner', failures: 0, windowStartedAt: new Date() });
			await tx.insert(throttleBuckets).values({ key: 'dup', failures: 9, windowStartedAt: new Date() });
		});
		await expect(duplicate).rejects.toThrow();
		expect(await bucketsLike('dup:partner')).toEqual([]);
		const [dup] = await bucketsLike('dup');
		expect(dup.failures).toBe(0);

		await write((tx) => tx.update(throttleBuckets).set({ failures: 2 }).where(eq(throttleBuckets.key, 'dup')));
		expect((await bucketsLike('dup'))[0].failures).toBe(2);
	});
});
