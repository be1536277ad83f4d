// An organisation's pledges page is bounded: its history one page at a time (the years of pledges behind it
// do not grow the page), while what it must approve or pay is listed whole, whatever page is shown.
import { beforeAll, describe, expect, it } from 'vitest';
import { countQueries, enableQueryCounting } from '$lib/server/db/query-count';
import { approvePledge, enterPledge, openFund } from '$lib/server/funds/commands';
import { ORGANISATION_PLEDGES_PAGE, pledgesOfOrganisation } from '$lib/server/funds/queries';
import { createUser, proven, useTestDatabase } from './support';
import { activeConsortium, fundInput, memberCities, ok, organisation, vote } from './funds-support';

enableQueryCounting();
useTestDatabase();

const PLEDGES = ORGANISATION_PLEDGES_PAGE + 5;
const INTENTS = 3;
let busy: string, quiet: string;

beforeAll(async () => {
	const [entering, signing] = await Promise.all([createUser(), createUser()]);
	const coordinator = await organisation('city', 'Coordination', [
		[entering, 'admin'],
		[signing, 'signatory']
	]);
	const consortiumId = await activeConsortium(coordinator, [], entering);
	[busy, quiet] = await memberCities(consortiumId, 2, entering, signing);
	const open = async (name: string) =>
		ok(
			await openFund(entering, consortiumId, fundInput({ name, targetCents: 1_000_000_000_00, thresholdCents: null, rule: 'flexible', capSharePercent: null }))
		).id;
	const fund = await open('Fonds');
	ok(await enterPledge(entering, quiet, fund, 1_000_00));
	// The busy city's pledges: approved ones, then an intent left to approve in each of a few other funds.
	for (let i = 0; i < PLEDGES - INTENTS; i++) {
		const { id } = ok(await enterPledge(entering, busy, fund, (i + 1) * 100_00));
		ok(await approvePledge(proven(signing), id, vote(`DEL-${i}`)));
	}
	for (let i = 0; i < INTENTS; i++) ok(await enterPledge(entering, busy, await open(`Fonds ${i}`), 500_00));
});

describe("an organisation's pledges", () => {
	it('come one page of history at a time, every pledge once, with the whole list of what to approve on each page', async () => {
		const first = await pledgesOfOrganisation(busy, new Date(), 1);
		const second = await pledgesOfOrganisation(busy, new Date(), 2);
		const past = await pledgesOfOrganisation(busy, new Date(), 3);
		expect([first.pledges.length, second.pledges.length, past.pledges.length]).toEqual([ORGANISATION_PLEDGES_PAGE, 5, 0]);
		expect([first.total, second.total, past.total]).toEqual([PLEDGES, PLEDGES, PLEDGES]);
		expect(first.pageCount).toBe(2);
		const ids = [...first.pledges, ...second.pledges].map((p) => p.id);
		expect(new Set(ids).size).toBe(PLEDGES);
		// Most recently changed first: the intents (entered last) before the approvals made as each was entered.
		expect(first.pledges.slice(0, INTENTS).map((p) => p.status)).toEqual(['intent', 'intent', 'intent']);
		for (const shown of [first, second, past]) {
			expect(shown.toApprove.map((p) => p.status)).toEqual(['intent', 'intent', 'intent']);
			expect(shown.toPay).toEqual([]);
		}
		// Each with its totals from the ledger.
		expect(first.pledges.find((p) => p.status === 'approved')!.totals.approved).toBeGreaterThan(0);
	});

	it('cost the same queries for one pledge as for a history of several pages', async () => {
		const one = await countQueries(() => pledgesOfOrganisation(quiet));
		const many = await countQueries(() => pledgesOfOrganisation(busy));
		expect(one.result.total).toBe(1);
		expect(many.queries).toBe(one.queries);
		expect(many.queries).toBeLessThanOrEqual(3);
	});
});
