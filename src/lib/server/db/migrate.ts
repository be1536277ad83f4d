import { migrate } from 'drizzle-orm/libsql/migrator';
import { db } from './index';
import { withWriteLock } from './write-lock';

/** Applies the committed migrations in drizzle/ that this database has not seen yet. */
export async function applyMigrations(migrationsFolder = 'drizzle') {
	await withWriteLock(() => migrate(db(), { migrationsFolder }));
}
