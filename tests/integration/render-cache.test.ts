// The render cache with the real write path: a page served from the cache is rendered again as soon as a
// command has written, so an anonymous visitor never sees a page older than the last write of this process.
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
	});
});
