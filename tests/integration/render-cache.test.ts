// The render cache with the real write path: a page served from the cache is rendered again as soon as a
// command has written to a table it read, so an anonymous visitor never sees a page older than the last
// write of this process that could have changed it.
import type { RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '$lib/server/db/schema';
import { answerQuestion, askQuestion, createCall, publishCall } from '$lib/server/calls/commands';
import { questionsOf } from '$lib/server/calls/queries';
import { compressResponse } from '$lib/server/http/compression';
import { RenderCache } from '$lib/server/http/render-cache';
import { GET as callApi } from '../../src/routes/api/v1/calls/[id=id]/+server';
import { callInput, organisationOf } from './fixtures-calls';
import { createUser, useTestDatabase } from './support';
import { eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { calls, throttleBuckets } from '$lib/server/db/schema';
import { EVERY_TABLE, noteStatement, recordingWrites, tablesOf, tablesReadBy, writesSomething } from '$lib/server/db/tables-touched';

useTestDatabase();

let publisher: User, asker: User;
let city: string, startup: string;

beforeAll(async () => {
	[publisher, asker] = await Promise.all([createUser(), createUser()]);
	city = await organisationOf('city', 'lens', publisher);
	startup = await organisationOf('startup', 'capteurs', asker);
});

describe('the render cache on the real write path', () => {
	it('serves the public API answer again until a command writes, then shows the change', async () => {
		const created = await createCall(publisher, city, callInput());
		if (!created.ok) throw new Error(created.code);
		expect(await publishCall(publisher, created.id)).toEqual({ ok: true });
		expect(await askQuestion(asker, created.id, startup, 'Les capteurs sont-ils fournis ?')).toEqual({ ok: true });

		const cache = new RenderCache({ ttlMs: 60_000, maxBytes: 1024 * 1024, maxEntries: 100, exposeHeader: true, now: () => 0 });
		let renders = 0;
		const get = async () => {
			const request = new Request(`http://localhost/api/v1/calls/${created.id}`, { headers: { 'accept-encoding': 'identity' } });
			const event = { request, url: new URL(request.url), params: { id: created.id } } as unknown as RequestEvent;
			const response = await cache.handle({
				event,
				resolve: async (e) => {
					renders++;
					return compressResponse(e.request, await callApi(e as never));
				}
			});
			return { state: response.headers.get('x-render-cache'), body: await response.text() };
		};

		const first = await get();
		const second = await get();
		expect([first.state, second.state]).toEqual(['miss', 'hit']);
		expect(second.body).toBe(first.body);
		expect(JSON.parse(second.body).questions).toEqual([]); // asked, not answered yet: not public
		expect(renders).toBe(1);

		const [question] = await questionsOf(created.id, true);
		expect(await answerQuestion(publisher, created.id, question.id, 'Oui, dix par quartier.')).toEqual({ ok: true });
		const after = await get();
		expect(after.state).toBe('miss');
		expect(JSON.parse(after.body).questions).toMatchObject([{ question: 'Les capteurs sont-ils fournis ?', answer: 'Oui, dix par quartier.' }]);
		expect((await get()).state).toBe('hit');
		expect(renders).toBe(2);

		// A write to tables the answer did not read leaves it cached; one to a table it read does not.
		await write((tx) => tx.insert(throttleBuckets).values({ key: `render-cache:${created.id}`, failures: 0, windowStartedAt: new Date() }));
		expect((await get()).state).toBe('hit');
		await write((tx) => tx.update(calls).set({ updatedAt: new Date() }).where(eq(calls.id, created.id)));
		expect((await get()).state).toBe('miss');
		expect(renders).toBe(3);
	});
});

describe('the tables a statement touches', () => {
	it('names the tables of a statement, with those its triggers write, and every table when it cannot tell', async () => {
		const { tables } = await tablesReadBy(async () => await db().select({ id: calls.id }).from(calls).where(eq(calls.id, 'none')));
		expect(tables).toEqual(['calls']);
		expect(tablesOf('SELECT 1')).toEqual([EVERY_TABLE]);
		expect(writesSomething('select * from calls')).toBe(false);
		expect(writesSomething('WITH x AS (SELECT 1) SELECT * FROM x')).toBe(false);
		expect(writesSomething('insert into "calls" ("id") values (?)')).toBe(true);
		expect(writesSomething('with gone as (select 1) delete from "calls" where id in gone')).toBe(true);

		// The ledger's AFTER INSERT triggers keep the fund totals: a write to the ledger changes them too.
		const changed = new Set<string>();
		await recordingWrites(changed, async () => noteStatement('INSERT INTO "ledger_entries" ("id") VALUES (?)'));
		expect([...changed]).toEqual(expect.arrayContaining(['ledger_entries', 'fund_flows', 'fund_member_flows']));
		// A page that sent no statement may depend on anything.
		expect((await tablesReadBy(async () => 1)).tables).toEqual([EVERY_TABLE]);
	});
});
