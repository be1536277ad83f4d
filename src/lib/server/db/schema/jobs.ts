import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Who runs each background job: several app processes on one libSQL server each tick every job, and
 * only the process holding the job's unexpired lease runs it (settlement, mail, refunds run once).
 */
export const jobLeases = sqliteTable('job_leases', {
	name: text().primaryKey(),
	holder: text().notNull(),
	expiresAt: integer({ mode: 'timestamp_ms' }).notNull()
});

export type JobLease = typeof jobLeases.$inferSelect;
