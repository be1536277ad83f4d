// The running totals the database keeps per fund (migration 0029): every figure a reader sees equals the sums
// of the entries, the triggers follow every insert in its own transaction, and ledger:verify catches a drift.
import { describe, expect, it } from 'vitest';
import { and, asc, eq, inArray, isNotNull, notInArray } from 'drizzle-orm';
import { db, rawClient, write } from '$lib/server/db';
import { consortiumMembers, fundFlows, funds, ledgerEntries, matchOfferFlows, organisations, pledges } from '$lib/server/db/schema';
import { appendEntry, fundTotals, totalsOfFund } from '$lib/server/funds/ledger';
import { fundPage } from '$lib/server/funds/page';
import { publicFund } from '$lib/server/funds/api';
import { fundsOpenTo, listFunds } from '$lib/server/funds/queries';
import { verifyLedger } from '$lib/server/funds/verify';
import { totalsFrom, type Totals } from '$lib/domain/funds';
import { useDemoDatabase } from './support';

useDemoDatabase();

/** A fund's totals from its entries, one by one, as a reader would add them up (no running total read). */
async function summed(fundId: string, organisationId?: string): Promise<Totals> {
	const entries = await db().select().from(ledgerEntries).where(eq(ledgerEntries.fundId, fundId)).orderBy(asc(ledgerEntries.seq));
	return totalsFrom(
		entries
			.filter((e) => organisationId === undefined || (e.pledgeId !== null && e.organisationId === organisationId))
			.map((e) => ({ from: e.fromBucket, to: e.toBucket, isMatch: e.isMatch, amountCents: e.amountCents }))
	);
}

const apiShape = (t: Totals) => ({ receivedCents: t.received, committedCents: t.committed, availableCents: t.available, matchedCents: t.matched });

describe('running totals per fund', () => {
	it('shows, on the fund page, the API and the funds list, the sums of the entries of every demo fund', async () => {
		const all = await db().select().from(funds);
		expect(all.length).toBeGreaterThan(0);
		const listed = new Map((await listFunds({ status: null, consortiumId: null }, 0, 1000)).funds.map((f) => [f.id, f.totals]));
		let members = 0;
		for (const fund of all) {
			const expected = await summed(fund.id);
			const page = (await fundPage(fund.id))!;
			expect(page.totals).toEqual(expected);
			expect((await totalsOfFund(db(), fund.id)) as Totals).toEqual(expected);
			if (fund.status !== 'draft') expect(listed.get(fund.id)).toEqual(expected);
			const api = (await publicFund(fund.id))!;
			expect(api.totals).toMatchObject(apiShape(expected));
			for (const member of page.members) {
				members++;
				expect(member.totals).toEqual(await summed(fund.id, member.organisationId));
			}
		}
		// The demo funds hold money: these are not empty totals compared with empty totals.
		expect(members).toBeGreaterThan(0);
		expect([...listed.values()].some((t) => t.received > 0)).toBe(true);
	});

	it('shows what each match offer has matched: the sums of the entries of its pledges', async () => {
		const offered = await db().select({ fundId: pledges.fundId, offerId: pledges.matchOfferId }).from(pledges).where(isNotNull(pledges.matchOfferId));
		expect(offered.length).toBeGreaterThan(0);
		for (const { fundId, offerId } of offered) {
			const entries = await db()
				.select()
				.from(ledgerEntries)
				.innerJoin(pledges, eq(pledges.id, ledgerEntries.pledgeId))
				.where(eq(pledges.matchOfferId, offerId!));
			const expected = totalsFrom(
				entries.map(({ ledger_entries: e }) => ({ from: e.fromBucket, to: e.toBucket, isMatch: e.isMatch, amountCents: e.amountCents }))
			);
			const offer = (await fundPage(fundId))!.offers.find((o) => o.id === offerId)!;
			expect(offer.matchedCents).toBe(expected.committed);
		}
	});

	it('adds an entry to the totals in its own transaction: seen inside it, gone with a rollback, kept with a commit', async () => {
		const [fund] = await db().select().from(funds).where(eq(funds.status, 'open')).limit(1);
		const before = await totalsOfFund(db(), fund.id);
		let inside: Totals | undefined;
		await expect(
			write(async (tx) => {
				await appendEntry(tx, { fundId: fund.id, kind: 'pledge', amountCents: 1_00, reference: 'test', actorUserId: null });
				inside = await totalsOfFund(tx, fund.id);
				throw new Error('rolled back');
			})
		).rejects.toThrow('rolled back');
		expect(inside!.intent).toBe(before.intent + 1_00);
		expect(await totalsOfFund(db(), fund.id)).toEqual(before);

		await write((tx) => appendEntry(tx, { fundId: fund.id, kind: 'pledge', amountCents: 2_00, reference: 'test', actorUserId: null }));
		const after = await totalsOfFund(db(), fund.id);
		expect(after.intent).toBe(before.intent + 2_00);
		expect(after).toEqual(await summed(fund.id));
		expect((await fundTotals(db(), [fund.id, 'no-such-fund'])).get('no-such-fund')).toEqual(totalsFrom([]));
	});

	it('ledger:verify reports a running total that no longer equals the sums of the entries', async () => {
		expect((await verifyLedger()).differences).toEqual([]);
		const [row] = await db()
			.select()
			.from(fundFlows)
			.where(and(eq(fundFlows.fromBucket, 'called'), eq(fundFlows.toBucket, 'cash')))
			.limit(1);
		await rawClient().execute({
			sql: 'UPDATE fund_flows SET amount_cents = amount_cents + 1 WHERE fund_id = ? AND from_bucket = ? AND to_bucket = ? AND is_match = ?',
			args: [row.fundId, row.fromBucket, row.toBucket, row.isMatch ? 1 : 0]
		});
		const [offerRow] = await db().select().from(matchOfferFlows).limit(1);
		await rawClient().execute({
			sql: 'DELETE FROM match_offer_flows WHERE match_offer_id = ? AND from_bucket = ? AND to_bucket = ? AND is_match = ?',
			args: [offerRow.matchOfferId, offerRow.fromBucket, offerRow.toBucket, offerRow.isMatch ? 1 : 0]
		});
		const { differences } = await verifyLedger();
		const move = `${row.fromBucket}→${row.toBucket}${row.isMatch ? ' (match)' : ''}`;
		expect(differences).toContainEqual(
			expect.objectContaining({ fundId: row.fundId, what: `running total fund_flows ${move}`, ledger: row.amountCents, shown: row.amountCents + 1 })
		);
		// What the pages show drifts with it, and verify says so too.
		expect(differences).toContainEqual(expect.objectContaining({ fundId: row.fundId, what: 'fund page and dashboard totals: received' }));
		const offerMove = `${offerRow.fromBucket}→${offerRow.toBucket}${offerRow.isMatch ? ' (match)' : ''}`;
		expect(differences).toContainEqual(
			expect.objectContaining({ fundId: offerRow.fundId, what: `running total match_offer_flows ${offerRow.matchOfferId} ${offerMove}`, shown: 'missing' })
		);
	});

	it('lists the open funds where an organisation may pledge: those of its current consortia only', async () => {
		const [open] = await db().select().from(funds).where(eq(funds.status, 'open')).limit(1);
		const current = await db()
			.select({ organisationId: consortiumMembers.organisationId })
			.from(consortiumMembers)
			.where(
				and(
					eq(consortiumMembers.consortiumId, open.consortiumId),
					inArray(consortiumMembers.status, ['accepted', 'council_approved']),
					isNotNull(consortiumMembers.organisationId)
				)
			);
		expect(current.length).toBeGreaterThan(1);
		const [member, leaving] = current.map((r) => r.organisationId!);
		expect((await fundsOpenTo(member)).map((f) => f.id)).toContain(open.id);
		await write((tx) =>
			tx
				.update(consortiumMembers)
				.set({ status: 'withdrawn' })
				.where(and(eq(consortiumMembers.consortiumId, open.consortiumId), eq(consortiumMembers.organisationId, leaving)))
		);
		expect((await fundsOpenTo(leaving)).map((f) => f.id)).not.toContain(open.id);
		const [outsider] = await db()
			.select({ id: organisations.id })
			.from(organisations)
			.where(
				notInArray(
					organisations.id,
					current.map((r) => r.organisationId!)
				)
			)
			.limit(1);
		expect((await fundsOpenTo(outsider.id)).map((f) => f.id)).not.toContain(open.id);
		// After its deadline, a fund is no longer offered.
		expect((await fundsOpenTo(member, new Date(open.deadline.getTime() + 1))).map((f) => f.id)).not.toContain(open.id);
	});
});
