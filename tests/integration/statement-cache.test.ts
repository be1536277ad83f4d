// The embedded driver's statements are prepared once per connection and handed back after, including after
// a failed run and a change of schema (SQLite prepares again by itself).
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { statementCacheCounts } from '$lib/server/db/statement-cache';
import { throttleBuckets } from '$lib/server/db/schema';
import { useTestDatabase } from './support';

useTestDatabase();

const read = (key: string) => db().select().from(throttleBuckets).where(eq(throttleBuckets.key, key));
const insert = (key: string) => write((tx) => tx.insert(throttleBuckets).values({ key, failures: 0, windowStartedAt: new Date() }));

describe('prepared statements', () => {
	it('are prepared once and reused, with right answers after a failure and after a change of schema', async () => {
		await insert('stmt:a');
		await read('stmt:warm');
		const before = statementCacheCounts();
		for (let i = 0; i < 20; i++) expect(await read('stmt:a')).toHaveLength(1);
		const after = statementCacheCounts();
		expect(after.reused - before.reused).toBeGreaterThanOrEqual(20);
		expect(after.prepared - before.prepared).toBeLessThanOrEqual(1);
		// Its columns too: built once, not on each of the 20 runs.
		expect(after.columnsBuilt - before.columnsBuilt).toBeLessThanOrEqual(1);

		// The same insert fails on the key already there, then works for a new key.
		await expect(insert('stmt:a')).rejects.toThrow();
		await insert('stmt:b');
		expect((await read('stmt:b')).map((r) => r.key)).toEqual(['stmt:b']);

		// A new column: the kept `SELECT *` answers with it (SQLite prepares it again by itself).
		const all = () => db().all<Record<string, unknown>>(sql`SELECT * FROM throttle_buckets WHERE key = 'stmt:b'`);
		expect(Object.keys((await all())[0])).not.toContain('stmt_note');
		await write((tx) => tx.run(sql`ALTER TABLE throttle_buckets ADD COLUMN stmt_note text`));
		expect((await all())[0]).toMatchObject({ key: 'stmt:b', stmt_note: null });
	});
});
