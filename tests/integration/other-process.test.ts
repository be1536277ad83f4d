import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { useTestDatabase } from './support';

// Another process (npm run admin:create, a test helper) may write to the same file while the server
// runs. It holds SQLite's lock for a moment; the server's write must wait, not fail with SQLITE_BUSY.
const holder = `
const { createClient } = require('@libsql/client');
const client = createClient({ url: process.argv[1] });
(async () => {
	const tx = await client.transaction('write');
	await tx.execute('INSERT INTO other_process_probe (id) VALUES (1)');
	console.log('holding');
	await new Promise((resolve) => setTimeout(resolve, 400));
	await tx.commit();
	client.close();
})();
`;

describe('a write while another process holds the database', () => {
	const database = useTestDatabase();

	it('waits for the other writer instead of failing with SQLITE_BUSY', async () => {
		await write((tx) => tx.run(sql`CREATE TABLE other_process_probe (id INTEGER PRIMARY KEY)`));
		// Reads in parallel open more connections in the client's pool: each must wait, not only the first.
		await Promise.all(
			Array.from({ length: 6 }, () => db().all(sql`WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20000) SELECT count(*) FROM n`))
		);
		const other = spawn(process.execPath, ['-e', holder, database.url], { stdio: ['ignore', 'pipe', 'inherit'] });
		const exited = new Promise((resolve) => other.on('exit', resolve));
		await new Promise<void>((resolve) => other.stdout.once('data', () => resolve()));
		await Promise.all([2, 3].map((id) => write((tx) => tx.run(sql`INSERT INTO other_process_probe (id) VALUES (${id})`))));
		expect(await exited).toBe(0);
		const rows = await db().all<{ id: number }>(sql`SELECT id FROM other_process_probe ORDER BY id`);
		expect(rows.map((r) => Number(r.id))).toEqual([1, 2, 3]);
	});
});
