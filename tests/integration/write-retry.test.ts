// Writes from several app processes on one libSQL server: a transaction that finds the database held by
// another writer runs again from the start (bounded), and a background job's lease has one holder at a time.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { db, isBusy, write } from '$lib/server/db';
import { holdLease, leaseHolders } from '$lib/server/jobs/lease';
import { useTestDatabase } from './support';

useTestDatabase();

const busy = () => Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' });

describe('a write transaction when another writer holds the database', () => {
	it('runs again from the start, its first attempt rolled back, and commits once', async () => {
		await write((tx) => tx.run(sql`CREATE TABLE retry_probe (id INTEGER PRIMARY KEY, attempt INTEGER)`));
		let attempts = 0;
		const result = await write(async (tx) => {
			attempts++;
			await tx.run(sql`INSERT INTO retry_probe (id, attempt) VALUES (${attempts}, ${attempts})`);
			// The driver wraps the server's answer: the busy code is found in the cause.
			if (attempts < 3) throw new Error('Failed query', { cause: busy() });
			return 'done';
		});
		expect(result).toBe('done');
		expect(attempts).toBe(3);
		expect(await db().all(sql`SELECT id, attempt FROM retry_probe`)).toEqual([{ id: 3, attempt: 3 }]);
	});

	it('gives up after a bounded number of attempts, and never retries another failure', async () => {
		let attempts = 0;
		await expect(
			write(async () => {
				attempts++;
				throw busy();
			})
		).rejects.toThrow('SQLITE_BUSY');
		expect(attempts).toBe(8);

		attempts = 0;
		await expect(
			write(async () => {
				attempts++;
				throw Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT' });
			})
		).rejects.toThrow('UNIQUE');
		expect(attempts).toBe(1);
		expect(isBusy(new Error('no'))).toBe(false);
	}, 20_000);
});

describe('a background job lease', () => {
	it('has one holder until it expires, is renewed by its holder, then passes to another process', async () => {
		const now = Date.now();
		const [a, b] = await Promise.all([holdLease('settle-funds', 30_000, now, 'process-a'), holdLease('settle-funds', 30_000, now, 'process-b')]);
		expect([a, b]).toEqual([true, false]);
		expect(await holdLease('settle-funds', 30_000, now + 20_000, 'process-b')).toBe(false);
		// The holder renews past half its life: the other process still waits at the first expiry.
		expect(await holdLease('settle-funds', 30_000, now + 20_000, 'process-a')).toBe(true);
		expect(await holdLease('settle-funds', 30_000, now + 31_000, 'process-b')).toBe(false);
		// The holder stops ticking: once its lease has expired, the other takes over.
		expect(await holdLease('settle-funds', 30_000, now + 51_000, 'process-b')).toBe(true);
		expect(await holdLease('settle-funds', 30_000, now + 52_000, 'process-a')).toBe(false);
		expect((await leaseHolders()).map((l) => [l.name, l.holder])).toEqual([['settle-funds', 'process-b']]);
	});
});
