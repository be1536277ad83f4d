// Following a project: any signed-in person follows a public project and hears of each of its steps.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/server/db';
import type { User } from '$lib/server/db/schema';
import { createProject, transitionProject } from '$lib/server/projects/commands';
import { isFollowing, setFollowing } from '$lib/server/follows/follows';
import { createUser, outboxFor, useTestDatabase } from './support';
import { insertPlaces, organisation } from './partners-support';

useTestDatabase();

let admin: User, follower: User, bethune: string;

async function project(publish: boolean) {
	const created = await createProject(admin, bethune, {
		title: 'Guichet unique',
		summary: 'Un guichet unique.',
		description: '',
		theme: 'public_services',
		estimatedBudget: null,
		departements: ['62'],
		seekingPartners: true
	});
	if (!created.ok) throw new Error(created.code);
	if (publish) await transitionProject(admin, created.id, 'published');
	return created.id;
}

const statusNotes = async (user: User) =>
	(await db().query.notifications.findMany({ where: (n, { eq }) => eq(n.userId, user.id) })).filter((n) => n.type === 'project.status_changed');

beforeAll(async () => {
	await insertPlaces();
	[admin, follower] = await Promise.all([createUser(), createUser()]);
	bethune = await organisation('city', 'Béthune', [[admin, 'admin']], { inseeCode: '62119' });
});

describe('following a project', () => {
	it('is for public projects only', async () => {
		const draft = await project(false);
		expect(await setFollowing(follower, 'project', draft, true)).toEqual({ ok: false, code: 'not_found' });
		expect(await isFollowing(follower.id, 'project', draft)).toBe(false);
	});

	it('tells the follower, in app and by mail, of each step; not the one who moved it; no longer once stopped', async () => {
		const id = await project(true);
		expect(await setFollowing(follower, 'project', id, true)).toEqual({ ok: true });
		expect(await setFollowing(admin, 'project', id, true)).toEqual({ ok: true });
		expect(await transitionProject(admin, id, 'consortium_formed')).toEqual({ ok: true });
		expect((await statusNotes(follower)).map((n) => n.params)).toEqual([{ project: 'Guichet unique', status: 'consortium_formed' }]);
		expect((await outboxFor(follower.email)).map((m) => m.subject)).toContain('Le projet « Guichet unique » est passé à l’étape : Consortium formé');
		expect(await statusNotes(admin)).toEqual([]);

		expect(await setFollowing(follower, 'project', id, false)).toEqual({ ok: true });
		expect(await transitionProject(admin, id, 'funded')).toEqual({ ok: true });
		expect(await statusNotes(follower)).toHaveLength(1);
	});
});
