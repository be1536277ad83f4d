// The render cache with the real write path: a page served from the cache is rendered again as soon as a
// command has written, so an anonymous visitor never sees a page older than the last write of this process.
import type { RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { write } from '$lib/server/db';
import { memberships, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { answerQuestion, askQuestion, createCall, publishCall } from '$lib/server/calls/commands';
import { questionsOf } from '$lib/server/calls/queries';
import { compressResponse } from '$lib/server/http/compression';
import { RenderCache } from '$lib/server/http/render-cache';
import { GET as callApi } from '../../src/routes/api/v1/calls/[id=id]/+server';
import { createUser, useTestDatabase } from './support';

useTestDatabase();

const DAY = 86_400_000;
let publisher: User, asker: User;
let city: string, startup: string;

async function organisation(kind: 'city' | 'startup', name: string, user: User) {
	const id = newId();
	await write(async (tx) => {
		await tx
			.insert(organisations)
			.values({ id, slug: `${name}-${id.slice(0, 5)}`, kind, name, verificationStatus: 'verified', createdBy: user.id, createdAt: new Date() });
		await tx.insert(memberships).values({ organisationId: id, userId: user.id, role: 'admin', createdAt: new Date() });
	});
	return id;
}

beforeAll(async () => {
	[publisher, asker] = await Promise.all([createUser(), createUser()]);
	city = await organisation('city', 'lens', publisher);
	startup = await organisation('startup', 'capteurs', asker);
});

describe('the render cache on the real write path', () => {
	it('serves the public API answer again until a command writes, then shows the change', async () => {
		const opensAt = new Date(Date.now() - DAY);
		const created = await createCall(publisher, city, {
			title: 'Qualité de l’air',
			challenge: 'Mesurer.',
			theme: 'health',
			budget: 60_000_00,
			durationMonths: 6,
			legalFrame: 'experimentation_convention',
			opensAt,
			closesAt: new Date(opensAt.getTime() + 30 * DAY),
			consortiumId: null,
			audience: 'startups',
			eligibility: null,
			criteria: [{ label: 'Prix', weight: 100 }]
		});
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
