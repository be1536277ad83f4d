// Migration 0013 adds the unique index on live SIRENs. A database that already holds duplicates must
// still migrate: the later rows are marked and reported, never merged or deleted.
import { afterAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { connect, db, disconnect, rawClient } from '$lib/server/db';
import { applyMigrations } from '$lib/server/db/migrate';
import { organisations } from '$lib/server/db/schema';
import { reportSirenConflicts, sirenConflicts } from '$lib/server/organisations/trust-queries';
import { createCompanyOrPartner } from '$lib/server/organisations/commands';
import { createUser } from './support';

let dir = '';
afterAll(async () => {
	disconnect();
	if (dir) await rm(dir, { recursive: true, force: true });
});

describe('migration 0013 on a database with duplicate SIRENs', () => {
	it('migrates, keeps every row, and reports the later duplicates', async () => {
		dir = await mkdtemp(join(tmpdir(), 'entente-trust-'));
		// The migrations as they were before this one (those after it are left out too: the migrator only
		// applies migrations newer than the last one a database has seen).
		const before = join(dir, 'drizzle-before');
		await cp('drizzle', before, { recursive: true });
		await rm(join(before, '0013_trust.sql'));
		const journalPath = join(before, 'meta', '_journal.json');
		const journal = JSON.parse(await readFile(journalPath, 'utf8'));
		journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0013_trust');
		await writeFile(journalPath, JSON.stringify(journal));
		await connect(`file:${join(dir, 'old.db')}`, undefined);
		await applyMigrations(before);

		const owner = await createUser();
		// Written in SQL: the schema in code already has this migration's column.
		const rows: [string, string, number, string][] = [
			['first', 'Capteurs Civiques', 1_000, 'verified'],
			['second', 'Capteurs Civiques bis', 2_000, 'verified'],
			['third', 'Capteurs Civiques ter', 3_000, 'unverified'],
			['refused', 'Capteurs refusés', 500, 'rejected']
		];
		for (const [id, name, at, status] of rows) {
			await rawClient().execute({
				sql: `insert into organisations (id, slug, kind, name, siren, verification_status, created_by, created_at)
					values (?, ?, 'startup', ?, '552100554', ?, ?, ?)`,
				args: [id, id, name, status, owner.id, at]
			});
		}

		await applyMigrations('drizzle');

		const after = await db().select().from(organisations).where(eq(organisations.siren, '552100554'));
		expect(after).toHaveLength(4);
		const marked = Object.fromEntries(after.map((r) => [r.id, r.sirenConflictAt !== null]));
		expect(marked).toEqual({ first: false, second: true, third: true, refused: false });
		expect((await sirenConflicts()).map((r) => r.name)).toEqual(['Capteurs Civiques bis', 'Capteurs Civiques ter']);
		const lines: string[] = [];
		expect(await reportSirenConflicts((line) => lines.push(line))).toBe(2);
		expect(lines[0]).toContain('Capteurs Civiques bis (SIREN 552100554, verified)');

		// And nobody can add a fourth.
		expect(
			await createCompanyOrPartner(await createUser(), { kind: 'startup', name: 'Quatrième', siren: '552100554', nafCode: '62.01Z', description: '' })
		).toEqual({
			ok: false,
			code: 'siren_taken',
			holder: 'Capteurs Civiques'
		});
	});
});
