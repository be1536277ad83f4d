// "Villes comme la vôtre": which cities are suggested, why, from public data only, in a bounded number of queries.
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '$lib/server/db/schema';
import { createProject, transitionProject } from '$lib/server/projects/commands';
import { answerInterest, requestInterest } from '$lib/server/partners/interests';
import { similarCitiesFor } from '$lib/server/partners/similar';
import { countQueries, enableQueryCounting } from '$lib/server/db/query-count';
import type { ProjectTheme } from '$lib/domain/projects';
import { createUser, useTestDatabase } from './support';
import { insertPlaces, organisation } from './partners-support';

enableQueryCounting();
useTestDatabase();

async function project(user: User, organisationId: string, title: string, theme: ProjectTheme, departement: string, publish = true) {
	const created = await createProject(user, organisationId, {
		title,
		summary: 'Un projet pour les habitants.',
		description: '',
		theme,
		estimatedBudget: null,
		departements: [departement],
		seekingPartners: true
	});
	if (!created.ok) throw new Error(created.code);
	if (publish) await transitionProject(user, created.id, 'published');
	return created.id;
}

let cahors: string, bethune: string, lens: string, nevers: string, laval: string, beauvais: string, epci: string;

beforeAll(async () => {
	await insertPlaces();
	const [a, b, c, d, e, f, g, h] = await Promise.all(Array.from({ length: 8 }, () => createUser()));
	cahors = await organisation('city', 'Cahors', [[a, 'admin']], { inseeCode: '46042' });
	bethune = await organisation('city', 'Béthune', [[b, 'admin']], { inseeCode: '62119' });
	lens = await organisation('city', 'Lens', [[c, 'admin']], { inseeCode: '62498' });
	nevers = await organisation('city', 'Nevers', [[d, 'admin']], { inseeCode: '58194' });
	laval = await organisation('city', 'Laval', [[e, 'admin']], { inseeCode: '53130' });
	beauvais = await organisation('city', 'Beauvais', [[f, 'admin']], { inseeCode: '60057' });
	epci = await organisation('intercommunality', 'CA de Béthune-Bruay', [[g, 'admin']], { siren: '200035442' });
	const startup = await organisation('startup', 'Guichets & Cie', [[h, 'admin']]);

	const guichet = await project(a, cahors, 'Guichet unique', 'public_services', '46');
	await project(b, bethune, 'Maison France services', 'public_services', '62');
	await project(b, bethune, 'Navettes', 'mobility', '62');
	await project(c, lens, 'Pistes cyclables', 'mobility', '62');
	await project(c, lens, 'Guichet en préparation', 'public_services', '62', false); // a draft: its theme is private
	await project(d, nevers, 'Démarches en ligne', 'public_services', '58', false);
	await project(e, laval, 'Santé connectée', 'health', '53');
	await project(f, beauvais, 'Accueil unique', 'public_services', '60'); // too big for Cahors
	await project(g, epci, 'Guichet intercommunal', 'public_services', '62'); // far too big
	await project(h, startup, 'Pas une ville', 'public_services', '62').catch(() => null);
	// Laval joined Cahors's guichet: a project in common, whatever their themes.
	const asked = await requestInterest(e, laval, guichet, 'join');
	if (!asked.ok) throw new Error(asked.code);
	await answerInterest(a, asked.id, true);
});

describe('Villes comme la vôtre', () => {
	it('suggests cities of a similar size sharing a published theme or a project, nearest first, with why', async () => {
		const suggestions = await similarCitiesFor(cahors);
		expect(suggestions.map((s) => s.id)).toEqual([laval, bethune]);
		expect(suggestions[0]).toMatchObject({ name: 'Laval', band: '20k_50k', sameBand: false, themesInCommon: [], projectsInCommon: 1, nearness: null });
		expect(suggestions[1]).toMatchObject({
			name: 'Béthune',
			themesInCommon: ['public_services'],
			projectsInCommon: 0,
			departements: [{ code: '62', name: 'Pas-de-Calais' }]
		});
	});

	it('never counts a draft’s theme, and says when a city is in the same département', async () => {
		const suggestions = await similarCitiesFor(bethune);
		expect(suggestions.map((s) => s.name)).toEqual(['Lens', 'Beauvais', 'Cahors']);
		expect(suggestions[0]).toMatchObject({ themesInCommon: ['mobility'], nearness: 'same_departement', sameBand: true });
		expect(suggestions[1]).toMatchObject({ themesInCommon: ['public_services'], nearness: 'same_region' }); // the Somme lies between
		expect(suggestions.map((s) => s.id)).not.toContain(nevers); // its only project is a draft
	});

	it('costs the same few queries whatever the number of suggestions', async () => {
		const few = await countQueries(() => similarCitiesFor(laval));
		const more = await countQueries(() => similarCitiesFor(bethune));
		expect(few.result.length).toBeLessThan(more.result.length);
		expect(more.queries).toBe(few.queries);
		expect(more.queries).toBeLessThanOrEqual(7);
	});

	it('suggests nothing to a city with nothing published, nor of unknown size', async () => {
		expect(await similarCitiesFor(nevers)).toEqual([]);
		expect(await similarCitiesFor('no-such-organisation')).toEqual([]);
	});
});
