import { migrate } from 'drizzle-orm/libsql/migrator';
import { db, rawClient } from './index';
import { loadTableCatalogue } from './tables-touched';
import { withWriteLock } from './write-lock';

/** Applies the committed migrations in drizzle/ that this database has not seen yet. */
export async function applyMigrations(migrationsFolder = 'drizzle') {
	await withWriteLock(() => migrate(db(), { migrationsFolder }));
	// New tables and triggers: what the render cache tells apart (db/tables-touched.ts).
	await loadTableCatalogue(rawClient());
}
