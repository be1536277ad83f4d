import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, disconnect, write } from '$lib/server/db';
import { databaseAnswers } from '$lib/server/db/health';
import { outbox } from '$lib/server/db/schema';
import { readiness } from '$lib/server/health/readiness';
import { useTestDatabase } from './support';

describe('/healthz database probe', () => {
	const database = useTestDatabase();

	it('says the database answers while it is open', async () => {
		expect(await databaseAnswers()).toBe(true);
	});

	it('says it does not once the connection is gone', async () => {
		disconnect();
		try {
			expect(await databaseAnswers()).toBe(false);
		} finally {
			await connect(database.url, undefined);
		}
	});
});

describe('/healthz readiness', () => {
	const database = useTestDatabase();

	it('is ready when the database answers, the data directory is writable and no mail is stuck', async () => {
		expect(await readiness({ dataDir: join(database.dir, 'data'), mailDir: join(database.dir, 'data/mail') })).toEqual([]);
	});

	it('names a data directory that cannot be created', async () => {
		const file = join(database.dir, 'a-file');
		await writeFile(file, '');
		// A directory inside a regular file can never be created, whoever runs the test (even root).
		expect(await readiness({ dataDir: join(file, 'data'), mailDir: null })).toEqual(['data_directory']);
	});

	it('stays ready while one address bounces and the rest of the mail gets out', async () => {
		const now = Date.now();
		await write(async (tx) => {
			// Failed five times, retried later: that message's problem, not the platform's.
			await tx.insert(outbox).values({
				id: 'bounce',
				recipient: 'gone@example.org',
				subject: 's',
				textBody: 't',
				createdAt: new Date(now - 3_600_000),
				attempts: 5,
				nextAttemptAt: new Date(now + 3_600_000),
				lastError: '550 no such user'
			});
			for (let i = 0; i < 3; i++) {
				await tx.insert(outbox).values({
					id: `sent-${i}`,
					recipient: 'a@example.org',
					subject: 's',
					textBody: 't',
					createdAt: new Date(now - 60_000),
					attempts: 1,
					nextAttemptAt: new Date(now - 60_000),
					sentAt: new Date(now - 50_000)
				});
			}
		});
		expect(await readiness({ dataDir: join(database.dir, 'data'), mailDir: null })).toEqual([]);
	});

	it('names the outbox when most recent mail fails', async () => {
		const now = Date.now();
		await write(async (tx) => {
			for (let i = 0; i < 3; i++) {
				await tx.insert(outbox).values({
					id: `failing-${i}`,
					recipient: 'b@example.org',
					subject: 's',
					textBody: 't',
					createdAt: new Date(now - 120_000),
					attempts: 2,
					nextAttemptAt: new Date(now + 60_000),
					lastError: 'ECONNREFUSED'
				});
			}
		});
		expect(await readiness({ dataDir: join(database.dir, 'data'), mailDir: null })).toEqual(['outbox']);
		await write((tx) => tx.delete(outbox));
	});

	it('names the outbox when a due email has waited over a quarter of an hour: nothing drains it', async () => {
		const due = new Date(Date.now() - 16 * 60_000);
		await write((tx) =>
			tx.insert(outbox).values({ id: 'waiting', recipient: 'c@example.org', subject: 's', textBody: 't', createdAt: due, nextAttemptAt: due })
		);
		expect(await readiness({ dataDir: join(database.dir, 'data'), mailDir: null })).toEqual(['outbox']);
	});
});
