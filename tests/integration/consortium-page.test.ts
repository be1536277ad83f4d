// A consortium's page is bounded: one page of members and one page of its history at a time, and the
// same number of queries for a consortium of three members as for one of 150 with a long history.
import { beforeAll, describe, expect, it } from 'vitest';
import { write } from '$lib/server/db';
import { countQueries, enableQueryCounting } from '$lib/server/db/query-count';
import { auditEvents, consortiumMembers, consortiumProjects, organisations, projects, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { createSession } from '$lib/server/auth/sessions';
import { indexProject } from '$lib/server/projects/search-index';
import { actions, load } from '../../src/routes/(public)/consortia/[id=id]/+page.server';
import { callRoute } from './route-harness';
import { createUser, useTestDatabase } from './support';
import { activeConsortium, organisation } from './funds-support';

enableQueryCounting();
useTestDatabase();

const MEMBERS = 150;
const EVENTS = 45;
/** Published projects of the same title, each proposed by another member city (the demo's "guichet unique" ×3, at scale). */
const SAME_TITLE = 30;
let creator: User;
let token: string;
let small: string, big: string;
let linkedProject: string;

beforeAll(async () => {
	creator = await createUser();
	const coordinator = await organisation('city', 'Coordination', [[creator, 'admin']]);
	const partner = await organisation('partner', 'Banque', [[creator, 'admin']]);
	small = await activeConsortium(coordinator, [partner], creator, false);
	big = await activeConsortium(coordinator, [partner], creator, false);
	token = (await write((tx) => createSession(tx, creator.id))).token;
	// 150 member cities invited one after the other, and a long history, in one write.
	await write(async (tx) => {
		for (let i = 0; i < MEMBERS; i++) {
			const id = newId();
			const at = new Date(Date.UTC(2026, 0, 1, 0, i));
			await tx.insert(organisations).values({
				id,
				slug: `membre-${id}`,
				kind: 'city',
				name: `Membre ${String(i).padStart(3, '0')}`,
				verificationStatus: 'verified',
				createdBy: creator.id,
				createdAt: at
			});
			await tx
				.insert(consortiumMembers)
				.values({ id: newId(), consortiumId: big, organisationId: id, invitedName: id, status: 'council_approved', invitedBy: creator.id, invitedAt: at });
			if (i < SAME_TITLE) {
				const project = { id: newId(), title: 'Guichet unique', summary: 'Un guichet', description: '' };
				await tx.insert(projects).values({
					...project,
					proposerOrganisationId: id,
					theme: 'digital_inclusion',
					status: 'published',
					createdBy: creator.id,
					createdAt: at,
					updatedAt: at
				});
				await indexProject(tx, project);
				if (i === 0) {
					linkedProject = project.id;
					await tx.insert(consortiumProjects).values({ consortiumId: small, projectId: project.id });
				}
			}
		}
		for (let i = 0; i < EVENTS; i++) {
			await tx.insert(auditEvents).values({
				at: new Date(Date.UTC(2026, 1, 1, 0, i)),
				actorUserId: creator.id,
				action: 'consortium.project_linked',
				objectType: 'consortium',
				objectId: big,
				details: { title: `Projet ${String(i).padStart(2, '0')}` }
			});
		}
	});
});

const page = (id: string, search = '', as: string | null = null) =>
	countQueries(() => callRoute({ token: as, path: `/consortia/${id}${search}`, params: { id } }, load as never));
type Data = {
	members: { name: string }[];
	memberPage: number;
	memberPageCount: number;
	memberCount: number;
	timeline: { details: Record<string, string> }[];
	historyPage: number;
	historyPageCount: number;
};
const dataOf = (outcome: Awaited<ReturnType<typeof page>>['result']) => {
	if (outcome.kind !== 'ok') throw new Error(`the page answered ${JSON.stringify(outcome)}`);
	return outcome.data as Data;
};

describe("a consortium's page", () => {
	it('shows 30 members at a time, in the order they were invited, with the links to the others', async () => {
		const first = dataOf((await page(big)).result);
		expect(first.memberCount).toBe(MEMBERS + 2);
		expect(first.members).toHaveLength(30);
		expect(first.memberPageCount).toBe(6);
		// The cities as invited (in January), then the coordinator and the partner (invited today).
		expect(first.members.map((m) => m.name).slice(0, 2)).toEqual(['Membre 000', 'Membre 001']);
		const last = dataOf((await page(big, '?members=6')).result);
		expect(last.memberPage).toBe(6);
		expect(last.members.map((m) => m.name)).toEqual(['Coordination', 'Banque']);
		// Past the end, or nonsense: the nearest page that exists.
		expect(dataOf((await page(big, '?members=99')).result).memberPage).toBe(6);
		expect(dataOf((await page(big, '?members=abc')).result).memberPage).toBe(1);
	});

	it('shows its history 20 events at a time, newest first', async () => {
		const first = dataOf((await page(big)).result);
		expect(first.historyPageCount).toBe(3);
		expect(first.timeline).toHaveLength(20);
		expect(first.timeline[0].details.title).toBe('Projet 44');
		const third = dataOf((await page(big, '?history=3')).result);
		expect(third.timeline.map((e) => e.details.title)).toEqual(['Projet 04', 'Projet 03', 'Projet 02', 'Projet 01', 'Projet 00']);
	});

	it('costs the same queries for a consortium of two members as for one of 150, and its data stays small', async () => {
		const few = await page(small);
		const many = await page(big);
		const last = await page(big, '?members=6&history=3');
		expect(dataOf(few.result).members).toHaveLength(2);
		expect(many.queries).toBe(few.queries);
		expect(last.queries).toBe(few.queries);
		expect(many.queries).toBeLessThanOrEqual(15);
		// What the page serialises for its 30 members and 20 events, far from the 100 KB a page may weigh.
		expect(JSON.stringify(dataOf(many.result)).length).toBeLessThan(30_000);
	});

	it('gives its coordinator searches, not every organisation and project, at the same cost whatever they find', async () => {
		type Tools = {
			invitable: { id: string; name: string; departement: string }[];
			linkable: { id: string; title: string; owner: string }[];
		};
		const toolsOf = (outcome: Awaited<ReturnType<typeof page>>['result']) => (dataOf(outcome) as unknown as { tools: Tools | null }).tools!;
		// Without a search, nothing is listed (main listed all 150 cities and every published project here).
		const none = await page(small, '', token);
		expect(toolsOf(none.result).invitable).toEqual([]);
		expect(toolsOf(none.result).linkable).toEqual([]);
		// 150 cities match "membre": the first 20 by name, none of the live members.
		const found = await page(small, '?invite=membre&link=guichet', token);
		const { invitable, linkable } = toolsOf(found.result);
		expect(invitable.map((o) => o.name)).toEqual(Array.from({ length: 20 }, (_, i) => `Membre ${String(i).padStart(3, '0')}`));
		// 30 projects called "Guichet unique": 20 of them, each with its proposer, the one already linked left out.
		expect(linkable).toHaveLength(20);
		expect(linkable.every((p) => p.title === 'Guichet unique')).toBe(true);
		expect(new Set(linkable.map((p) => p.owner)).size).toBe(20);
		expect(linkable.map((p) => p.id)).not.toContain(linkedProject);
		// A proposer’s name finds its project too, whatever its case.
		const byOwner = toolsOf((await page(small, '?link=MEMBRE%20029', token)).result).linkable;
		expect(byOwner.map((p) => p.owner)).toEqual(['Membre 029']);
		// Members of the big consortium are not offered to it; nonsense finds nothing and breaks nothing.
		expect(toolsOf((await page(big, '?invite=membre', token)).result).invitable).toEqual([]);
		const odd = await page(small, `?invite=${encodeURIComponent('"* NEAR( -')}&link=${'x'.repeat(500)}`, token);
		expect(toolsOf(odd.result).invitable).toEqual([]);
		// The same number of queries for 20 results as for one or none: two more than without a search.
		const one = await page(small, '?invite=membre%20029&link=membre%20029', token);
		expect(toolsOf(one.result).invitable).toHaveLength(1);
		expect(found.queries).toBe(one.queries);
		expect(odd.queries).toBe(one.queries);
		expect(found.queries).toBe(none.queries + 2);
		// An anonymous visitor's searches are ignored: no tools at all.
		expect((dataOf((await page(small, '?invite=membre')).result) as unknown as { tools: unknown }).tools).toBeNull();
	});

	it('invites the organisation its coordinator picked from the results, which then leaves them', async () => {
		const [first] = (dataOf((await page(small, '?invite=membre', token)).result) as unknown as { tools: { invitable: { id: string; name: string }[] } }).tools
			.invitable;
		const form = new URLSearchParams({ organisationId: first.id });
		const posted = await callRoute({ token, path: `/consortia/${small}?invite=membre&/invite`, params: { id: small }, form }, actions.invite as never);
		expect(posted.kind).toBe('ok');
		const after = (
			dataOf((await page(small, '?invite=membre', token)).result) as unknown as { tools: { invitable: { id: string }[]; pending: { name: string }[] } }
		).tools;
		expect(after.invitable.map((o) => o.id)).not.toContain(first.id);
		expect(after.pending.map((o) => o.name)).toContain(first.name);
		// The server checks the id again: the same organisation cannot be invited twice, an unknown id is refused.
		expect((await callRoute({ token, path: `/consortia/${small}?/invite`, params: { id: small }, form }, actions.invite as never)).kind).toBe('fail');
		const unknown = new URLSearchParams({ organisationId: 'nobody' });
		expect((await callRoute({ token, path: `/consortia/${small}?/invite`, params: { id: small }, form: unknown }, actions.invite as never)).kind).toBe('fail');
	});
});
