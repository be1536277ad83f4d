// The coordinator's dashboard and the API's answer for one fund are bounded: one page of each list at a
// time, and the same number of queries for a fund of one pledge as for a fund of many. What they show
// agrees with the whole read of the fund (fundDetails, kept in the tests).
import { beforeAll, describe, expect, it } from 'vitest';
import { countQueries, enableQueryCounting } from '$lib/server/db/query-count';
import type { User } from '$lib/server/db/schema';
import { approvePledge, callPledges, enterPledge, openFund } from '$lib/server/funds/commands';
import { DASHBOARD_PAGE, fundDashboard, parisDayStart } from '$lib/server/funds/dashboard';
import { FUND_PAGE_PLEDGES } from '$lib/server/funds/page';
import { publicFund } from '$lib/server/funds/api';
import { isOverdue } from '$lib/domain/funds';
import * as fundOne from '../../src/routes/api/v1/funds/[id=id]/+server';
import { createUser, proven, useTestDatabase } from './support';
import { activeConsortium, fundInput, memberCities, ok, organisation, vote } from './funds-support';
import { fundDetails } from './fund-details';

enableQueryCounting();
useTestDatabase();

const CITIES = 70;
const APPROVED = 60;
const CALLED = 6;
const DAY = 86_400_000;
let entering: User, signing: User;
let smallFund: string, bigFund: string;

beforeAll(async () => {
	[entering, signing] = await Promise.all([createUser(), createUser()]);
	const coordinator = await organisation('city', 'Coordination', [
		[entering, 'admin'],
		[signing, 'signatory']
	]);
	const consortiumId = await activeConsortium(coordinator, [], entering);
	const cities = await memberCities(consortiumId, CITIES, entering, signing);
	const open = (name: string) =>
		openFund(entering, consortiumId, fundInput({ name, targetCents: 1_000_000_000_00, thresholdCents: null, rule: 'flexible', capSharePercent: null }));
	smallFund = ok(await open('Petit fonds')).id;
	bigFund = ok(await open('Grand fonds')).id;
	ok(await enterPledge(entering, cities[0], smallFund, 1_000_00));
	// Every city pledges to the big fund; most are approved, a few of those called for tomorrow.
	const approved: string[] = [];
	for (const [i, id] of cities.entries()) {
		const { id: pledgeId } = ok(await enterPledge(entering, id, bigFund, (i + 1) * 100_00));
		if (i < APPROVED) {
			ok(await approvePledge(proven(signing), pledgeId, vote(`DEL-${i}`)));
			approved.push(pledgeId);
		}
	}
	ok(await callPledges(entering, bigFund, approved.slice(0, CALLED), new Date(Date.now() + DAY)));
}, 120_000);

describe('the coordinator’s dashboard', () => {
	it('costs the same few queries for a fund of one pledge as for a fund of seventy, and shows one page of each list', async () => {
		const small = await countQueries(() => fundDashboard(smallFund));
		const big = await countQueries(() => fundDashboard(bigFund));
		const later = await countQueries(() => fundDashboard(bigFund, { pages: { call: 2, members: 2, approval: 9 } }));
		expect(big.queries).toBe(small.queries);
		expect(later.queries).toBe(small.queries);
		expect(big.queries).toBeLessThanOrEqual(10);

		const board = big.result!;
		expect(board.awaitingCall.length).toBe(APPROVED - CALLED);
		expect(board.awaitingCall.rows).toHaveLength(DASHBOARD_PAGE);
		expect(board.awaitingCall.pageCount).toBe(2);
		expect(board.members.length).toBe(CITIES);
		expect(board.members.rows).toHaveLength(DASHBOARD_PAGE);
		expect(board.awaitingApproval.rows).toHaveLength(CITIES - APPROVED);
		expect(board.awaitingPayment.rows).toHaveLength(CALLED);
		expect(later.result!.awaitingCall.rows).toHaveLength(APPROVED - CALLED - DASHBOARD_PAGE);
		expect(later.result!.members.rows).toHaveLength(CITIES - DASHBOARD_PAGE);
		// A page past the end is empty, and says where the list ends.
		expect(later.result!.awaitingApproval).toMatchObject({ rows: [], length: CITIES - APPROVED, pageCount: 1 });
	});

	it('shows each pledge of each list once across its pages, with the totals and caps the whole read gives', async () => {
		const full = (await fundDetails(bigFund))!;
		const pages = [(await fundDashboard(bigFund))!, (await fundDashboard(bigFund, { pages: { call: 2, members: 2 } }))!];
		const byStatus = (status: string) => full.pledges.filter((p) => p.status === status);
		const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
		expect(ids(pages.flatMap((p) => p.awaitingCall.rows))).toEqual(ids(byStatus('approved')));
		expect(ids(pages[0].awaitingApproval.rows)).toEqual(ids(byStatus('intent')));
		expect(ids(pages[0].awaitingPayment.rows)).toEqual(ids(byStatus('called')));
		for (const row of pages.flatMap((p) => [...p.awaitingCall.rows, ...p.awaitingPayment.rows])) {
			expect(row.totals).toEqual(full.pledges.find((p) => p.id === row.id)!.totals);
		}
		const members = pages.flatMap((p) => p.members.rows);
		expect(members.map((m) => m.organisationId)).toEqual(full.members.map((m) => m.organisationId));
		for (const member of members) {
			const expected = full.members.find((m) => m.organisationId === member.organisationId)!;
			expect(member).toMatchObject({ name: expected.name, totals: expected.totals, cap: expected.cap });
		}
		expect(pages[0].totals).toEqual(full.totals);
	});

	it('counts the pledges overdue, in the database, as the rule does', async () => {
		const full = (await fundDetails(bigFund))!;
		const overdueOn = (now: Date) => full.pledges.filter((p) => p.status === 'called' && isOverdue(p.dueDate, p.totals.called, now)).length;
		const today = new Date();
		const inThreeDays = new Date(Date.now() + 3 * DAY);
		expect((await fundDashboard(bigFund, { now: today }))!.overdueCount).toBe(0);
		expect(overdueOn(inThreeDays)).toBe(CALLED);
		const late = (await fundDashboard(bigFund, { now: inThreeDays }))!;
		expect(late.overdueCount).toBe(CALLED);
		expect(late.awaitingPayment.rows.every((p) => p.overdue)).toBe(true);
		// Due on the day itself is not late yet.
		const due = full.pledges.find((p) => p.status === 'called')!.dueDate!;
		expect((await fundDashboard(bigFund, { now: due }))!.overdueCount).toBe(overdueOn(due));
		expect(parisDayStart(due).getTime()).toBeLessThanOrEqual(due.getTime());
	});
});

describe('the API’s answer for one fund', () => {
	const get = async (id: string, query = '') => {
		const response = await fundOne.GET({ params: { id }, url: new URL(`http://api.test/api/v1/funds/${id}${query}`) } as never);
		return { status: response.status, body: await response.json() };
	};

	it('costs the same few queries for a fund of one pledge as for a fund of seventy, and holds one page of pledges', async () => {
		const small = await countQueries(() => publicFund(smallFund));
		const big = await countQueries(() => publicFund(bigFund));
		expect(big.queries).toBe(small.queries);
		expect(big.queries).toBeLessThanOrEqual(10);
		expect(big.result!.pledges).toHaveLength(FUND_PAGE_PLEDGES);
		expect(big.result!.pledgeCount).toBe(CITIES);
		expect(small.result!.pledgesNext).toBeNull();
	});

	it('gives every pledge once, following pledgesNext to the end, and refuses a cursor it did not give', async () => {
		const full = (await fundDetails(bigFund))!;
		const seen: string[] = [];
		let cursor: string | null = null;
		for (let page = 0; page < 10; page++) {
			const { status, body } = await get(bigFund, cursor ? `?pledgesCursor=${encodeURIComponent(cursor)}` : '');
			expect(status).toBe(200);
			expect(body.pledges.length).toBeLessThanOrEqual(FUND_PAGE_PLEDGES);
			expect(body.members.map((m: { organisationId: string }) => m.organisationId)).toEqual([
				...new Set(body.pledges.map((p: { organisationId: string }) => p.organisationId))
			]);
			seen.push(...body.pledges.map((p: { id: string }) => p.id));
			cursor = body.pledgesNext;
			if (cursor === null) break;
		}
		expect(cursor).toBeNull();
		expect(seen).toEqual(full.pledges.map((p) => p.id));

		for (const bad of ['nope', Buffer.from('o5').toString('base64url'), 'x'.repeat(300)]) {
			const { status, body } = await get(bigFund, `?pledgesCursor=${bad}`);
			expect(status).toBe(400);
			expect(body.error).toBe('invalid_pledgesCursor');
		}
		expect((await get('doesnotexist00')).status).toBe(404);
	});
});
