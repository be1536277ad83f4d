// "Cherche des partenaires" on a city's page: other organisations' projects seeking partners on the city's themes.
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '$lib/server/db/schema';
import { createProject, transitionProject } from '$lib/server/projects/commands';
import { seekingPartnersFor } from '$lib/server/partners/seeking';
import { countQueries, enableQueryCounting } from '$lib/server/db/query-count';
import type { ProjectTheme } from '$lib/domain/projects';
import { createUser, useTestDatabase } from './support';
import { insertPlaces, organisation } from './partners-support';

enableQueryCounting();
useTestDatabase();

async function project(user: User, organisationId: string, title: string, theme: ProjectTheme, options: { seeking?: boolean; publish?: boolean } = {}) {
	const created = await createProject(user, organisationId, {
		title,
		summary: 'Un projet pour les habitants.',
		description: '',
		theme,
		estimatedBudget: null,
		departements: ['62'],
		seekingPartners: options.seeking ?? true
	});
	if (!created.ok) throw new Error(created.code);
	if (options.publish ?? true) await transitionProject(user, created.id, 'published');
	return created.id;
}

let cahorsAdmin: User, bethuneAdmin: User, cahors: string, bethune: string;

beforeAll(async () => {
	await insertPlaces();
	[cahorsAdmin, bethuneAdmin] = await Promise.all([createUser(), createUser()]);
	cahors = await organisation('city', 'Cahors', [[cahorsAdmin, 'admin']], { inseeCode: '46042' });
	bethune = await organisation('city', 'Béthune', [[bethuneAdmin, 'admin']], { inseeCode: '62119' });
});

describe('projects seeking partners on a city’s themes', () => {
	it('are none for a city without public projects or calls', async () => {
		await project(cahorsAdmin, cahors, 'Brouillon de Cahors', 'public_services', { publish: false });
		await project(bethuneAdmin, bethune, 'Guichet unique', 'public_services');
		expect(await seekingPartnersFor(cahors)).toEqual({ themes: [], projects: [] });
	});

	it('lists other organisations’ published projects that seek partners on its themes, not its own, not the others', async () => {
		await project(cahorsAdmin, cahors, 'Accueil de Cahors', 'public_services');
		await project(bethuneAdmin, bethune, 'Éclairage', 'energy_environment');
		await project(bethuneAdmin, bethune, 'Sans partenaires', 'public_services', { seeking: false });
		await project(bethuneAdmin, bethune, 'Brouillon', 'public_services', { publish: false });
		const seeking = await seekingPartnersFor(cahors);
		expect(seeking.themes).toEqual(['public_services']);
		expect(seeking.projects.map((p) => [p.title, p.proposer])).toEqual([['Guichet unique', 'Béthune']]);
	});

	it('costs the same two queries whatever the number of projects', async () => {
		const few = await countQueries(() => seekingPartnersFor(cahors));
		for (let i = 0; i < 8; i++) await project(bethuneAdmin, bethune, `Projet ${i}`, 'public_services');
		const more = await countQueries(() => seekingPartnersFor(cahors));
		expect(more.result.projects).toHaveLength(6);
		expect(more.queries).toBe(few.queries);
		expect(more.queries).toBe(2);
	});
});
