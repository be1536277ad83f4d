// When `/healthz` says mail does not get out. One address that bounces is that message's problem (it
// keeps its retries and its error); the platform is unhealthy when mail as a whole stops flowing.

/** A due email left waiting this long means nothing is draining the outbox. */
export const OUTBOX_MAX_OVERDUE_MS = 15 * 60_000;
/** The window over which deliveries are counted for the failure rate. */
export const OUTBOX_RATE_WINDOW_MS = 24 * 60 * 60_000;
/** Fewer failing emails than this in the window is no pattern. */
export const OUTBOX_MIN_FAILING = 3;

export interface OutboxStats {
	/** The earliest `nextAttemptAt` of an email not sent yet (its enqueue time if never tried). */
	oldestDueAt: Date | null;
	/** Emails sent in the window. */
	sent: number;
	/** Emails of the window not sent yet that failed at least one delivery. */
	failing: number;
}

export type OutboxProblem = 'overdue' | 'failing';

/** What is wrong with the outbox, or null: a backlog nobody drains, or most recent mail failing. */
export function outboxProblem(stats: OutboxStats, now: Date): OutboxProblem | null {
	if (stats.oldestDueAt && now.getTime() - stats.oldestDueAt.getTime() > OUTBOX_MAX_OVERDUE_MS) return 'overdue';
	if (stats.failing >= OUTBOX_MIN_FAILING && stats.failing >= stats.sent) return 'failing';
	return null;
}
