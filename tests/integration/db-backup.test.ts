import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { connect, db } from '$lib/server/db';
import { ledgerEntries, pledges } from '$lib/server/db/schema';
import { backupDatabase, BackupError } from '$lib/server/db/backup';
import { verifyLedger } from '$lib/server/funds/verify';
import { useTestDatabase } from './support';
import { acknowledged, moneyWorld, newFund, pledgeFlow } from './money-load';

// Issue #11: `npm run db:backup` copies the embedded database while money is being written, and the
// copy, restored as the README says (copied in place of the database file), is whole: every write
// acknowledged before the copy began is in it, and `ledger:verify` finds no difference.

const database = useTestDatabase();

describe('db:backup under money writes', () => {
	it('takes a consistent copy mid-burst that restores to a database ledger:verify passes', async () => {
		const world = await moneyWorld(6);
		const fundIds = [
			await newFund(world, { capSharePercent: null, targetCents: 100_000_000_00 }),
			await newFund(world, { capSharePercent: null, targetCents: 100_000_000_00 })
		];
		const log = acknowledged();
		let stop = false;
		const flows = world.cities.flatMap((city) =>
			fundIds.map((fundId) => pledgeFlow(world, city, fundId, log, { amountCents: () => 1_000_00, viaStripe: () => false, stop: () => stop, maxCycles: 1_000 }))
		);

		// Once writes are flowing, the copy is taken from a connection of its own, as the CLI does.
		while (log.receipts.length < 10) await new Promise((resolve) => setTimeout(resolve, 20));
		const before = log.pledges.map((p) => p.id);
		const receiptsBefore = log.receipts.map((r) => r.reference);
		const backupDir = join(database.dir, 'backups');
		const backup = await backupDatabase(database.url, backupDir);
		const after = log.pledges.length;
		// Writes went on while it copied, and after.
		while (log.pledges.length < after + 10) await new Promise((resolve) => setTimeout(resolve, 20));
		stop = true;
		await Promise.all(flows);
		expect(log.operations).toBeGreaterThan(100);
		expect(readdirSync(backupDir)).toEqual([backup.file.split('/').at(-1)]);
		expect(backup.file).toMatch(/entente-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.db$/);

		const live = await verifyLedger();
		expect(live.differences).toEqual([]);
		const livePledges = (await db().select({ id: pledges.id }).from(pledges)).length;

		// Restored as the README says: the copy put in place of the database file, the platform started on it.
		const restoredDir = join(database.dir, 'restored');
		mkdirSync(restoredDir);
		copyFileSync(backup.file, join(restoredDir, 'entente.db'));
		await connect(`file:${join(restoredDir, 'entente.db')}`, undefined);
		try {
			const restored = await verifyLedger();
			expect(restored.differences).toEqual([]);
			expect(restored.funds).toBe(2);
			const present = new Set((await db().select({ id: pledges.id }).from(pledges).where(inArray(pledges.id, before))).map((p) => p.id));
			expect(before.filter((id) => !present.has(id))).toEqual([]);
			const references = new Set(
				(await db().select({ reference: ledgerEntries.reference }).from(ledgerEntries).where(inArray(ledgerEntries.reference, receiptsBefore))).map(
					(r) => r.reference
				)
			);
			expect(receiptsBefore.filter((r) => !references.has(r))).toEqual([]);
			// A snapshot of a moment: what came after the copy is not in it.
			expect((await db().select({ id: pledges.id }).from(pledges)).length).toBeLessThan(livePledges);
		} finally {
			await connect(database.url, undefined);
		}
	}, 300_000);

	it('refuses a libSQL server or a missing file with one sentence, and leaves no partial file', async () => {
		await expect(backupDatabase('libsql://db.example.org', database.dir)).rejects.toThrow(BackupError);
		await expect(backupDatabase('libsql://db.example.org', database.dir)).rejects.toThrow(/back it up on that server/);
		const dir = join(database.dir, 'none');
		await expect(backupDatabase(`file:${join(database.dir, 'missing.db')}`, dir)).rejects.toThrow(/No database file/);
		expect(existsSync(dir)).toBe(false);
	});
});
