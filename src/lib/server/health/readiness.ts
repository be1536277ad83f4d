import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { db } from '../db';
import { databaseAnswers } from '../db/health';
import { outbox } from '../db/schema';
import { config } from '../config';
import { OUTBOX_RATE_WINDOW_MS, outboxProblem } from '../../domain/outbox-health';

export type ReadinessCheck = 'database' | 'data_directory' | 'outbox';

async function writable(dir: string) {
	try {
		await mkdir(dir, { recursive: true });
		await access(dir, constants.W_OK);
		return true;
	} catch {
		return false;
	}
}

/** Whether mail gets out (domain/outbox-health.ts): no overdue backlog, no majority of recent failures. */
async function mailFlows(now = new Date()) {
	try {
		const since = new Date(now.getTime() - OUTBOX_RATE_WINDOW_MS);
		// Three reads of the pending-mail index (sent_at, next_attempt_at), not a scan of every mail ever sent:
		// `/healthz` is asked often, and the outbox keeps what it sent.
		const row = await db().get<{ oldestDueAt: number | null; sent: number; failing: number }>(sql`
			select
				(select min(${outbox.nextAttemptAt}) from ${outbox} where ${outbox.sentAt} is null) as ${sql.identifier('oldestDueAt')},
				(select count(*) from ${outbox} where ${outbox.sentAt} >= ${since.getTime()}) as ${sql.identifier('sent')},
				(select count(*) from ${outbox} where ${outbox.sentAt} is null and ${outbox.attempts} > 0 and ${outbox.createdAt} >= ${since.getTime()}) as ${sql.identifier('failing')}`);
		const oldestDueAt = row?.oldestDueAt == null ? null : new Date(Number(row.oldestDueAt));
		return outboxProblem({ oldestDueAt, sent: Number(row?.sent ?? 0), failing: Number(row?.failing ?? 0) }, now) === null;
	} catch {
		return false;
	}
}

/**
 * What `/healthz` reports: the database answers, the data directory (and the mail folder when mail
 * goes to files) can be written, and mail gets out of the outbox. Lists the checks that fail.
 */
export async function readiness(settings?: { dataDir: string; mailDir: string | null }): Promise<ReadinessCheck[]> {
	const { dataDir, mail } = settings ? { dataDir: settings.dataDir, mail: null } : config();
	const mailDir = settings ? settings.mailDir : mail?.kind === 'files' ? mail.dir : null;
	const failing: ReadinessCheck[] = [];
	const database = await databaseAnswers();
	if (!database) failing.push('database');
	const dirs = [dataDir, ...(mailDir ? [mailDir] : [])];
	if (!(await Promise.all(dirs.map(writable))).every(Boolean)) failing.push('data_directory');
	if (database && !(await mailFlows())) failing.push('outbox');
	return failing;
}
