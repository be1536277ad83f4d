import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db, rawClient, write } from '$lib/server/db';
import { memberships, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { answerCoproposal, createProject, inviteCoproposer, transitionProject, updateProject } from '$lib/server/projects/commands';
import { listPublicProjects, projectDetails } from '$lib/server/projects/queries';
import { publicProjectsPage } from '$lib/server/projects/api';
import type { ProjectInput } from '$lib/schemas/projects';
import { countRows, createUser, insertSomeCommunes, useTestDatabase } from './support';

useTestDatabase();

async function organisation(kind: 'city' | 'startup', name: string, members: [User, 'admin' | 'member' | 'signatory'][], verified = true) {
	const id = newId();
	await write(async (tx) => {
		await tx.insert(organisations).values({
			id,
			slug: `${name.toLowerCase()}-${id.slice(0, 4)}`,
			kind,
			name,
			verificationStatus: verified ? 'verified' : 'unverified',
			createdBy: members[0][0].id,
			createdAt: new Date()
		});
		for (const [user, role] of members) {
			await tx.insert(memberships).values({ organisationId: id, userId: user.id, role, createdAt: new Date() });
		}
	});
	return id;
}

function input(overrides: Partial<ProjectInput> = {}): ProjectInput {
	return {
		title: 'Revitaliser le cœur de ville',
		summary: 'Des commerces connectés au centre.',
		description: 'Un projet pour le **centre**.',
		theme: 'town_centre_commerce',
		estimatedBudget: 15_000_000,
		departements: ['62'],
		seekingPartners: true,
		...overrides
	};
}

let agent: User, colleague: User, outsider: User, otherAdmin: User;
let bethune: string, nevers: string, startup: string, unverifiedCity: string;

beforeAll(async () => {
	await insertSomeCommunes();
	[agent, colleague, outsider, otherAdmin] = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
	bethune = await organisation('city', 'Béthune', [
		[agent, 'admin'],
		[colleague, 'member']
	]);
	nevers = await organisation('city', 'Nevers', [[otherAdmin, 'admin']]);
	startup = await organisation('startup', 'Capteurs', [[outsider, 'admin']]);
	unverifiedCity = await organisation('city', 'Beauvais', [[outsider, 'admin']], false);
});

describe('projects', () => {
	it('are drafted by members of a verified city, and not by others', async () => {
		expect(await createProject(colleague, bethune, input())).toMatchObject({ ok: true });
		expect(await createProject(outsider, bethune, input())).toEqual({ ok: false, code: 'forbidden' });
		expect(await createProject(outsider, startup, input())).toEqual({ ok: false, code: 'not_a_city' });
		expect(await createProject(outsider, unverifiedCity, input())).toEqual({ ok: false, code: 'organisation_unverified' });
		expect(await createProject(agent, bethune, input({ departements: ['99'] }))).toEqual({
			ok: false,
			code: 'unknown_departement'
		});
	});

	it('stay out of the public list until published, then appear with an audit event', async () => {
		const created = await createProject(agent, bethune, input({ title: 'Maison du vélo' }));
		if (!created.ok) throw new Error(created.code);
		const before = await listPublicProjects({ q: 'maison velo' });
		expect(before.total).toBe(0);

		expect(await transitionProject(outsider, created.id, 'published')).toEqual({ ok: false, code: 'forbidden' });
		expect(await transitionProject(colleague, created.id, 'published')).toEqual({ ok: true });
		const after = await listPublicProjects({ q: 'maison velo' });
		expect(after.projects.map((p) => p.title)).toEqual(['Maison du vélo']);

		// Later stages are for admins, and never backwards.
		expect(await transitionProject(colleague, created.id, 'in_progress')).toEqual({ ok: false, code: 'forbidden' });
		expect(await transitionProject(agent, created.id, 'draft')).toEqual({ ok: false, code: 'invalid_transition' });
		expect(await transitionProject(agent, created.id, 'in_progress')).toEqual({ ok: true });
		const audit = await db().query.auditEvents.findMany({ where: (a, { eq }) => eq(a.objectId, created.id) });
		expect(audit.map((a) => a.action)).toEqual(['project.created', 'project.published', 'project.in_progress']);
	});

	it('are found accent- and ligature-insensitively, with operators searched as words', async () => {
		const created = await createProject(agent, bethune, input({ title: 'Cœur de ville numérique', description: 'Écoles et « NEAR » (test)' }));
		if (!created.ok) throw new Error(created.code);
		await transitionProject(agent, created.id, 'published');
		for (const q of ['coeur de ville', 'Cœur de Ville', 'COEUR numerique', 'ecoles', '"near" (test)', 'coeur*', '-ville']) {
			const { projects } = await listPublicProjects({ q });
			expect(
				projects.map((p) => p.id),
				q
			).toContain(created.id);
		}
		// Every word must match.
		expect((await listPublicProjects({ q: 'coeur piscine' })).total).toBe(0);
		for (const q of ['"', '((', 'NEAR(', '* OR -', "'"]) {
			await expect(listPublicProjects({ q })).resolves.toBeDefined();
		}
	});

	it('filter by theme, département, région, status and seeking partners', async () => {
		const created = await createProject(
			otherAdmin,
			nevers,
			input({ title: 'Bus numérique', theme: 'digital_inclusion', departements: ['58'], seekingPartners: false })
		);
		if (!created.ok) throw new Error(created.code);
		await transitionProject(otherAdmin, created.id, 'published');
		const ids = async (filters: Parameters<typeof listPublicProjects>[0]) => (await listPublicProjects(filters)).projects.map((p) => p.id);
		expect(await ids({ theme: 'digital_inclusion' })).toEqual([created.id]);
		expect(await ids({ departement: '58' })).toEqual([created.id]);
		expect(await ids({ region: '27' })).toEqual([created.id]);
		expect(await ids({ region: '32' })).not.toContain(created.id);
		expect(await ids({ seekingPartners: true })).not.toContain(created.id);
		expect(await ids({ status: 'published', theme: 'digital_inclusion' })).toEqual([created.id]);
	});

	it('keep the search index up to date when edited', async () => {
		const created = await createProject(agent, bethune, input({ title: 'Ancien titre' }));
		if (!created.ok) throw new Error(created.code);
		await transitionProject(agent, created.id, 'published');
		expect(await updateProject(agent, created.id, input({ title: 'Jardins partagés' }))).toEqual({ ok: true });
		expect((await listPublicProjects({ q: 'ancien titre' })).total).toBe(0);
		expect((await listPublicProjects({ q: 'jardins' })).total).toBe(1);
		expect(await updateProject(outsider, created.id, input())).toEqual({ ok: false, code: 'forbidden' });
	});

	it('show co-proposers once they accept', async () => {
		const created = await createProject(agent, bethune, input({ title: 'Projet commun' }));
		if (!created.ok) throw new Error(created.code);
		expect(await inviteCoproposer(colleague, created.id, nevers)).toEqual({ ok: false, code: 'forbidden' });
		expect(await inviteCoproposer(agent, created.id, startup)).toEqual({ ok: false, code: 'invalid_coproposer' });
		expect(await inviteCoproposer(agent, created.id, nevers)).toEqual({ ok: true });
		expect(await inviteCoproposer(agent, created.id, nevers)).toEqual({ ok: false, code: 'already_invited' });
		const notified = await db().query.notifications.findMany({ where: (n, { eq }) => eq(n.userId, otherAdmin.id) });
		expect(notified.map((n) => n.type)).toContain('project.coproposal_invited');

		expect(await answerCoproposal(agent, created.id, nevers, true)).toEqual({ ok: false, code: 'forbidden' });
		expect(await answerCoproposal(otherAdmin, created.id, nevers, true)).toEqual({ ok: true });
		const details = await projectDetails(created.id);
		expect(details?.coproposers).toEqual([expect.objectContaining({ organisationId: nevers, status: 'accepted' })]);
	});

	it('answer the API list in the same number of queries whatever the page size', async () => {
		const client = rawClient();
		const spy = vi.spyOn(client, 'execute');
		await publicProjectsPage({}, 1, 0);
		const forOne = spy.mock.calls.length;
		spy.mockClear();
		const page = await publicProjectsPage({}, 50, 0);
		const forMany = spy.mock.calls.length;
		spy.mockRestore();
		expect(page.data.length).toBeGreaterThan(3);
		expect(forMany).toBe(forOne);
		expect(JSON.stringify(page.data)).not.toContain('@');
	});

	it('never list drafts, in the pages or the API', async () => {
		const draft = await createProject(agent, bethune, input({ title: 'Brouillon secret' }));
		if (!draft.ok) throw new Error(draft.code);
		expect((await listPublicProjects({ q: 'brouillon secret' })).total).toBe(0);
		const page = await publicProjectsPage({}, 100, 0);
		expect(page.data.map((p) => p.id)).not.toContain(draft.id);
		expect(await countRows('projects')).toBeGreaterThan(page.data.length);
	});
});
