import { describe, expect, it } from 'vitest';
import { connect, disconnect } from '$lib/server/db';
import { databaseAnswers } from '$lib/server/db/health';
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
