// npx tsx tests/e2e/demo-template.ts <directory>   (run by playwright.config.ts before the servers start)
//
// The demo database the end-to-end servers start from, built once per run: the committed migrations, the
// official reference data and the demo seed, by the very functions a server runs at start
// (src/lib/server/platform.ts). The instance with Stripe and the main one each start from a copy of it
// (tests/e2e/demo-copy.mjs) and so find the demo already there, instead of seeding it one after the other.
// The file appears whole (written aside, then renamed) as <directory>/demo.db; on failure, failed.txt says why.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { connect, db, disconnect } from '../../src/lib/server/db';
import { applyMigrations } from '../../src/lib/server/db/migrate';
import { importReferenceData } from '../../src/lib/server/reference/import';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { observeFollowSteps } from '../../src/lib/server/observers/follow-steps';

async function build(dir: string) {
	const partial = join(dir, `demo-${process.pid}.db`);
	await connect(`file:${partial}`, undefined);
	await applyMigrations('drizzle');
	// As at a server's start: followers hear of the seeded steps.
	observeFollowSteps();
	await importReferenceData(() => undefined);
	await seedDemo(() => undefined);
	// Everything into the main file, so that a copy of it is the whole database.
	await db().run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
	disconnect();
	await rm(`${partial}-wal`, { force: true });
	await rm(`${partial}-shm`, { force: true });
	await rename(partial, join(dir, 'demo.db'));
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx tests/e2e/demo-template.ts <directory>');
await mkdir(dir, { recursive: true });
const started = Date.now();
try {
	await build(dir);
	console.log(`demo template: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
	console.error('demo template: not built', error);
	await writeFile(join(dir, 'failed.txt'), String((error as Error)?.stack ?? error));
	process.exitCode = 1;
}
