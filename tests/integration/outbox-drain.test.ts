import { describe, expect, it, vi } from 'vitest';
import { isNull } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { outbox, type OutboxMessage } from '$lib/server/db/schema';
import { deliverDueMail, enqueueMail, outboxBacklog, type MailTransport } from '$lib/server/mail/outbox';
import { GET } from '../../src/routes/healthz/+server';
import { useTestDatabase } from './support';

useTestDatabase();

const healthz = async (query = '') =>
	(await GET({ url: new URL(`http://localhost/healthz${query}`) } as unknown as Parameters<typeof GET>[0])).json();

describe('the outbox under a burst', () => {
	it('drains a burst continuously, several in flight, and reports its backlog until it is empty', async () => {
		await write(async (tx) => {
			for (let i = 0; i < 450; i++) await enqueueMail(tx, { to: `burst-${i}@test.example`, subject: 'Invitation', text: 'Bonjour' });
		});
		const backlog = await outboxBacklog(new Date(Date.now() + 30_000));
		expect(backlog.pending).toBe(450);
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
		// One run of the worker (it ticks every second) sends the whole burst, not one batch of it.
		expect(await deliverDueMail(transport)).toBe(449);
		vi.restoreAllMocks();
		expect(new Set(delivered.map((m) => m.recipient)).size).toBe(449);
		expect(mostInFlight).toBeGreaterThan(1);
		expect(mostInFlight).toBeLessThanOrEqual(8);

		const left = await db().select().from(outbox).where(isNull(outbox.sentAt));
		expect(left.map((m) => [m.recipient, m.attempts, m.lastError])).toEqual([['burst-7@test.example', 1, 'SMTP 451']]);
		expect(left[0].nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
		expect((await outboxBacklog()).pending).toBe(1);
	});
});
