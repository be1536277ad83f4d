import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { db, rawClient, write } from '$lib/server/db';
import { consortia, consortiumMembers, consortiumProjects, memberships, pledges, projects, type User } from '$lib/server/db/schema';
import { newId } from '$lib/server/auth/tokens';
import {
	amendPledge,
	approvePledge,
	callPledges,
	decideDisbursement,
	enterPledge,
	offerMatch,
	openFund,
	proposeDisbursement,
	recordReceipt,
	settleDueFunds,
	withdrawPledge
} from '$lib/server/funds/commands';
import { dissolve } from '$lib/server/consortia/commands';
import { ledgerWithRunningTotals } from '$lib/server/funds/queries';
import { fundDetails } from './fund-details';
import { FUND_PAGE_PLEDGES } from '$lib/server/funds/page';
import { publicFund, publicFundsPage, publicLedgerPage } from '$lib/server/funds/api';
import { verifyLedger } from '$lib/server/funds/verify';
import { appendEntry } from '$lib/server/funds/ledger';
import { recordSubsidyDetails } from '$lib/server/funds/subsidy-records';
import { createUser, proven, useTestDatabase } from './support';
import { activeConsortium, approvedOffer, expectLedgerAgrees, fundInput, HOUR, ok, organisationWith, vote } from './funds-support';

useTestDatabase();

let bethuneAdmin: User,
	bethuneSigner: User,
	bethuneSigner2: User,
	neversAgent: User,
	neversSigner: User,
	lavalAgent: User,
	lavalSigner: User,
	partnerSigner: User,
	partnerSigner2: User,
	stranger: User;
let bethune: string, nevers: string, laval: string, partner: string, consortiumId: string;

beforeAll(async () => {
	[bethuneAdmin, bethuneSigner, bethuneSigner2, neversAgent, neversSigner, lavalAgent, lavalSigner, partnerSigner, stranger, partnerSigner2] =
		await Promise.all(Array.from({ length: 10 }, () => createUser()));
	bethune = await organisationWith('city', 'Bethune', { admin: [bethuneAdmin], signatory: [bethuneSigner, bethuneSigner2] });
	nevers = await organisationWith('city', 'Nevers', { member: [neversAgent], signatory: [neversSigner] });
	laval = await organisationWith('city', 'Laval', { admin: [lavalAgent], signatory: [lavalSigner] });
	partner = await organisationWith('partner', 'Banque', { signatory: [partnerSigner, partnerSigner2] });
	consortiumId = await activeConsortium(bethune, [nevers, laval], bethuneAdmin);
});

describe('funds', () => {
	it('opens only for the coordinator of an active consortium, with a future deadline', async () => {
		expect(await openFund(neversSigner, consortiumId, fundInput())).toEqual({ ok: false, code: 'coordinators_only' });
		expect(await openFund(bethuneAdmin, consortiumId, fundInput({ deadline: new Date(Date.now() - 1000) }))).toEqual({ ok: false, code: 'deadline_past' });
		expect(await openFund(bethuneAdmin, consortiumId, fundInput({ thresholdCents: 2_000_000_00 }))).toEqual({ ok: false, code: 'threshold_over_target' });
		const forming = await activeConsortium(bethune, [nevers], bethuneAdmin);
		await write((tx) => tx.update(consortia).set({ status: 'forming' }).where(eq(consortia.id, forming)));
		expect(await openFund(bethuneAdmin, forming, fundInput())).toEqual({ ok: false, code: 'consortium_not_active' });
		expect((await openFund(bethuneSigner, consortiumId, fundInput())).ok).toBe(true);
	});

	it('takes a pledge from intent to paid, with the history, the four-eyes rule, caps, matches and a disbursement', async () => {
		const { id: fundId } = ok(await openFund(bethuneAdmin, consortiumId, fundInput()));
		// Nevers: entered by an agent, amended, approved by its signatory.
		expect(await enterPledge(stranger, nevers, fundId, 100_00)).toEqual({ ok: false, code: 'forbidden' });
		expect(await enterPledge(neversAgent, nevers, fundId, 0)).toEqual({ ok: false, code: 'amount_not_positive' });
		const neversPledge = ok(await enterPledge(neversAgent, nevers, fundId, 300_000_00, 'Budget 2027')).id;
		expect(await amendPledge(neversAgent, neversPledge, 350_000_00)).toEqual({ ok: true });
		// The cap is 40 % of the target: 400 000,00 €. One cent more is refused as soon as it is entered.
		expect(await amendPledge(neversAgent, neversPledge, 400_000_01)).toEqual({ ok: false, code: 'intent_over_member_cap', leftCents: 400_000_00 });
		expect(await approvePledge(proven(neversAgent), neversPledge, vote('D-1'))).toEqual({ ok: false, code: 'signatories_only' });
		expect(await approvePledge(proven(neversSigner), neversPledge, { reference: 'D-1', date: new Date(Date.now() + 48 * HOUR) })).toEqual({
			ok: false,
			code: 'deliberation_in_future'
		});
		expect(await amendPledge(neversAgent, neversPledge, 400_000_00)).toEqual({ ok: true });
		expect(await approvePledge(proven(neversSigner), neversPledge, vote('D-1'))).toEqual({ ok: true, matchedCents: 0 });
		expect(await amendPledge(neversAgent, neversPledge, 1_00)).toEqual({ ok: false, code: 'invalid_transition' });
		expect(await withdrawPledge(neversAgent, neversPledge)).toEqual({ ok: false, code: 'invalid_transition' });

		// Laval: its signatory entered it, so only another signatory may approve; the signatory who
		// amends someone else's pledge makes it theirs too.
		const lavalSecond = ok(await enterPledge(lavalAgent, laval, fundId, 50_000_00)).id;
		expect(await amendPledge(lavalSigner, lavalSecond, 60_000_00)).toEqual({ ok: true });
		expect(await approvePledge(proven(lavalSigner), lavalSecond, vote('L-2'))).toEqual({ ok: false, code: 'own_pledge' });
		// One open intent per organisation and fund: a second one is an amendment of the first.
		expect(await enterPledge(lavalSigner, laval, fundId, 100_000_00)).toEqual({ ok: false, code: 'intent_exists' });
		expect(await withdrawPledge(lavalAgent, lavalSecond)).toEqual({ ok: true });
		expect(await withdrawPledge(lavalAgent, lavalSecond)).toEqual({ ok: false, code: 'invalid_transition' });
		const lavalPledge = ok(await enterPledge(lavalSigner, laval, fundId, 100_000_00)).id;
		expect(await approvePledge(proven(lavalSigner), lavalPledge, vote('L-1'))).toEqual({ ok: false, code: 'own_pledge' });
		// Laval's admin cannot approve (not a signatory); the pledge will lapse at the deadline.

		// The partner tops up what is approved (Nevers) and what is approved later, within its caps.
		expect(
			await offerMatch(neversSigner, nevers, fundId, { ratioPercent: 50, capPerPledgeCents: null, totalCapCents: 1, onlyIfThresholdReached: false })
		).toEqual({ ok: false, code: 'partners_only' });
		const offer = await approvedOffer(partnerSigner, partnerSigner2, partner, fundId, {
			ratioPercent: 50,
			capPerPledgeCents: 150_000_00,
			totalCapCents: 180_000_00,
			onlyIfThresholdReached: false
		});
		expect(offer.matchedCents).toBe(150_000_00);
		const bethunePledge = ok(await enterPledge(bethuneAdmin, bethune, fundId, 100_000_00)).id;
		expect(await approvePledge(proven(bethuneSigner), bethunePledge, vote('B-1'))).toEqual({ ok: true, matchedCents: 30_000_00 });

		let details = (await fundDetails(fundId))!;
		expect(details.totals).toMatchObject({ intent: 100_000_00, approved: 680_000_00, committed: 680_000_00, matched: 180_000_00, available: 0 });
		const neversRows = details.pledges.filter((p) => p.organisationId === nevers);
		expect(neversRows).toHaveLength(1);
		expect(details.offers[0].matchedCents).toBe(180_000_00);

		// Calls while the fund is open, a partial receipt, then the rest.
		const matchPledges = details.pledges.filter((p) => p.matchOfferId).map((p) => p.id);
		expect(await callPledges(neversSigner, fundId, [neversPledge], new Date())).toEqual({ ok: false, code: 'coordinators_only' });
		expect(await callPledges(bethuneAdmin, fundId, [lavalPledge], new Date())).toEqual({ ok: false, code: 'invalid_transition' });
		const due = new Date(Date.now() + 30 * 24 * HOUR);
		expect(await callPledges(bethuneAdmin, fundId, [neversPledge, bethunePledge, ...matchPledges], due)).toEqual({ ok: true, called: 4 });
		expect(
			await recordReceipt(bethuneAdmin, neversPledge, { amountCents: 100_000_00, bankReference: 'VIR-1', receivedOn: new Date(Date.now() + 72 * HOUR) })
		).toEqual({ ok: false, code: 'received_in_future' });
		expect(await recordReceipt(neversSigner, neversPledge, { amountCents: 100_000_00, bankReference: 'VIR-1', receivedOn: new Date() })).toEqual({
			ok: false,
			code: 'coordinators_only'
		});
		expect(await recordReceipt(bethuneAdmin, neversPledge, { amountCents: 100_000_00, bankReference: 'VIR-1', receivedOn: new Date() })).toEqual({
			ok: true,
			paid: false,
			unappliedCents: 0
		});
		expect(await recordReceipt(bethuneAdmin, neversPledge, { amountCents: 100_000_00, bankReference: 'VIR-1', receivedOn: new Date() })).toEqual({
			ok: false,
			code: 'duplicate_receipt'
		});
		expect(await recordReceipt(bethuneAdmin, neversPledge, { amountCents: 300_000_00, bankReference: 'VIR-2', receivedOn: new Date() })).toEqual({
			ok: true,
			paid: true,
			unappliedCents: 0
		});
		expect(await recordReceipt(bethuneAdmin, matchPledges[0], { amountCents: 150_000_00, bankReference: 'VIR-3', receivedOn: new Date() })).toEqual({
			ok: true,
			paid: true,
			unappliedCents: 0
		});
		await expectLedgerAgrees();

		// The consortium cannot be dissolved while it holds the fund.
		expect(await dissolve(bethuneAdmin, consortiumId)).toEqual({ ok: false, code: 'holds_money' });

		// Settlement at the deadline: 680 000 € ≥ 600 000 € → funded; Laval's unapproved intent lapses.
		const deadline = details.fund.deadline;
		expect(await approvePledge(proven(lavalAgent), lavalPledge, vote('L-9'), new Date(deadline.getTime() + 1))).toEqual({
			ok: false,
			code: 'signatories_only'
		});
		// Past the deadline an intent lapses at settlement: it can no longer be withdrawn.
		expect(await withdrawPledge(lavalAgent, lavalPledge, new Date(deadline.getTime() + 1))).toEqual({ ok: false, code: 'fund_not_open' });
		const settled = await settleDueFunds(new Date(deadline.getTime() + 1000));
		expect(settled[fundId]).toBe('funded');
		expect((await settleDueFunds(new Date(deadline.getTime() + 2000)))[fundId]).toBeUndefined();
		details = (await fundDetails(fundId))!;
		expect(details.fund.status).toBe('funded');
		expect(details.pledges.find((p) => p.id === lavalPledge)!.status).toBe('released');
		expect(details.totals).toMatchObject({ intent: 0, released: 100_000_00, received: 550_000_00, available: 550_000_00, committed: 680_000_00 });

		// Disbursement: a linked project only, within the cash, approved by a second signatory.
		const projectId = newId();
		await write(async (tx) => {
			await tx.insert(projects).values({
				id: projectId,
				proposerOrganisationId: bethune,
				title: 'Capteurs',
				summary: 'S',
				theme: 'digital_inclusion',
				status: 'published',
				createdBy: bethuneAdmin.id,
				createdAt: new Date(),
				updatedAt: new Date()
			});
			await tx.insert(consortiumProjects).values({ consortiumId, projectId });
		});
		const disbursement = (amountCents: number) => ({ projectId, responseId: null, amountCents, description: 'Capteurs posés' });
		// Two signatories: an admin who is not one may not propose.
		expect(await proposeDisbursement(bethuneAdmin, fundId, disbursement(1_00))).toEqual({ ok: false, code: 'signatories_only' });
		expect(await proposeDisbursement(bethuneSigner, fundId, { ...disbursement(1_00), projectId: newId() })).toEqual({ ok: false, code: 'invalid_beneficiary' });
		expect(await proposeDisbursement(bethuneSigner, fundId, disbursement(550_000_01))).toEqual({ ok: false, code: 'over_available' });
		const first = ok(await proposeDisbursement(bethuneSigner, fundId, disbursement(500_000_00))).id;
		const second = ok(await proposeDisbursement(bethuneSigner2, fundId, disbursement(100_000_00))).id;
		expect(await decideDisbursement(proven(bethuneSigner), first, { approve: true })).toEqual({ ok: false, code: 'second_signatory' });
		expect(await decideDisbursement(proven(bethuneAdmin), first, { approve: true })).toEqual({ ok: false, code: 'signatories_only' });
		// What the law asks to publish comes first (SCDL subventions).
		expect(await decideDisbursement(proven(bethuneSigner2), first, { approve: true })).toEqual({ ok: false, code: 'subsidy_incomplete' });
		const subsidy = {
			conventionDate: '2026-11-02',
			decisionReference: 'DEL-2026-118',
			nature: 'aide en numéraire',
			paymentConditions: 'unique',
			paymentPeriod: '2026-11-20'
		};
		expect(await recordSubsidyDetails(bethuneAdmin, first, subsidy)).toEqual({ ok: false, code: 'signatories_only' });
		expect(await recordSubsidyDetails(bethuneSigner2, first, { ...subsidy, paymentPeriod: '20/11/2026' })).toEqual({
			ok: false,
			code: 'invalid',
			errors: { paymentPeriod: 'period' }
		});
		expect(await recordSubsidyDetails(bethuneSigner2, first, subsidy)).toEqual({ ok: true });
		expect(await recordSubsidyDetails(bethuneSigner, second, subsidy)).toEqual({ ok: true });
		expect(await decideDisbursement(proven(bethuneSigner2), first, { approve: true })).toEqual({ ok: true });
		expect(await decideDisbursement(proven(bethuneSigner2), first, { approve: true })).toEqual({ ok: false, code: 'invalid_transition' });
		// Only 50 000 € are left: the second proposal cannot be approved any more.
		expect(await decideDisbursement(proven(bethuneSigner), second, { approve: true })).toEqual({ ok: false, code: 'over_available' });
		expect(await decideDisbursement(proven(bethuneSigner), second, { approve: false, reason: 'Trop tôt' })).toEqual({ ok: true });

		const api = (await publicFund(fundId))!;
		expect(api.totals).toMatchObject({ disbursedCents: 500_000_00, availableCents: 50_000_00, receivedCents: 550_000_00 });
		// The ledger's running totals end where the fund's totals are.
		const ledger = await ledgerWithRunningTotals(fundId, 0, 100);
		expect(ledger.entries.at(-1)!.running).toEqual((await fundDetails(fundId))!.totals);
		const firstPage = await publicLedgerPage(fundId, 5, 0);
		expect(firstPage.data).toHaveLength(5);
		expect(firstPage.next).not.toBeNull();
		await expectLedgerAgrees();
	});

	it('an organisation that left the consortium can no longer amend or approve its intent', async () => {
		const { id: fundId } = ok(await openFund(bethuneAdmin, consortiumId, fundInput({ name: 'Départ' })));
		const leaving = await organisationWith('city', 'Partante', { admin: [lavalAgent], signatory: [lavalSigner] });
		await write((tx) =>
			tx.insert(consortiumMembers).values({
				id: newId(),
				consortiumId,
				organisationId: leaving,
				invitedName: 'Partante',
				status: 'council_approved',
				invitedBy: bethuneAdmin.id,
				invitedAt: new Date()
			})
		);
		const intent = ok(await enterPledge(lavalAgent, leaving, fundId, 10_000_00)).id;
		await write((tx) => tx.update(consortiumMembers).set({ status: 'withdrawn' }).where(eq(consortiumMembers.organisationId, leaving)));
		expect(await amendPledge(lavalAgent, intent, 20_000_00)).toEqual({ ok: false, code: 'not_a_member' });
		expect(await approvePledge(proven(lavalSigner), intent, vote('P-1'))).toEqual({ ok: false, code: 'not_a_member' });
		expect(await enterPledge(lavalAgent, leaving, fundId, 1_00)).toEqual({ ok: false, code: 'not_a_member' });
	});

	it('keeps the ledger append-only: the database refuses to change or remove an entry', async () => {
		await expect(rawClient().execute('UPDATE ledger_entries SET amount_cents = 1')).rejects.toThrow(/append-only/);
		await expect(rawClient().execute('DELETE FROM ledger_entries')).rejects.toThrow(/append-only/);
	});

	it('ledger:verify reports a pledge whose row no longer agrees with its entries', async () => {
		const [row] = await db().select().from(pledges).where(eq(pledges.status, 'paid')).limit(1);
		await write((tx) =>
			tx
				.update(pledges)
				.set({ amountCents: row.amountCents + 1, status: 'called' })
				.where(eq(pledges.id, row.id))
		);
		const { differences } = await verifyLedger();
		expect(differences.map((d) => d.what)).toEqual([`pledge ${row.id}: amount`, `pledge ${row.id}: status`]);
		await write((tx) => tx.update(pledges).set({ amountCents: row.amountCents, status: row.status }).where(eq(pledges.id, row.id)));
		await expectLedgerAgrees();
	});

	it('a failed all-or-nothing fund releases approvals, refunds payments, and makes no conditional match', async () => {
		const { id: fundId } = ok(await openFund(bethuneAdmin, consortiumId, fundInput({ name: 'Raté', thresholdCents: 900_000_00 })));
		const paid = ok(await enterPledge(neversAgent, nevers, fundId, 200_000_00)).id;
		const partly = ok(await enterPledge(lavalAgent, laval, fundId, 100_000_00)).id;
		const approved = ok(await enterPledge(bethuneAdmin, bethune, fundId, 50_000_00)).id;
		ok(await approvePledge(proven(neversSigner), paid, vote('N-2')));
		const intent = ok(await enterPledge(neversAgent, nevers, fundId, 10_000_00)).id;
		ok(await approvePledge(proven(lavalSigner), partly, vote('L-3')));
		ok(await approvePledge(proven(bethuneSigner), approved, vote('B-2')));
		await approvedOffer(partnerSigner, partnerSigner2, partner, fundId, {
			ratioPercent: 100,
			capPerPledgeCents: null,
			totalCapCents: 500_000_00,
			onlyIfThresholdReached: true
		});
		ok(await callPledges(bethuneAdmin, fundId, [paid, partly], new Date(Date.now() + 24 * HOUR)));
		ok(await recordReceipt(bethuneAdmin, paid, { amountCents: 200_000_00, bankReference: 'V', receivedOn: new Date() }));
		ok(await recordReceipt(bethuneAdmin, partly, { amountCents: 40_000_00, bankReference: 'W', receivedOn: new Date() }));
		const deadline = (await fundDetails(fundId))!.fund.deadline;
		expect((await settleDueFunds(new Date(deadline.getTime() + 1)))[fundId]).toBe('failed');
		const details = (await fundDetails(fundId))!;
		const status = (id: string) => details.pledges.find((p) => p.id === id)!.status;
		// What was received is owed back (refunds.ts records it as sent): still in the account, not available.
		expect([status(paid), status(partly), status(approved), status(intent)]).toEqual(['refund_owed', 'refund_owed', 'released', 'released']);
		expect(details.pledges.some((p) => p.matchOfferId)).toBe(false);
		expect(details.totals).toMatchObject({
			committed: 0,
			available: 0,
			owed: 240_000_00,
			refunded: 0,
			received: 240_000_00,
			released: 60_000_00 + 50_000_00 + 10_000_00
		});
		expect(await callPledges(bethuneAdmin, fundId, [approved], new Date())).toEqual({ ok: false, code: 'fund_not_open' });
		await expectLedgerAgrees();
	});

	it('a conditional match is made at settlement when the threshold is reached, within the target', async () => {
		const { id: fundId } = ok(
			await openFund(bethuneAdmin, consortiumId, fundInput({ name: 'Abondé', rule: 'flexible', thresholdCents: 300_000_00, capSharePercent: null }))
		);
		const a = ok(await enterPledge(neversAgent, nevers, fundId, 400_000_00)).id;
		const b = ok(await enterPledge(lavalAgent, laval, fundId, 400_000_00)).id;
		ok(await approvePledge(proven(neversSigner), a, vote('N-3')));
		ok(await approvePledge(proven(lavalSigner), b, vote('L-4')));
		await approvedOffer(partnerSigner, partnerSigner2, partner, fundId, {
			ratioPercent: 100,
			capPerPledgeCents: null,
			totalCapCents: 1_000_000_00,
			onlyIfThresholdReached: true
		});
		expect((await fundDetails(fundId))!.totals.matched).toBe(0);
		const deadline = (await fundDetails(fundId))!.fund.deadline;
		expect((await settleDueFunds(new Date(deadline.getTime() + 1)))[fundId]).toBe('funded');
		const totals = (await fundDetails(fundId))!.totals;
		// 800 000 € pledged; the 1:1 match is held to the 200 000 € left under the target.
		expect(totals).toMatchObject({ committed: 1_000_000_00, matched: 200_000_00 });
		await expectLedgerAgrees();
	});

	it('200 concurrent approvals never push a member past its cap, and every acknowledged approval is kept', async () => {
		const { id: fundId } = ok(
			await openFund(
				bethuneAdmin,
				consortiumId,
				fundInput({ name: 'Concurrence', targetCents: 150_000_00, thresholdCents: 1_00, capSharePercent: null, capAmountCents: 100_000_00 })
			)
		);
		const signers = await Promise.all(Array.from({ length: 4 }, () => createUser()));
		await write(async (tx) => {
			for (const s of signers) await tx.insert(memberships).values({ organisationId: nevers, userId: s.id, role: 'signatory', createdAt: new Date() });
		});
		// Many intents of one organisation (entered before one open intent per organisation was the rule,
		// or amended at once): written as enterPledge writes them, to race their approvals.
		const ids: string[] = [];
		const intents = [
			...Array.from({ length: 150 }, () => [nevers, neversAgent, 1_000_00] as const),
			...Array.from({ length: 50 }, () => [laval, lavalAgent, 2_000_00] as const)
		];
		await write(async (tx) => {
			for (const [organisationId, agent, amountCents] of intents) {
				const id = newId();
				await tx
					.insert(pledges)
					.values({ id, fundId, organisationId, amountCents, status: 'intent', enteredBy: agent.id, enteredAt: new Date(), updatedAt: new Date() });
				await appendEntry(tx, { fundId, kind: 'pledge', amountCents, pledgeId: id, organisationId, actorUserId: agent.id });
				ids.push(id);
			}
		});
		const results = await Promise.all(
			ids.map((id, i) =>
				approvePledge(proven(i < 150 ? signers[i % signers.length] : lavalSigner), id, vote(`C-${i}`)).catch((error: Error) => ({
					ok: false as const,
					code: `threw ${error.message}`
				}))
			)
		);
		const accepted = results.filter((r) => r.ok).length;
		const refusals = new Set(results.filter((r) => !r.ok).map((r) => (r as { code: string }).code));
		expect([...refusals].every((c) => c === 'over_member_cap' || c === 'over_target')).toBe(true);
		const rows = await db()
			.select({ status: pledges.status, organisationId: pledges.organisationId, n: sql<number>`count(*)` })
			.from(pledges)
			.where(eq(pledges.fundId, fundId))
			.groupBy(pledges.status, pledges.organisationId);
		const approvedRows = rows.filter((r) => r.status === 'approved').reduce((sum, r) => sum + Number(r.n), 0);
		expect(approvedRows).toBe(accepted);
		const details = (await fundDetails(fundId))!;
		const neversTotals = details.members.find((m) => m.organisationId === nevers)!.totals;
		expect(neversTotals.committed).toBe(100_000_00);
		expect(details.totals.committed).toBeLessThanOrEqual(150_000_00);
		expect(details.totals.committed).toBe(150_000_00);
		await expectLedgerAgrees();
	});

	it('answers the API in the same number of queries whatever the page size or the number of pledges', async () => {
		const spy = vi.spyOn(rawClient(), 'execute');
		const count = async (work: () => Promise<unknown>) => {
			spy.mockClear();
			await work();
			return spy.mock.calls.length;
		};
		const all = await publicFundsPage({ status: null, consortiumId: null }, 50, 0);
		expect(all.data.length).toBeGreaterThan(3);
		expect(await count(() => publicFundsPage({ status: null, consortiumId: null }, 1, 0))).toBe(
			await count(() => publicFundsPage({ status: null, consortiumId: null }, 50, 0))
		);
		const busy = all.data.find((f) => f.name === 'Concurrence')!.id;
		const quiet = all.data.find((f) => f.name === 'Abondé')!.id;
		expect(await count(() => publicFund(busy))).toBe(await count(() => publicFund(quiet)));
		expect(await count(() => publicLedgerPage(busy, 1, 0))).toBe(await count(() => publicLedgerPage(busy, 100, 0)));
		spy.mockRestore();
		// One page of pledges, whatever the fund holds; the count says how many there are.
		const fund = (await publicFund(busy))!;
		expect(fund.pledges.length).toBe(FUND_PAGE_PLEDGES);
		expect(fund.pledgeCount).toBe(200);
		expect(JSON.stringify(fund)).not.toContain('@');
	});
});
