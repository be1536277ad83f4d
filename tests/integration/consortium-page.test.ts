// A consortium's page is bounded: one page of members and one page of its history at a time, and the
// same number of queries for a consortium of three members as for one of 150 with a long history.
import { beforeAll, describe, expect, it } from 'vitest';
import { write } from '$lib/server/db';
import { countQueries, enableQueryCounting } from '$lib/server/db/query-count';
import { auditEvents, consortiumMembers, organisations, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { load } from '../../src/routes/(public)/consortia/[id=id]/+page.server';
import { callRoute } from './route-harness';
import { createUser, useTestDatabase } from './support';
import { activeConsortium, organisation } from './funds-support';

enableQueryCounting();
useTestDatabase();

const MEMBERS = 150;
const EVENTS = 45;
let creator: User;
let small: string, big: string;

beforeAll(async () => {
	creator = await createUser();
	const coordinator = await organisation('city', 'Coordination', [[creator, 'admin']]);
	const partner = await organisation('partner', 'Banque', [[creator, 'admin']]);
	small = await activeConsortium(coordinator, [partner], creator, false);
	big = await activeConsortium(coordinator, [partner], creator, false);
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

const page = (id: string, search = '') => countQueries(() => callRoute({ token: null, path: `/consortia/${id}${search}`, params: { id } }, load as never));
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
});
