import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { outbox, throttleBuckets, type OutboxMessage } from '$lib/server/db/schema';
import { deliverDueMail, enqueueMail, retryDelayMs, type MailTransport } from '$lib/server/mail/outbox';
import { fileTransport } from '$lib/server/mail/transports';
import { countRows, useTestDatabase } from './support';

const database = useTestDatabase();

/** A transport that fails its first `failures` sends, then records every message it delivers. */
function flakyTransport(failures: number) {
	const delivered: OutboxMessage[] = [];
	let calls = 0;
	const transport: MailTransport = {
		async send(message) {
			calls++;
			if (calls <= failures) throw new Error(`SMTP 451 temporary failure #${calls}`);
			delivered.push(message);
		}
	};
	return { transport, delivered, calls: () => calls };
}

async function message(recipient: string) {
	const [row] = await db().select().from(outbox).where(eq(outbox.recipient, recipient));
	return row;
}

beforeEach(async () => {
	await write((tx) => tx.delete(outbox));
	// deliverDueMail logs a warning for each failure; keep the output quiet.
	vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
	vi.restoreAllMocks();
});

describe('retry delays', () => {
	it('double from 30 s and stop at 6 h', () => {
		expect(retryDelayMs(1)).toBe(30_000);
		expect(retryDelayMs(2)).toBe(60_000);
		expect(retryDelayMs(3)).toBe(120_000);
		expect(retryDelayMs(50)).toBe(6 * 60 * 60_000);
	});
});

describe('outbox delivery', () => {
	it('retries a failing message with backoff until it is sent exactly once', async () => {
		await write((tx) => enqueueMail(tx, { to: 'flaky@test.example', subject: 'Hello', text: 'Body' }));
		const queued = await message('flaky@test.example');
		expect(queued.attempts).toBe(0);
		expect(queued.sentAt).toBeNull();

		const FAILURES = 3;
		const { transport, delivered, calls } = flakyTransport(FAILURES);
		let now = new Date(queued.nextAttemptAt.getTime() + 1000);

		for (let attempt = 1; attempt <= FAILURES; attempt++) {
			expect(await deliverDueMail(transport, now)).toBe(0);
			const row = await message('flaky@test.example');
			expect(row.attempts).toBe(attempt);
			expect(row.sentAt).toBeNull();
			expect(row.lastError).toBe(`SMTP 451 temporary failure #${attempt}`);
			expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + retryDelayMs(attempt));
			expect(calls()).toBe(attempt);

			// Not tried again before it is due, even a millisecond early.
			expect(await deliverDueMail(transport, new Date(row.nextAttemptAt.getTime() - 1))).toBe(0);
			expect(calls()).toBe(attempt);
			expect((await message('flaky@test.example')).attempts).toBe(attempt);

			now = row.nextAttemptAt;
		}

		expect(await deliverDueMail(transport, now)).toBe(1);
		const sent = await message('flaky@test.example');
		expect(sent.sentAt).toBeInstanceOf(Date);
		expect(sent.attempts).toBe(FAILURES + 1);
		expect(sent.lastError).toBeNull();
		expect(delivered).toHaveLength(1);
		expect(delivered[0]).toMatchObject({ recipient: 'flaky@test.example', subject: 'Hello', textBody: 'Body' });

		// Once sent, it is never sent again, however late it gets.
		expect(await deliverDueMail(transport, new Date(now.getTime() + 7 * 24 * 60 * 60_000))).toBe(0);
		expect(delivered).toHaveLength(1);
		expect(calls()).toBe(FAILURES + 1);
	});

	it('never drops a message, however many times it fails', async () => {
		await write((tx) => enqueueMail(tx, { to: 'never@test.example', subject: 'Persistent', text: 'x' }));
		const { transport, calls } = flakyTransport(Infinity);
		let now = (await message('never@test.example')).nextAttemptAt;
		for (let i = 1; i <= 15; i++) {
			await deliverDueMail(transport, now);
			now = (await message('never@test.example')).nextAttemptAt;
		}
		const row = await message('never@test.example');
		expect(calls()).toBe(15);
		expect(row.attempts).toBe(15);
		expect(row.sentAt).toBeNull();
		expect(row.lastError).toContain('#15');
		// The wait stops growing at its cap.
		expect(retryDelayMs(15)).toBe(6 * 60 * 60_000);
		expect(await countRows('outbox')).toBe(1);
	});

	it('keeps delivering the other messages when one fails', async () => {
		await write(async (tx) => {
			await enqueueMail(tx, { to: 'a@test.example', subject: 'A', text: 'a' });
			await enqueueMail(tx, { to: 'b@test.example', subject: 'B', text: 'b' });
		});
		const { transport, delivered } = flakyTransport(1);
		const now = new Date(Date.now() + 1000);
		expect(await deliverDueMail(transport, now)).toBe(1);
		expect(delivered).toHaveLength(1);
		const rows = await db().select().from(outbox);
		expect(rows.filter((r) => r.sentAt)).toHaveLength(1);
		expect(rows.filter((r) => !r.sentAt && r.attempts === 1)).toHaveLength(1);
	});

	it('does not send a message queued in a transaction that failed', async () => {
		await expect(
			write(async (tx) => {
				await tx.insert(throttleBuckets).values({ key: 'outbox:change', failures: 1, windowStartedAt: new Date() });
				await enqueueMail(tx, { to: 'ghost@test.example', subject: 'Should not exist', text: '…' });
				throw new Error('the change failed');
			})
		).rejects.toThrow('the change failed');

		expect(await message('ghost@test.example')).toBeUndefined();
		expect(await db().select().from(throttleBuckets).where(eq(throttleBuckets.key, 'outbox:change'))).toEqual([]);
		const { transport, delivered } = flakyTransport(0);
		expect(await deliverDueMail(transport, new Date(Date.now() + 60_000))).toBe(0);
		expect(delivered).toEqual([]);
	});
});

describe('file transport', () => {
	it('writes an .eml file with the subject and logs the links', async () => {
		await write((tx) =>
			enqueueMail(tx, {
				to: 'reader@test.example',
				subject: 'Confirmez votre adresse',
				text: 'Bonjour,\nOuvrez http://localhost:3000/verify-email/abc123 pour confirmer.\nOu https://example.fr/aide\n'
			})
		);
		const dir = join(database.dir, 'mail');
		const lines: string[] = [];
		const transport = fileTransport(dir, 'Entente <no-reply@entente.localhost>', (line) => lines.push(line));

		expect(await deliverDueMail(transport, new Date(Date.now() + 1000))).toBe(1);

		const files = await readdir(dir);
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(/\.eml$/);
		const eml = await readFile(join(dir, files[0]), 'utf8');
		expect(eml).toMatch(/^Subject: Confirmez votre adresse$/m);
		expect(eml).toMatch(/^To: reader@test\.example$/m);
		expect(eml).toContain('no-reply@entente.localhost');
		expect(eml).toContain('verify-email/abc123');

		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('reader@test.example');
		expect(lines[0]).toContain('Confirmez votre adresse');
		expect(lines[0]).toContain('http://localhost:3000/verify-email/abc123');
		expect(lines[0]).toContain('https://example.fr/aide');
		expect((await message('reader@test.example')).sentAt).toBeInstanceOf(Date);
	});
});
