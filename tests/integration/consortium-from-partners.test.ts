// From interest to consortium: the owner of a project with accepted partners, or with cities whose replication
// it accepted, creates a consortium that invites them in one step; nobody else is invited that way.
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { projectInterests, type User } from '$lib/server/db/schema';
import { createProject, transitionProject } from '$lib/server/projects/commands';
import { answerInterest, requestInterest } from '$lib/server/partners/interests';
import { replicateProject } from '$lib/server/partners/reuse';
import { createConsortium } from '$lib/server/consortia/commands';
import { countRows, createUser, useTestDatabase } from './support';
import { insertPlaces, organisation } from './partners-support';

useTestDatabase();

let bethuneAdmin: User, bethuneMember: User, cahorsAdmin: User, lavalAdmin: User, lensAdmin: User, neversAdmin: User, beauvaisAdmin: User;
let bethune: string, cahors: string, laval: string, lens: string, nevers: string, beauvais: string, guichet: string;

const input = (projectIds: string[]) => ({
	name: 'Entente du guichet unique',
	purpose: 'Mutualiser le guichet.',
	minMembers: 2,
	minDepartements: 2,
	allowedRegions: [],
	projectIds
});

beforeAll(async () => {
	await insertPlaces();
	[bethuneAdmin, bethuneMember, cahorsAdmin, lavalAdmin, lensAdmin, neversAdmin, beauvaisAdmin] = await Promise.all(
		Array.from({ length: 7 }, () => createUser())
	);
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
	laval = await organisation('city', 'Laval', [[lavalAdmin, 'admin']], { inseeCode: '53130' });
	lens = await organisation('city', 'Lens', [[lensAdmin, 'admin']], { inseeCode: '62498' });
	nevers = await organisation('city', 'Nevers', [[neversAdmin, 'admin']], { inseeCode: '58194' });
	beauvais = await organisation('city', 'Beauvais', [[beauvaisAdmin, 'admin']], { inseeCode: '60057' });
	const created = await createProject(bethuneAdmin, bethune, {
		title: 'Guichet unique',
		summary: 'Un guichet unique.',
		description: '',
		theme: 'public_services',
		estimatedBudget: null,
		departements: ['62'],
		seekingPartners: true
	});
	if (!created.ok) throw new Error(created.code);
	guichet = created.id;
	await transitionProject(bethuneAdmin, guichet, 'published');
	for (const [admin, id] of [
		[cahorsAdmin, cahors],
		[lavalAdmin, laval]
	] as const) {
		const asked = await requestInterest(admin, id, guichet, 'join');
		if (!asked.ok) throw new Error(asked.code);
		await answerInterest(bethuneAdmin, asked.id, true);
	}
	// Lens asked too, but nobody answered: not a partner.
	await requestInterest(lensAdmin, lens, guichet, 'join');
	// Nevers reproduces the project and Béthune accepts; Beauvais' replication waits for an answer.
	for (const [admin, id] of [
		[neversAdmin, nevers],
		[beauvaisAdmin, beauvais]
	] as const) {
		const replicated = await replicateProject(admin, id, guichet);
		if (!replicated.ok) throw new Error(replicated.code);
	}
	const [replication] = await db()
		.select({ id: projectInterests.id })
		.from(projectInterests)
		.where(and(eq(projectInterests.organisationId, nevers), eq(projectInterests.projectId, guichet)));
	await answerInterest(bethuneAdmin, replication.id, true);
});

describe('a consortium from a project’s partners', () => {
	it('invites the accepted partners and replicating cities in the same step, and tells their admins', async () => {
		const result = await createConsortium(bethuneAdmin, bethune, input([guichet]), [cahors, laval, nevers]);
		if (!result.ok) throw new Error(result.code);
		const members = await db().query.consortiumMembers.findMany({ where: (c, { eq }) => eq(c.consortiumId, result.id) });
		expect(members.map((m) => [m.invitedName, m.status]).sort()).toEqual([
			['Béthune', 'accepted'],
			['Cahors', 'invited'],
			['Laval', 'invited'],
			['Nevers', 'invited']
		]);
		for (const admin of [cahorsAdmin, lavalAdmin, neversAdmin]) {
			const notes = await db().query.notifications.findMany({ where: (n, { eq }) => eq(n.userId, admin.id) });
			expect(notes.map((n) => n.type)).toContain('consortium.invited');
		}
		const events = await db().query.auditEvents.findMany({ where: (a, { eq }) => eq(a.objectId, result.id) });
		expect(events.filter((e) => e.action === 'consortium.invited')).toHaveLength(3);
	});

	it('refuses, creating nothing, an organisation that is not an accepted partner of its own linked project', async () => {
		const before = await countRows('consortia');
		expect(await createConsortium(bethuneAdmin, bethune, input([guichet]), [lens])).toEqual({ ok: false, code: 'invalid_member' });
		// A replication not yet accepted is no reason to invite.
		expect(await createConsortium(bethuneAdmin, bethune, input([guichet]), [nevers, beauvais])).toEqual({ ok: false, code: 'invalid_member' });
		expect(await createConsortium(bethuneAdmin, bethune, input([]), [cahors])).toEqual({ ok: false, code: 'invalid_member' });
		// Cahors partners Béthune's project, not its own: it cannot invite Laval through it.
		expect(await createConsortium(cahorsAdmin, cahors, input([guichet]), [laval])).toEqual({ ok: false, code: 'invalid_member' });
		expect(await createConsortium(bethuneMember, bethune, input([guichet]), [cahors])).toEqual({ ok: false, code: 'forbidden' });
		expect(await countRows('consortia')).toBe(before);
	});
});
