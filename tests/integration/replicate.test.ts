import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/server/db';
import type { User } from '$lib/server/db/schema';
import { createProject, transitionProject } from '$lib/server/projects/commands';
import { replicateProject, setProjectReuse, type ReuseInput } from '$lib/server/partners/reuse';
import { reuseOf } from '$lib/server/projects/links';
import { answerInterest } from '$lib/server/partners/interests';
import { pendingOriginalOf } from '$lib/server/partners/queries';
import { departementsOf, findProject, listPublicProjects } from '$lib/server/projects/queries';
import { publicProject } from '$lib/server/projects/api';
import { countRows, createUser, useTestDatabase } from './support';
import { insertPlaces, organisation } from './partners-support';

useTestDatabase();

const reuse = (overrides: Partial<ReuseInput> = {}): ReuseInput => ({
	licence: 'Licence Ouverte 2.0',
	repositoryUrl: 'https://code.example/guichet',
	contactName: 'Amélie Numérique',
	contactEmail: 'numerique@bethune.example',
	reusableParts: ['description', 'budget', 'licence', 'repository', 'indicators'],
	budgetLines: [
		{ label: 'Logiciel', amountCents: 1_200_000 },
		{ label: 'Formation des agents', amountCents: 300_000 }
	],
	indicators: [{ name: 'Démarches en ligne', unit: '%', baseline: 20, target: 80, measurements: [{ measuredOn: '2026-06-30', value: 45 }] }],
	...overrides
});

let bethuneAdmin: User, bethuneMember: User, cahorsAdmin: User, outsider: User;
let bethune: string, cahors: string, original: string;

beforeAll(async () => {
	await insertPlaces();
	[bethuneAdmin, bethuneMember, cahorsAdmin, outsider] = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
	bethune = await organisation(
		'city',
		'Béthune',
		[
			[bethuneAdmin, 'admin'],
			[bethuneMember, 'member']
		],
		{ inseeCode: '62119' }
	);
	cahors = await organisation('city', 'Cahors', [[cahorsAdmin, 'admin']], { inseeCode: '46042' });
	const created = await createProject(bethuneAdmin, bethune, {
		title: 'Guichet unique',
		summary: 'Toutes les démarches en un lieu.',
		description: 'Le **guichet unique** de Béthune.',
		theme: 'public_services',
		estimatedBudget: 1_500_000,
		departements: ['62'],
		seekingPartners: true
	});
	if (!created.ok) throw new Error(created.code);
	original = created.id;
	await transitionProject(bethuneAdmin, original, 'published');
});

describe('what makes a project reusable', () => {
	it('is set by the proposing city’s members, with an audit event, shown in the API without the contact’s address', async () => {
		expect(await setProjectReuse(outsider, original, reuse())).toEqual({ ok: false, code: 'forbidden' });
		expect(await setProjectReuse(cahorsAdmin, original, reuse())).toEqual({ ok: false, code: 'forbidden' });
		expect(await setProjectReuse(bethuneMember, original, reuse())).toEqual({ ok: true });
		expect(await reuseOf(original)).toMatchObject({ licence: 'Licence Ouverte 2.0', budgetLines: [{ label: 'Logiciel' }, { label: 'Formation des agents' }] });
		const api = await publicProject(original);
		expect(api?.reuse).toMatchObject({
			licence: 'Licence Ouverte 2.0',
			repositoryUrl: 'https://code.example/guichet',
			contactName: 'Amélie Numérique',
			indicators: [{ name: 'Démarches en ligne', target: 80, measurements: [{ measuredOn: '2026-06-30', value: 45 }] }]
		});
		expect(JSON.stringify(api)).not.toContain('@');
		const actions = (await db().query.auditEvents.findMany({ where: (a, { eq }) => eq(a.objectId, original) })).map((a) => a.action);
		expect(actions).toContain('project.reuse_updated');
	});
});

describe('"Reproduire ce projet"', () => {
	it('creates in one step a draft for the acting city with the reusable parts, and declares the replication', async () => {
		expect(await replicateProject(bethuneAdmin, bethune, original)).toEqual({ ok: false, code: 'own_project' });
		expect(await replicateProject(outsider, cahors, original)).toEqual({ ok: false, code: 'not_signed_in' });
		const before = await countRows('projects');
		const done = await replicateProject(cahorsAdmin, cahors, original);
		if (!done.ok) throw new Error(done.code);
		const copy = await findProject(db(), done.projectId);
		expect(copy).toMatchObject({
			proposerOrganisationId: cahors,
			status: 'draft',
			title: 'Guichet unique',
			description: 'Le **guichet unique** de Béthune.',
			estimatedBudgetCents: 1_500_000
		});
		expect((await departementsOf([done.projectId])).get(done.projectId)).toEqual([{ code: '46', name: 'Lot' }]);
		const copied = await reuseOf(done.projectId);
		expect(copied).toMatchObject({ licence: 'Licence Ouverte 2.0', repositoryUrl: 'https://code.example/guichet', contactName: null, reusableParts: [] });
		expect(copied.budgetLines).toHaveLength(2);
		// Targets are copied, the original's measurements are not.
		expect(copied.indicators).toEqual([{ name: 'Démarches en ligne', unit: '%', baseline: 20, target: 80, measurements: [] }]);
		// A draft stays out of the public list.
		expect((await listPublicProjects({ q: 'guichet unique' })).projects.map((p) => p.id)).toEqual([original]);

		// Asking twice creates nothing more.
		expect(await replicateProject(cahorsAdmin, cahors, original)).toEqual({ ok: false, code: 'already_requested' });
		expect(await countRows('projects')).toBe(before + 1);

		const notified = await db().query.notifications.findMany({ where: (n, { eq }) => eq(n.userId, bethuneAdmin.id) });
		expect(notified.map((n) => n.type)).toContain('project.replication_declared');
		expect(await pendingOriginalOf(done.projectId)).toEqual({ projectId: original, title: 'Guichet unique', organisationName: 'Béthune' });
		const [interest] = await db().query.projectInterests.findMany({ where: (i, { eq }) => eq(i.replicaProjectId, done.projectId) });
		expect(await answerInterest(bethuneAdmin, interest.id, true)).toEqual({ ok: true });
		expect(await pendingOriginalOf(done.projectId)).toBeNull();
		expect((await publicProject(original))?.replications).toEqual([{ organisationId: cahors, name: 'Cahors', projectId: null }]);
	});

	it('copies only what the owner marked reusable', async () => {
		const other = await createProject(bethuneAdmin, bethune, {
			title: 'Capteurs de crue',
			summary: 'Mesurer les crues.',
			description: 'Interne.',
			theme: 'safety',
			estimatedBudget: 800_000,
			departements: ['62'],
			seekingPartners: false
		});
		if (!other.ok) throw new Error(other.code);
		await transitionProject(bethuneAdmin, other.id, 'published');
		await setProjectReuse(bethuneAdmin, other.id, reuse({ reusableParts: ['licence'] }));
		const done = await replicateProject(cahorsAdmin, cahors, other.id);
		if (!done.ok) throw new Error(done.code);
		expect(await findProject(db(), done.projectId)).toMatchObject({ description: '', estimatedBudgetCents: null });
		expect(await reuseOf(done.projectId)).toMatchObject({ licence: 'Licence Ouverte 2.0', repositoryUrl: null, budgetLines: [], indicators: [] });
	});
});
