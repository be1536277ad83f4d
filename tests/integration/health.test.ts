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

	it('names the outbox when an email failed three deliveries in a row', async () => {
		const now = new Date();
		await write((tx) =>
			tx.insert(outbox).values({ id: 'stuck', recipient: 'a@example.org', subject: 's', textBody: 't', createdAt: now, attempts: 3, nextAttemptAt: now, lastError: 'EACCES' })
		);
		expect(await readiness({ dataDir: join(database.dir, 'data'), mailDir: null })).toEqual(['outbox']);
	});
});
