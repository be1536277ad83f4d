import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { db, write, type Tx } from '../db';
import { outbox, type OutboxMessage } from '../db/schema';
import { newId } from '../auth/tokens';

export interface MailTransport {
	send(message: OutboxMessage): Promise<void>;
}

export interface Mail {
	to: string;
	subject: string;
	text: string;
}

/** Queues an email in the caller's transaction: it exists if and only if the change commits. */
export async function enqueueMail(tx: Tx, mail: Mail) {
	const now = new Date();
	await tx.insert(outbox).values({
		id: newId(),
		recipient: mail.to,
		subject: mail.subject,
		textBody: mail.text,
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

/**
 * Sends the messages that are due. A failure is recorded with the time of the next attempt; a
 * message is never dropped. Returns how many were sent.
 */
export async function deliverDueMail(transport: MailTransport, now = new Date(), batch = 25) {
	const due = await db()
		.select()
		.from(outbox)
		.where(and(isNull(outbox.sentAt), lte(outbox.nextAttemptAt, now)))
		.orderBy(asc(outbox.nextAttemptAt))
		.limit(batch);
	let sent = 0;
	for (const message of due) {
		try {
			await transport.send(message);
			await write((tx) =>
				tx
					.update(outbox)
					.set({ sentAt: new Date(), attempts: message.attempts + 1, lastError: null })
					.where(eq(outbox.id, message.id))
			);
			sent++;
		} catch (error) {
			const attempts = message.attempts + 1;
			const reason = error instanceof Error ? error.message : String(error);
			console.warn(`mail: delivery of ${message.id} failed (attempt ${attempts}): ${reason}`);
			await write((tx) =>
				tx
					.update(outbox)
					.set({
						attempts,
						lastError: reason.slice(0, 500),
						nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts))
					})
					.where(eq(outbox.id, message.id))
			);
		}
	}
	return sent;
}
