// The public fund page is bounded: one page of pledges at a time, and the same number of queries for a fund
// of one pledge as for a fund of many. What it shows agrees with the full reads (fundDetails) it replaces.
import { beforeAll, describe, expect, it } from 'vitest';
import { write } from '$lib/server/db';
import { countQueries, enableQueryCounting } from '$lib/server/db/query-count';
import { disbursements, projects, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import { approvePledge, enterPledge, openFund } from '$lib/server/funds/commands';
import { fundDetails } from './fund-details';
import { DISBURSEMENT_PAGE, FUND_PAGE_PLEDGES, fundPage } from '$lib/server/funds/page';
import { fundDashboard } from '$lib/server/funds/dashboard';
import { createUser, proven, useTestDatabase } from './support';
import { activeConsortium, approvedOffer, fundInput, memberCities, ok, organisation, vote } from './funds-support';

enableQueryCounting();
useTestDatabase();

const CITIES = 64;
let entering: User, signing: User;
let cities: string[] = [];
let partner: string;
let smallFund: string, bigFund: string;

beforeAll(async () => {
	[entering, signing] = await Promise.all([createUser(), createUser()]);
	const [partnerAdmin, partnerSigner] = await Promise.all([createUser(), createUser()]);
	const coordinator = await organisation('city', 'Coordination', [
		[entering, 'admin'],
		[signing, 'signatory']
	]);
	partner = await organisation('partner', 'Banque', [
		[partnerAdmin, 'admin'],
		[partnerSigner, 'signatory']
	]);
	const consortiumId = await activeConsortium(coordinator, [partner], entering);
	// Many member cities, each with the same two people (one enters, the other approves), in one write.
	cities = await memberCities(consortiumId, CITIES, entering, signing);
	const open = (name: string) =>
		openFund(entering, consortiumId, fundInput({ name, targetCents: 1_000_000_000_00, thresholdCents: null, rule: 'flexible', capSharePercent: null }));
	smallFund = ok(await open('Petit fonds')).id;
	bigFund = ok(await open('Grand fonds')).id;
	await approvedOffer(partnerAdmin, partnerSigner, partner, bigFund, {
		ratioPercent: 50,
		capPerPledgeCents: null,
		totalCapCents: 1_000_000_00,
		onlyIfThresholdReached: false
	});

	ok(await enterPledge(entering, cities[0], smallFund, 1_000_00));
	// Every city pledges to the big fund; every other pledge is approved (and matched by the partner).
	for (const [i, id] of cities.entries()) {
		const { id: pledgeId } = ok(await enterPledge(entering, id, bigFund, (i + 1) * 100_00));
		if (i % 2 === 0) ok(await approvePledge(proven(signing), pledgeId, vote(`DEL-${i}`)));
	}
});

describe('the fund page', () => {
	it('costs the same few queries for a fund of one pledge as for a fund of a hundred', async () => {
		const small = await countQueries(() => fundPage(smallFund));
		const big = await countQueries(() => fundPage(bigFund));
		const bigSecondPage = await countQueries(() => fundPage(bigFund, { offset: FUND_PAGE_PLEDGES }));
		expect(small.result!.pledgeCount).toBe(1);
		expect(big.result!.pledgeCount).toBe(CITIES + CITIES / 2);
		expect(big.queries).toBe(small.queries);
		expect(bigSecondPage.queries).toBe(small.queries);
		expect(big.queries).toBeLessThanOrEqual(10);
		// Signed in: its own open intents come with the page at one more query, whatever the fund's size.
		const acting = await countQueries(() => fundPage(bigFund, { actingOrganisationId: cities[1] }));
		expect(acting.queries).toBe(small.queries + 1);
		expect(acting.result!.ownIntents.map((p) => p.organisationId)).toEqual([cities[1]]);
	});

	it('shows every pledge once across its pages, each with the totals and names the full read gives', async () => {
		const full = (await fundDetails(bigFund))!;
		const pages = [];
		for (let offset = 0; offset < full.pledges.length + FUND_PAGE_PLEDGES; offset += FUND_PAGE_PLEDGES) pages.push((await fundPage(bigFund, { offset }))!);
		expect(pages.map((p) => p.members.flatMap((m) => m.pledges).length)).toEqual([50, 46, 0]);

		const shown = pages.flatMap((p) => p.members.flatMap((m) => m.pledges.map((pledge) => ({ member: m, pledge }))));
		expect(shown.map((s) => s.pledge.id)).toEqual(full.pledges.map((p) => p.id));
		const fullMember = new Map(full.members.map((m) => [m.organisationId, m]));
		const nameOf = new Map(full.pledges.map((p) => [p.id, p.organisationName]));
		for (const { member, pledge } of shown) {
			const expected = full.pledges.find((p) => p.id === pledge.id)!;
			expect(pledge.totals).toEqual(expected.totals);
			expect(pledge.matches).toBe(expected.matchesPledgeId ? nameOf.get(expected.matchesPledgeId) : null);
			expect(member).toMatchObject({
				name: fullMember.get(member.organisationId)!.name,
				totals: fullMember.get(member.organisationId)!.totals,
				cap: fullMember.get(member.organisationId)!.cap
			});
		}
		expect(shown.filter((s) => s.pledge.matches !== null)).toHaveLength(CITIES / 2);
		expect(pages[0].offers.map((o) => o.matchedCents)).toEqual(full.offers.map((o) => o.matchedCents));
		expect(pages[0].offers[0].matchedCents).toBeGreaterThan(0);
		expect(pages[0].totals).toEqual(full.totals);
	});
});

describe("a fund's disbursements", () => {
	const DISBURSEMENTS = 45;
	const PROPOSED = 3;
	beforeAll(async () => {
		// A long history of decided disbursements (and three awaiting a decision, the oldest), inserted as rows:
		// what is shown of them is what is tested here, not how they were decided.
		const project = { id: newId() };
		await write(async (tx) => {
			await tx.insert(projects).values({
				id: project.id,
				proposerOrganisationId: cities[0],
				title: 'Capteurs',
				summary: 'S',
				theme: 'digital_inclusion',
				status: 'published',
				createdBy: entering.id,
				createdAt: new Date(),
				updatedAt: new Date()
			});
			for (let i = 0; i < DISBURSEMENTS; i++) {
				await tx.insert(disbursements).values({
					id: newId(),
					fundId: bigFund,
					projectId: project.id,
					amountCents: (i + 1) * 100,
					description: `Versement ${String(i).padStart(2, '0')}`,
					status: i < PROPOSED ? 'proposed' : 'rejected',
					proposedBy: entering.id,
					proposedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
					decidedAt: i < PROPOSED ? null : new Date(Date.UTC(2026, 0, 2, 0, i)),
					decidedBy: i < PROPOSED ? null : signing.id,
					rejectionReason: i < PROPOSED ? null : 'Pièce manquante'
				});
			}
		});
	});

	it('are shown 20 at a time on the fund page, newest first, at the same queries as a fund without any', async () => {
		const small = await countQueries(() => fundPage(smallFund));
		const first = await countQueries(() => fundPage(bigFund));
		const last = await countQueries(() => fundPage(bigFund, { disbursementOffset: 2 * DISBURSEMENT_PAGE }));
		expect(first.queries).toBe(small.queries);
		expect(last.queries).toBe(small.queries);
		expect(first.result!.disbursementCount).toBe(DISBURSEMENTS);
		expect(first.result!.disbursements).toHaveLength(DISBURSEMENT_PAGE);
		expect(first.result!.disbursements[0].description).toBe('Versement 44');
		expect(last.result!.disbursements.map((d) => d.description)).toEqual(['Versement 04', 'Versement 03', 'Versement 02', 'Versement 01', 'Versement 00']);
	});

	it('are shown 20 at a time on the dashboard, those awaiting a decision first, counted over the whole list', async () => {
		const small = await countQueries(() => fundDashboard(smallFund));
		const first = await countQueries(() => fundDashboard(bigFund));
		const third = await countQueries(() => fundDashboard(bigFund, { pages: { disbursements: 3 } }));
		expect(first.queries).toBe(small.queries);
		expect(third.queries).toBe(small.queries);
		const board = first.result!;
		expect(board.disbursementList).toEqual({ page: 1, pageCount: 3, length: DISBURSEMENTS, proposed: PROPOSED });
		expect(board.disbursements).toHaveLength(DISBURSEMENT_PAGE);
		expect(board.disbursements.slice(0, PROPOSED + 1).map((d) => d.status)).toEqual(['proposed', 'proposed', 'proposed', 'rejected']);
		expect(third.result!.disbursements).toHaveLength(DISBURSEMENTS - 2 * DISBURSEMENT_PAGE);
		expect(small.result!.disbursementList).toEqual({ page: 1, pageCount: 1, length: 0, proposed: 0 });
	});
});
