import { AsyncLocalStorage } from 'node:async_hooks';
import type { Client, InStatement, Transaction } from '@libsql/client';
import type { Handle } from '@sveltejs/kit';
import { noteEveryTable, noteStatement } from './tables-touched';

// How many statements a piece of work sends to the database: what the benchmark reports per request
// (`BENCH=1` adds an `X-Queries` header to every response) and what the tests use to prove that a
// list's work does not grow with its length. Off unless asked for: it costs a lookup per statement.
// The same wrapper, always on, tells db/tables-touched.ts which tables each statement names.

interface Tally {
	queries: number;
}

const current = new AsyncLocalStorage<Tally>();
let enabled = process.env.BENCH === '1';

/** Counts from the next `connect()` on (the tests call it before opening their database). */
export function enableQueryCounting() {
	enabled = true;
}

export function queryCountingEnabled() {
	return enabled;
}

function tally(statements = 1) {
	if (!enabled) return;
	const store = current.getStore();
	if (store) store.queries += statements;
}

function countCalls<T extends Client | Transaction>(target: T, wrapTransaction: boolean): T {
	return new Proxy(target, {
		get(object, property) {
			const value = Reflect.get(object, property, object);
			if (typeof value !== 'function') return value;
			if (property === 'execute') {
				return (statement: InStatement, ...rest: unknown[]) => {
					tally();
					noteStatement(statement);
					return value.apply(object, [statement, ...rest]);
				};
			}
			if (property === 'batch' || property === 'migrate') {
				return (statements: InStatement[], ...rest: unknown[]) => {
					tally(statements.length);
					if (property === 'migrate') noteEveryTable();
					else for (const statement of statements) noteStatement(statement);
					return value.apply(object, [statements, ...rest]);
				};
			}
			if (property === 'executeMultiple') {
				return (...args: unknown[]) => {
					noteEveryTable();
					return value.apply(object, args);
				};
			}
			if (property === 'transaction' && wrapTransaction) {
				return async (...args: unknown[]) => countCalls(await value.apply(object, args), false);
			}
			return value.bind(object);
		}
	});
}

/** The client, its statements counted when counting is on, their tables noted always. */
export function withQueryCounting(client: Client): Client {
	return countCalls(client, true);
}

/** Runs `work` and tells how many statements it (and everything it awaited) sent to the database. */
export async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T; queries: number }> {
	const store: Tally = { queries: 0 };
	const result = await current.run(store, work);
	return { result, queries: store.queries };
}

/** With `BENCH=1`, every response says how many statements its request sent (`X-Queries`). */
export const queryCountHeader: Handle = async ({ event, resolve }) => {
	if (!enabled) return resolve(event);
	const { result: response, queries } = await countQueries(async () => resolve(event));
	try {
		response.headers.set('x-queries', String(queries));
	} catch {
		// A redirect built with Response.redirect has immutable headers: it goes out without the count.
	}
	return response;
};
