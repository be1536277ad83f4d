import Database from 'libsql';

// Prepared statements, kept. The embedded driver (@libsql/client over `libsql`) prepares every statement
// it runs, each time: about 15 µs of compiling SQL, on the event loop, for every query of every request.
// Here each connection keeps the statements it prepared, by their text, and hands the same one back: the
// driver runs each to completion synchronously (all() or run()) before anything else can use it. SQLite
// prepares a statement again by itself when the schema changed, but the driver keeps the columns it first
// saw (a kept `SELECT *` would miss a new column): any statement that changes the schema (CREATE, ALTER,
// DROP: migrations) therefore empties every connection's statements. Bounded per connection (the oldest
// goes first), since statements with a variable number of arguments (`IN (?, ?, …)`) each have their own text.
// Only the embedded file is concerned: a libSQL server prepares on its side.
// A kept statement also keeps its result's columns: the driver asks for them twice per run, and each time
// the native binding builds them anew (a few percent of a list page's CPU). They are the statement's, so
// they go with it when the schema changes.

/** Statements kept per connection. */
export const STATEMENTS_KEPT = 500;

/** A prepared statement of the driver (opaque here). */
type Statement = { columns?: () => unknown };
type Prepare = (this: object, sql: string) => Statement;

const kept = new WeakMap<object, { schema: number; statements: Map<string, Statement> }>();
/** Changes with every statement that changes the schema: statements kept before it are dropped. */
let schema = 0;
const CHANGES_SCHEMA = /^\s*(create|alter|drop)\b/i;
let prepared = 0;
let reused = 0;
let columnsBuilt = 0;

const patched = Symbol.for('entente.statement-cache');
const prototype = Database.prototype as unknown as { prepare: Prepare; [patched]?: true };

if (typeof prototype.prepare === 'function' && !prototype[patched]) {
	const prepare = prototype.prepare;
	prototype.prepare = function (this: object, sql: string) {
		if (CHANGES_SCHEMA.test(sql)) schema++;
		let entry = kept.get(this);
		if (!entry || entry.schema !== schema) kept.set(this, (entry = { schema, statements: new Map() }));
		const statements = entry.statements;
		const statement = statements.get(sql);
		if (statement) {
			reused++;
			return statement;
		}
		const fresh = prepare.call(this, sql);
		prepared++;
		const columns = fresh.columns;
		if (typeof columns === 'function') {
			let known: unknown;
			fresh.columns = function (this: Statement) {
				if (known === undefined) {
					known = Object.freeze(columns.call(this));
					columnsBuilt++;
				}
				return known;
			};
		}
		if (statements.size >= STATEMENTS_KEPT) statements.delete(statements.keys().next().value!);
		statements.set(sql, fresh);
		return fresh;
	};
	prototype[patched] = true;
}

/** How many statements were compiled, how many times one was handed back instead, how many times a statement's columns were built (tests). */
export function statementCacheCounts() {
	return { prepared, reused, columnsBuilt };
}
