import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { config } from '../config';
import * as schema from './schema';
import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { withWriteLock, WriteQueueFull } from './write-lock';
import { withQueryCounting } from './query-count';
import { loadTableCatalogue } from './tables-touched';
import './statement-cache';

export type Database = LibSQLDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the database or an open transaction: what read helpers accept. */
export type Queryable = Database | Tx;

let client: Client | undefined;
let database: Database | undefined;

/** Opens the database (the configured one unless a URL is given) and makes it the current one. */
export async function connect(url = config().databaseUrl, authToken = config().databaseAuthToken) {
	if (client) client.close();
	if (url.startsWith('file:')) {
		const path = url.slice('file:'.length).split('?')[0];
		if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	}
	// `timeout` is the busy timeout of every connection of the client's pool (a PRAGMA would set it on
	// one connection only): another process writing at the same moment (npm run admin:create, a test
	// helper) makes a write wait instead of failing with SQLITE_BUSY.
	client = withQueryCounting(createClient({ url, authToken, timeout: 5000 }));
	if (url.startsWith('file:')) await client.execute('PRAGMA journal_mode = WAL');
	database = drizzle(client, { schema, casing: 'snake_case' });
	await loadTableCatalogue(client);
	return database;
}

/** The current database; reads may use it directly, writes go through `write`. */
export function db(): Database {
	if (!database) throw new Error('The database is not connected yet: call connect() at start.');
	return database;
}

export function rawClient(): Client {
	if (!client) throw new Error('The database is not connected yet: call connect() at start.');
	return client;
}

/**
 * Runs `work` in one write transaction, after every earlier write of this process has settled. When too
 * many writes wait already, refuses at once with a 503 that asks to try again in a moment (unless
 * `bounded` is false: a background job's bookkeeping waits its turn).
 */
export function write<T>(work: (tx: Tx) => Promise<T>, { bounded = true } = {}): Promise<T> {
	return withWriteLock(() => transactionRetried(work), bounded).catch((reason: unknown) => {
		if (reason instanceof WriteQueueFull) error(503, m.speed_write_busy());
		throw reason;
	});
}

/** Whether a failure is another writer holding the database (another process, on a libSQL server). */
export function isBusy(reason: unknown): boolean {
	for (let cause = reason, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
		const { code, message } = cause as { code?: unknown; message?: unknown };
		if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
		if (typeof message === 'string' && /SQLITE_BUSY|database is locked|database table is locked/i.test(message)) return true;
	}
	return false;
}

const BUSY_ATTEMPTS = 8;

/**
 * One write transaction, run again from the start when the database answers that another writer holds it
 * (several app processes on one libSQL server): at most eight attempts, 20 ms apart then doubling with
 * jitter (about 3 s in all). The work only reads and writes through `tx`, so running it again is safe.
 */
async function transactionRetried<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await db().transaction(work, { behavior: 'immediate' });
		} catch (reason) {
			if (attempt >= BUSY_ATTEMPTS || !isBusy(reason)) throw reason;
			const wait = Math.min(20 * 2 ** (attempt - 1), 1000);
			await new Promise((resolve) => setTimeout(resolve, wait / 2 + Math.random() * wait));
		}
	}
}

export function disconnect() {
	client?.close();
	client = undefined;
	database = undefined;
}

export { schema };
