import { describe, expect, it, vi } from 'vitest';
import { isNotNull, isNull } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { outbox, type OutboxMessage } from '$lib/server/db/schema';
import { deliverDueMail, enqueueMail, latestOutboxFailure, outboxBacklog, type MailTransport } from '$lib/server/mail/outbox';
import { GET } from '../../src/routes/healthz/+server';
import { useTestDatabase } from './support';

useTestDatabase();

const healthz = async (query = '') => (await GET({ url: new URL(`http://localhost/healthz${query}`) } as unknown as Parameters<typeof GET>[0])).json();

describe('the outbox under a burst', () => {
	it('drains a burst continuously, several in flight, and reports its backlog until it is empty', async () => {
		await write(async (tx) => {
			for (let i = 0; i < 450; i++) await enqueueMail(tx, { to: `burst-${i}@test.example`, subject: 'Invitation', text: 'Bonjour' });
		});
		const backlog = await outboxBacklog(new Date(Date.now() + 30_000));
		expect(backlog).toMatchObject({ pending: 450, failing: 0 });
		expect(await latestOutboxFailure()).toBeNull();
		expect(backlog.oldestPendingSeconds).toBeGreaterThanOrEqual(29);
		expect((await healthz('?details')).details).toMatchObject({ outbox: { pending: 450 }, writeQueue: 0 });
		expect(await healthz()).toEqual({ status: 'ok' });

		let inFlight = 0;
		let mostInFlight = 0;
		const delivered: OutboxMessage[] = [];
		const transport: MailTransport = {
			async send(message) {
				inFlight++;
				mostInFlight = Math.max(mostInFlight, inFlight);
				await new Promise((resolve) => setTimeout(resolve, 2));
				inFlight--;
				// One address fails: it waits for its retry, the others go.
				if (message.recipient === 'burst-7@test.example') throw new Error('SMTP 451');
				delivered.push(message);
			}
		};
		vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		// One run of the worker (it ticks every second) sends the whole burst, not one batch of it (given the time:
		// what a run may take is its own rule, left out here so a slow machine cannot fail this test).
		expect(await deliverDueMail(transport, new Date(), 100, Number.POSITIVE_INFINITY)).toBe(449);
		vi.restoreAllMocks();
		expect(new Set(delivered.map((m) => m.recipient)).size).toBe(449);
		expect(mostInFlight).toBeGreaterThan(1);
		expect(mostInFlight).toBeLessThanOrEqual(8);

		const left = await db().select().from(outbox).where(isNull(outbox.sentAt));
		expect(left.map((m) => [m.recipient, m.attempts, m.lastError])).toEqual([['burst-7@test.example', 1, 'SMTP 451']]);
		expect(left[0].nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
		// What the admin page shows: one waiting, it has failed, and why.
		expect(await outboxBacklog()).toMatchObject({ pending: 1, failing: 1 });
		expect(await latestOutboxFailure()).toMatchObject({ error: 'SMTP 451', attempts: 1, nextAttemptAt: left[0].nextAttemptAt });
	});
});

describe('the outbox when the process stops mid-batch', () => {
	it('has marked every mail that went as sent, so the next run sends only the rest, each mail once', async () => {
		await db().delete(outbox);
		await write(async (tx) => {
			for (let i = 0; i < 40; i++) await enqueueMail(tx, { to: `crash-${i}@test.example`, subject: 'Rappel', text: 'Bonjour' });
		});
		const gone: string[] = [];
		// The first worker's transport delivers twelve mails, then the process "dies": every later send
		// never returns (nothing after it runs, as after a crash).
		const dying: MailTransport = {
			async send(message) {
				if (gone.length >= 12) return new Promise<void>(() => undefined);
				gone.push(message.recipient);
			}
		};
		void deliverDueMail(dying);
		// The batch of forty never finishes; the twelve that went are already recorded as sent.
		await vi.waitFor(async () => expect((await outboxBacklog()).pending).toBe(28), { timeout: 5000, interval: 20 });
		const sentRows = await db().select().from(outbox).where(isNotNull(outbox.sentAt));
		expect(sentRows.map((r) => r.recipient).sort()).toEqual([...gone].sort());

		// After the restart, a new worker sends what had not gone, and nothing twice.
		const resent: string[] = [];
		expect(await deliverDueMail({ send: async (message) => void resent.push(message.recipient) })).toBe(28);
		expect(resent.filter((r) => gone.includes(r))).toEqual([]);
		expect(new Set([...gone, ...resent]).size).toBe(40);
		expect((await outboxBacklog()).pending).toBe(0);
	});
});
