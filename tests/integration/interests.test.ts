import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db, rawClient } from '$lib/server/db';
import type { User } from '$lib/server/db/schema';
import { createProject, transitionProject } from '$lib/server/projects/commands';
import { answerInterest, requestInterest, withdrawInterest } from '$lib/server/partners/interests';
import { replicationTree } from '$lib/server/partners/queries';
import { publicProject, publicProjectsPage } from '$lib/server/projects/api';
import type { ProjectInput } from '$lib/schemas/projects';
import { createUser, useTestDatabase } from './support';
import { insertPlaces, organisation } from './partners-support';

useTestDatabase();

const input = (title: string, departement: string): ProjectInput => ({
	title,
	summary: 'Un guichet unique pour les démarches.',
	description: '',
	theme: 'public_services',
	estimatedBudget: null,
	departements: [departement],
	seekingPartners: true
});

async function project(user: User, organisationId: string, title: string, departement: string, publish = true) {
	const created = await createProject(user, organisationId, input(title, departement));
	if (!created.ok) throw new Error(created.code);
	if (publish) await transitionProject(user, created.id, 'published');
	return created.id;
}

const notificationsOf = async (user: User) => (await db().query.notifications.findMany({ where: (n, { eq }) => eq(n.userId, user.id) })).map((n) => n.type);
const auditOf = async (projectId: string) => (await db().query.auditEvents.findMany({ where: (a, { eq }) => eq(a.objectId, projectId) })).map((a) => a.action);

let bethuneAdmin: User, bethuneSecond: User, cahorsAdmin: User, cahorsMember: User, lensAdmin: User, nevers: User, founder: User;
let bethune: string, cahors: string, lens: string, neversId: string, startup: string, unverified: string;
let original: string;

beforeAll(async () => {
	await insertPlaces();
	[bethuneAdmin, bethuneSecond, cahorsAdmin, cahorsMember, lensAdmin, nevers, founder] = await Promise.all(Array.from({ length: 7 }, () => createUser()));
	bethune = await organisation(
		'city',
		'Béthune',
		[
			[bethuneAdmin, 'admin'],
			[bethuneSecond, 'admin']
		],
		{ inseeCode: '62119' }
	);
	cahors = await organisation(
		'city',
		'Cahors',
		[
			[cahorsAdmin, 'admin'],
			[cahorsMember, 'member']
		],
		{ inseeCode: '46042' }
	);
	lens = await organisation('city', 'Lens', [[lensAdmin, 'admin']], { inseeCode: '62498' });
	neversId = await organisation('city', 'Nevers', [[nevers, 'admin']], { inseeCode: '58194' });
	startup = await organisation('startup', 'Capteurs', [[founder, 'admin']]);
	unverified = await organisation('city', 'Laval', [[founder, 'admin']], { inseeCode: '53130', verified: false });
	original = await project(bethuneAdmin, bethune, 'Guichet unique', '62');
});

describe('asking to join a project', () => {
	it('is for an admin of another verified city, once, and tells the owner’s admins', async () => {
		expect(await requestInterest(cahorsMember, cahors, original, 'join')).toEqual({ ok: false, code: 'forbidden' });
		expect(await requestInterest(founder, startup, original, 'join')).toEqual({ ok: false, code: 'not_a_city' });
		expect(await requestInterest(founder, unverified, original, 'join')).toEqual({ ok: false, code: 'organisation_unverified' });
		expect(await requestInterest(bethuneAdmin, bethune, original, 'join')).toEqual({ ok: false, code: 'own_project' });
		expect(await requestInterest(cahorsAdmin, lens, original, 'join')).toEqual({ ok: false, code: 'not_signed_in' });
		const draft = await project(bethuneAdmin, bethune, 'Brouillon', '62', false);
		expect(await requestInterest(cahorsAdmin, cahors, draft, 'join')).toEqual({ ok: false, code: 'project_closed' });

		const asked = await requestInterest(cahorsAdmin, cahors, original, 'join', { message: 'Nous avons le même besoin.' });
		expect(asked).toMatchObject({ ok: true });
		expect(await requestInterest(cahorsAdmin, cahors, original, 'join')).toEqual({ ok: false, code: 'already_requested' });
		expect(await notificationsOf(bethuneAdmin)).toContain('project.join_requested');
		expect(await notificationsOf(bethuneSecond)).toContain('project.join_requested');
		expect(await auditOf(original)).toContain('project.join_requested');
	});

	it('is answered by the owner’s admins only, once; accepting makes a partner, both sides are told', async () => {
		const [interest] = await db().query.projectInterests.findMany({ where: (i, { eq }) => eq(i.organisationId, cahors) });
		expect(await answerInterest(cahorsAdmin, interest.id, true)).toEqual({ ok: false, code: 'forbidden' });
		expect(await answerInterest(bethuneAdmin, interest.id, true)).toEqual({ ok: true });
		expect(await answerInterest(bethuneAdmin, interest.id, false)).toEqual({ ok: false, code: 'already_answered' });
		expect(await notificationsOf(cahorsAdmin)).toContain('project.interest_accepted');
		expect(await notificationsOf(bethuneSecond)).toContain('project.interest_answered');
		expect(await auditOf(original)).toContain('project.join_accepted');
		expect((await publicProject(original))?.partners).toEqual([{ organisationId: cahors, name: 'Cahors', projectId: original }]);
		expect(await requestInterest(cahorsAdmin, cahors, original, 'join')).toEqual({ ok: false, code: 'already_requested' });
	});

	it('can be withdrawn by the requester before an answer, or declined by the owner', async () => {
		const asked = await requestInterest(lensAdmin, lens, original, 'join');
		if (!asked.ok) throw new Error(asked.code);
		expect(await withdrawInterest(bethuneAdmin, asked.id)).toEqual({ ok: false, code: 'forbidden' });
		expect(await withdrawInterest(lensAdmin, asked.id)).toEqual({ ok: true });
		expect(await answerInterest(bethuneAdmin, asked.id, true)).toEqual({ ok: false, code: 'already_answered' });
		const again = await requestInterest(lensAdmin, lens, original, 'join');
		if (!again.ok) throw new Error(again.code);
		expect(await answerInterest(bethuneAdmin, again.id, false)).toEqual({ ok: true });
		expect(await notificationsOf(lensAdmin)).toContain('project.interest_declined');
		expect((await publicProject(original))?.partners.map((p) => p.organisationId)).toEqual([cahors]);
	});
});

describe('declaring a replication', () => {
	it('links one of the city’s own projects to the original once accepted: the tree, the count and the API', async () => {
		const lensProject = await project(lensAdmin, lens, 'Guichet unique de Lens', '62');
		const neversProject = await project(nevers, neversId, 'Guichet unique nivernais', '58');
		expect(await requestInterest(lensAdmin, lens, original, 'replicate', { replicaProjectId: neversProject })).toEqual({
			ok: false,
			code: 'invalid_replica'
		});
		const lensAsks = await requestInterest(lensAdmin, lens, original, 'replicate', { replicaProjectId: lensProject });
		if (!lensAsks.ok) throw new Error(lensAsks.code);
		expect(await notificationsOf(bethuneAdmin)).toContain('project.replication_declared');
		// Not in the tree before the owner accepts.
		expect((await replicationTree(original)).map((n) => n.projectId)).toEqual([original]);
		expect(await answerInterest(bethuneAdmin, lensAsks.id, true)).toEqual({ ok: true });

		// Nevers replicates Lens's replication: the tree goes on, whichever of its projects is asked.
		const neversAsks = await requestInterest(nevers, neversId, lensProject, 'replicate', { replicaProjectId: neversProject });
		if (!neversAsks.ok) throw new Error(neversAsks.code);
		expect(await answerInterest(lensAdmin, neversAsks.id, true)).toEqual({ ok: true });
		const tree = await replicationTree(neversProject);
		expect(tree.map((n) => [n.projectId, n.parentId, n.depth])).toEqual([
			[original, null, 0],
			[lensProject, original, 1],
			[neversProject, lensProject, 2]
		]);
		expect(tree[2].departements).toEqual([{ code: '58', name: 'Nièvre' }]);
		expect((await publicProject(original))?.replications).toEqual([{ organisationId: lens, name: 'Lens', projectId: lensProject }]);
		expect(await auditOf(original)).toEqual(expect.arrayContaining(['project.replicate_requested', 'project.replicate_accepted']));
	});

	it('names the city but not its project while that project is a draft', async () => {
		const draft = await project(cahorsAdmin, cahors, 'Guichet unique du Lot', '46', false);
		const asked = await requestInterest(cahorsAdmin, cahors, original, 'replicate', { replicaProjectId: draft });
		if (!asked.ok) throw new Error(asked.code);
		await answerInterest(bethuneAdmin, asked.id, true);
		expect((await publicProject(original))?.replications).toContainEqual({ organisationId: cahors, name: 'Cahors', projectId: null });
		expect((await replicationTree(original)).find((n) => n.projectId === draft)?.title).toBeNull();
	});

	it('reads the tree and the API list in the same number of queries whatever their size', async () => {
		const spy = vi.spyOn(rawClient(), 'execute');
		const count = async (run: () => Promise<unknown>) => {
			spy.mockClear();
			await run();
			return spy.mock.calls.length;
		};
		try {
			const lone = await project(nevers, neversId, 'Projet isolé', '58');
			expect(await count(() => replicationTree(original))).toBe(await count(() => replicationTree(lone)));
			expect(await count(() => publicProjectsPage({}, 50, 0))).toBe(await count(() => publicProjectsPage({}, 1, 0)));
		} finally {
			spy.mockRestore();
		}
	});
});
