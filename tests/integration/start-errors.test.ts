import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, disconnect } from '$lib/server/db';
import { applyMigrations } from '$lib/server/db/migrate';
import { startErrorSentence } from '$lib/server/start-errors';

// Issue #11, case 9: a damaged or read-only database stopped the start with a raw LibsqlError and
// 13 stack frames; the other configuration errors say one sentence.

let dir = '';
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'entente-start-'));
});
afterAll(async () => {
	disconnect();
	await rm(dir, { recursive: true, force: true });
});

async function errorOpening(url: string) {
	try {
		await connect(url, undefined);
		await applyMigrations('drizzle');
	} catch (error) {
		return error;
	}
	throw new Error(`opening ${url} did not fail`);
}

describe('start errors', () => {
	it('a damaged database file: one sentence naming the file', async () => {
		const file = join(dir, 'damaged.db');
		await writeFile(file, 'this is not a database, just some text long enough to be read as a header'.repeat(100));
		const sentence = startErrorSentence(await errorOpening(`file:${file}`), { databaseUrl: `file:${file}`, dataDir: dir });
		expect(sentence).toContain(file);
		expect(sentence).toMatch(/not a readable database/);
		expect(sentence!.split(/\.\s/)).toHaveLength(1);
	});

	it('a database folder that cannot be created: one sentence naming it', async () => {
		const blocker = join(dir, 'a-file');
		await writeFile(blocker, '');
		const url = `file:${join(blocker, 'sub', 'entente.db')}`;
		const sentence = startErrorSentence(await errorOpening(url), { databaseUrl: url, dataDir: dir });
		expect(sentence).toMatch(/cannot be created or written/);
		expect(sentence).toContain(blocker);
	});

	it('a read-only database (as libSQL reports it): one sentence naming the file', () => {
		const error = Object.assign(new Error('SQLITE_READONLY: attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
		expect(startErrorSentence(error, { databaseUrl: 'file:/srv/entente/entente.db', dataDir: '/srv/entente' })).toBe(
			'The database file /srv/entente/entente.db cannot be written (a read-only file, folder or disk): give the server write access to it and to its folder.'
		);
	});

	it('anything else is not dressed up as one of these', () => {
		expect(startErrorSentence(new Error('boom'), { databaseUrl: 'file:x.db', dataDir: 'data' })).toBeNull();
	});
});
