import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClient } from '@libsql/client';

// `npm run db:backup`: a consistent copy of the embedded database taken while the platform runs.
// SQLite's `VACUUM INTO` reads the database in one read transaction (a snapshot: in WAL mode, writers
// go on meanwhile and nothing they commit later is in the copy) and writes a compact, self-contained
// file. The copy is written under a temporary name, checked (`PRAGMA integrity_check`), then renamed:
// a file named like a backup is always a whole one.

export class BackupError extends Error {}

export interface Backup {
	file: string;
	bytes: number;
}

/** `2026-12-03T14-05-09Z`: sorts by time, and is a valid file name everywhere. */
function stamp(now: Date) {
	return now
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replace(/:/g, '-');
}

/**
 * Copies the embedded database at `databaseUrl` (a `file:` URL) into `dir` as
 * `entente-<UTC time>.db`, and returns the file. A libSQL server (`libsql://`, `http(s)://`, `ws(s)://`)
 * keeps its own copies: refused with a sentence saying so.
 */
export async function backupDatabase(databaseUrl: string, dir: string, now = new Date()): Promise<Backup> {
	if (!databaseUrl.startsWith('file:')) {
		throw new BackupError(
			`DATABASE_URL is a libSQL server (${databaseUrl.split('?')[0]}): back it up on that server (sqld keeps its own snapshots); db:backup copies an embedded file.`
		);
	}
	const source = databaseUrl.slice('file:'.length).split('?')[0];
	if (!source || source === ':memory:' || !existsSync(source)) throw new BackupError(`No database file at ${source || databaseUrl}.`);
	mkdirSync(dir, { recursive: true });
	let file = resolve(join(dir, `entente-${stamp(now)}.db`));
	for (let n = 2; existsSync(file); n++) file = resolve(join(dir, `entente-${stamp(now)}-${n}.db`));
	const partial = `${file}.partial`;
	rmSync(partial, { force: true });

	// A connection of its own, with the platform's busy timeout: a write holding the database briefly
	// (a checkpoint) makes the copy wait, not fail.
	const client = createClient({ url: databaseUrl, timeout: 5000 });
	try {
		await client.execute({ sql: 'VACUUM INTO ?', args: [partial] });
	} catch (error) {
		rmSync(partial, { force: true });
		throw new BackupError(`The copy of ${source} failed: ${(error as Error).message}`);
	} finally {
		client.close();
	}

	const copy = createClient({ url: `file:${partial}` });
	try {
		const result = await copy.execute('PRAGMA integrity_check');
		const verdict = result.rows.map((r) => String(Object.values(r)[0])).join('; ');
		if (verdict !== 'ok') throw new BackupError(`The copy of ${source} does not pass SQLite's integrity check: ${verdict}`);
	} finally {
		copy.close();
	}
	renameSync(partial, file);
	return { file, bytes: statSync(file).size };
}
