import { describe, expect, it } from 'vitest';
import { db } from '$lib/server/db';
import { publicReferents } from '$lib/server/organisations/api';
import { replicationTree, interestsOn } from '$lib/server/partners/queries';
import { publicProject } from '$lib/server/projects/api';
import { reuseOf } from '$lib/server/projects/links';
import { documentsOfProject } from '$lib/server/projects/documents';
import { searchDirectory } from '$lib/server/organisations/directory';
import { write } from '$lib/server/db';
import { createSession } from '$lib/server/auth/sessions';
import * as home from '../../src/routes/(public)/+page.server';
import { useDemoDatabase } from './support';
import { callRoute } from './route-harness';

useDemoDatabase();

describe('the demo’s rapprochements', () => {
	it('name a référent numérique in each demo city', async () => {
		const { data } = await publicReferents(100, null, {});
		expect(data.map((r) => r.organisationName).sort()).toEqual(['Beauvais', 'Béthune', 'Laval', 'Nevers', 'Saint-Quentin']);
		expect((await publicReferents(100, null, { departement: '53' })).data.map((r) => r.name)).toEqual(['Julien Mercier']);
	});

	it('tell the guichet unique: Béthune’s project with indicators, replicated by three cities, Beauvais asking to join', async () => {
		const [original] = await db().query.projects.findMany({ where: (p, { eq }) => eq(p.title, 'Guichet unique des démarches (démo)') });
		const tree = await replicationTree(original.id);
		expect(
			tree
				.filter((n) => n.parentId === original.id)
				.map((n) => n.organisationName)
				.sort()
		).toEqual(['Laval', 'Nevers', 'Saint-Quentin']);
		const api = await publicProject(original.id);
		expect(api?.replications).toHaveLength(3);
		// Laval's replica is still a draft: the city is named, its project is not.
		expect(api?.replications.find((r) => r.name === 'Laval')?.projectId).toBeNull();
		expect((await reuseOf(original.id)).indicators[0].measurements).toHaveLength(2);
		// Its reusable specification, added through the real command, was copied into each replica.
		const [specification] = await documentsOfProject(original.id);
		expect(specification).toMatchObject({ title: 'Cahier des charges du guichet unique', reusable: true });
		for (const replica of tree.filter((n) => n.parentId === original.id)) {
			expect((await documentsOfProject(replica.projectId)).map((d) => [d.title, d.sha256])).toEqual([[specification.title, specification.sha256]]);
		}
		// Nevers and Saint-Quentin asked Béthune about it, and Béthune answered each.
		const threads = await db().query.conversations.findMany({ where: (c, { eq }) => eq(c.subject, original.title) });
		expect(threads).toHaveLength(2);
		for (const thread of threads) {
			expect(await db().query.messages.findMany({ where: (x, { eq }) => eq(x.conversationId, thread.id) })).toHaveLength(2);
		}
		const waiting = (await interestsOn(original.id)).filter((i) => i.status === 'requested');
		expect(waiting.map((i) => [i.organisationName, i.kind])).toEqual([['Beauvais', 'join']]);
		// The directory finds the demo cities by population band and theme.
		expect((await searchDirectory({ kind: 'city', theme: 'public_services' })).organisations.map((o) => o.name)).toEqual(
			expect.arrayContaining(['Béthune', 'Nevers', 'Saint-Quentin'])
		);
	});

	it('show a city’s agent, on the home page, the cities like the one they act for', async () => {
		const [agent] = await db().query.users.findMany({ where: (u, { eq }) => eq(u.email, 'agent@bethune.example') });
		const { token } = await write((tx) => createSession(tx, agent.id));
		const signedIn = await callRoute({ token, path: '/' }, home.load);
		const data = (signedIn as { data: { similarCities: { organisation: { name: string }; suggestions: { name: string }[] } | null } }).data;
		expect(data.similarCities?.organisation.name).toBe('Béthune');
		expect(data.similarCities?.suggestions.map((s) => s.name)).toEqual(expect.arrayContaining(['Nevers', 'Saint-Quentin']));
		const anonymous = await callRoute({ token: null, path: '/' }, home.load);
		expect((anonymous as { data: { similarCities: unknown } }).data.similarCities).toBeNull();
	});
});
