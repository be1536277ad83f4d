import { and, asc, count, desc, eq, gt, isNull, lte, min, sql } from 'drizzle-orm';
import { db, write, type Tx } from '../db';
import { outbox, type MailAttachmentRef, type OutboxMessage } from '../db/schema';
import { newId } from '../auth/tokens';

export interface MailTransport {
	send(message: OutboxMessage): Promise<void>;
}

/** A file sent with an email, as rendered when the email goes. */
export interface RenderedAttachment {
	filename: string;
	content: Uint8Array;
	contentType: string;
}

/**
 * Renders what an attachment reference names, when its email is sent: in the recipient's language and as it
 * stands then. Null when there is nothing to attach any more (the email goes without it). Given to the
 * transport by whoever starts it (jobs/workers.ts): the mail service knows no aggregate.
 */
export type AttachmentRenderer = (ref: MailAttachmentRef) => Promise<RenderedAttachment | null>;

export interface Mail {
	to: string;
	subject: string;
	text: string;
	/** Files to attach, by reference: rendered at send time, never stored as blobs. */
	attachments?: MailAttachmentRef[];
}

/** Queues an email in the caller's transaction: it exists if and only if the change commits. */
export async function enqueueMail(tx: Tx, mail: Mail) {
	const now = new Date();
	await tx.insert(outbox).values({
		id: newId(),
		recipient: mail.to,
		subject: mail.subject,
		textBody: mail.text,
		attachments: mail.attachments ?? [],
		createdAt: now,
		nextAttemptAt: now
	});
}

const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 6 * 60 * 60_000;

/** Wait before the next attempt once `attempts` have failed: 30 s, 1 min, 2 min… at most 6 h. */
export function retryDelayMs(attempts: number): number {
	return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

/** Messages sent at once: enough to keep an SMTP relay busy, few enough not to be taken for a flood. */
const SEND_CONCURRENCY = 8;
/** How long one delivery run may keep draining before it lets the next tick take over. */
const DRAIN_BUDGET_MS = 5_000;

type Outcome = { message: OutboxMessage; error?: string };

/**
 * Records deliveries' outcomes as soon as they are known: an outcome waits only for the write in progress,
 * and the next write records every outcome that came meanwhile (one commit for several mails, not one per
 * mail). Never refused when the write queue is long: the mail has gone, refusing the mark would send it twice.
 */
function outcomeRecorder(now: Date) {
	let waiting: Outcome[] = [];
	let flushing: Promise<void> | null = null;
	const flush = async () => {
		// `flushing` is cleared in the same step as the loop's last check: an outcome that comes later starts
		// its own write instead of waiting on one that will not record it.
		try {
			while (waiting.length) {
				const group = waiting;
				waiting = [];
				await write(
					async (tx) => {
						for (const { message, error } of group) {
							const attempts = message.attempts + 1;
							await tx
								.update(outbox)
								.set(
									error === undefined
										? { sentAt: new Date(), attempts, lastError: null }
										: { attempts, lastError: error, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) }
								)
								.where(eq(outbox.id, message.id));
						}
					},
					{ bounded: false }
				);
			}
		} finally {
			flushing = null;
		}
	};
	return (outcome: Outcome): Promise<void> => {
		waiting.push(outcome);
		flushing ??= flush();
		return flushing;
	};
}

/**
 * Sends the messages that are due, `batch` at a time, `SEND_CONCURRENCY` in flight, and keeps going while
 * full batches come (within a few seconds), so a burst drains continuously instead of 25 a second. Each
 * message is marked sent as soon as the transport has taken it (not once the whole batch is done): a
 * process that stops mid-batch sends again at most the few messages that were in flight. A failure is given
 * its next attempt (30 s, 1 min, 2 min…); a message is never dropped. Returns how many were sent.
 */
export async function deliverDueMail(transport: MailTransport, now = new Date(), batch = 100, budgetMs = DRAIN_BUDGET_MS) {
	const started = Date.now();
	let sent = 0;
	for (;;) {
		const due = await db()
			.select()
			.from(outbox)
			.where(and(isNull(outbox.sentAt), lte(outbox.nextAttemptAt, now)))
			.orderBy(asc(outbox.nextAttemptAt))
			.limit(batch);
		const record = outcomeRecorder(now);
		let next = 0;
		const sender = async () => {
			while (next < due.length) {
				const message = due[next++];
				let failure: string | undefined;
				try {
					await transport.send(message);
				} catch (error) {
					const reason = error instanceof Error ? error.message : String(error);
					console.warn(`mail: delivery of ${message.id} failed (attempt ${message.attempts + 1}): ${reason}`);
					failure = reason.slice(0, 500);
				}
				// Recorded before this sender takes another message: at most one unrecorded mail per sender.
				await record({ message, error: failure });
				if (failure === undefined) sent++;
			}
		};
		await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, due.length) }, sender));
		if (due.length < batch || Date.now() - started > budgetMs) return sent;
	}
}

/**
 * Messages not sent yet, how long the oldest has waited, and how many of them have failed at least once
 * (they wait for their next attempt): what /healthz?details and the admin page show.
 */
export async function outboxBacklog(now = new Date()) {
	const [row] = await db()
		.select({ pending: count(), oldest: min(outbox.createdAt), failing: sql<number>`coalesce(sum(${outbox.attempts} > 0), 0)`.mapWith(Number) })
		.from(outbox)
		.where(isNull(outbox.sentAt));
	const oldest = row?.oldest ? new Date(row.oldest) : null;
	return {
		pending: row?.pending ?? 0,
		oldestPendingSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
		failing: row?.failing ?? 0
	};
}

/** Among the messages still waiting after a failure, the one to be tried last (its error, attempts, next attempt). */
export async function latestOutboxFailure() {
	const [row] = await db()
		.select({ lastError: outbox.lastError, attempts: outbox.attempts, nextAttemptAt: outbox.nextAttemptAt })
		.from(outbox)
		.where(and(isNull(outbox.sentAt), gt(outbox.attempts, 0)))
		.orderBy(desc(outbox.nextAttemptAt))
		.limit(1);
	return row ? { error: row.lastError ?? '', attempts: row.attempts, nextAttemptAt: row.nextAttemptAt } : null;
}
