import { db, type Database } from './index';

// Hot queries built once. Building a query with drizzle (its SQL text from the schema, the mapping of its
// columns) costs more than SQLite takes to run a small one; a query that runs on every request is built
// once per database with placeholders (`sql.placeholder`) and `.prepare()`, then only run with its values.

const built = new WeakMap<Database, Map<unknown, unknown>>();

/** The query `build` makes for the current database, built the first time it is asked for under `key`. */
export function builtOnce<T>(key: unknown, build: (database: Database) => T): T {
	const database = db();
	let queries = built.get(database);
	if (!queries) built.set(database, (queries = new Map()));
	if (!queries.has(key)) queries.set(key, build(database));
	return queries.get(key) as T;
}
