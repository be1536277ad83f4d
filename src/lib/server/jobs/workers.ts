import { config } from '../config';
import { holdLease } from './lease';
import { asBackgroundWork } from '../db/write-lock';
import { deliverDueMail } from '../mail/outbox';
import { transportFor } from '../mail/transports';
import { renderMailAttachment } from './mail-attachments';
import { sendDailyDigests } from '../notifications/notify';
import { closeDueCalls } from '../calls/commands';
import { settleDueFunds } from '../funds/commands';
import { processStripeRefunds } from '../stripe/refunds';

/**
 * Runs `job` every `everyMs`, never twice at once, logging failures instead of crashing; with several app
 * processes on one database, only the process holding the job's lease runs it (jobs/lease.ts).
 */
function every(name: string, everyMs: number, job: () => Promise<unknown>) {
	let running = false;
	const leaseMs = Math.min(Math.max(3 * everyMs, 30_000), 5 * 60_000);
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			// A job's writes are never refused by the write queue's back-pressure: they wait their turn.
			await asBackgroundWork(async () => {
				if (await holdLease(name, leaseMs)) await job();
			});
		} catch (error) {
			console.error(`job ${name} failed:`, error);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(tick, everyMs);
	timer.unref();
	void tick();
}

export function startWorkers() {
	const settings = config();
	const transport = transportFor(settings.mail, settings.mailFrom, renderMailAttachment);
	every('mail', 1000, () => deliverDueMail(transport));
	every('digest', 15 * 60_000, () => sendDailyDigests());
	// Also at start: a call whose deadline passed while the server was down closes now.
	every('close-calls', 30_000, () => closeDueCalls());
	// Also at start: a fund whose deadline passed while the server was down settles now.
	every('settle-funds', 10_000, () => settleDueFunds());
	// Refunds owed through Stripe by a failed fund (nothing to do without Stripe).
	every('stripe-refunds', 10_000, () => processStripeRefunds());
}
