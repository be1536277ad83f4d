import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { and, gte, isNull, sql } from 'drizzle-orm';
import { db } from '../db';
import { databaseAnswers } from '../db/health';
import { outbox } from '../db/schema';
import { config } from '../config';

export type ReadinessCheck = 'database' | 'data_directory' | 'outbox';

/** An email that failed this many deliveries in a row means mail does not get out. */
export const STUCK_MAIL_ATTEMPTS = 3;

async function writable(dir: string) {
	try {
		await mkdir(dir, { recursive: true });
		await access(dir, constants.W_OK);
		return true;
	} catch {
		return false;
	}
}

async function mailFlows() {
	try {
		const [row] = await db()
			.select({ stuck: sql<number>`count(*)` })
			.from(outbox)
			.where(and(isNull(outbox.sentAt), gte(outbox.attempts, STUCK_MAIL_ATTEMPTS)));
		return Number(row?.stuck ?? 0) === 0;
	} catch {
		return false;
	}
}

/**
 * What `/healthz` reports: the database answers, the data directory (and the mail folder when mail
 * goes to files) can be written, and no email is stuck in the outbox. Lists the checks that fail.
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
