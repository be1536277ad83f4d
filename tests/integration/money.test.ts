// Issue #12, without Stripe: refunds owed then made, intents bounded at entry, four-eyes for partners.
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { ledgerEntries, notifications, pledges, type User } from '$lib/server/db/schema';
import { amendPledge, approvePledge, callPledges, enterPledge, offerMatch, openFund, recordReceipt, settleDueFunds } from '$lib/server/funds/commands';
import { fundRefusal } from '$lib/server/funds/refusals';
import { recordRefundMade, refundsOwed } from '$lib/server/funds/refunds';
import { approveMatchOffer, withdrawMatchOffer } from '$lib/server/funds/offers';
import { approversOf } from '$lib/server/funds/approvers';
import { fundDetails } from './fund-details';
import { createSession } from '$lib/server/auth/sessions';
import { write } from '$lib/server/db';
import { load as fundPage } from '../../src/routes/(public)/funds/[id=id]/+page.server';
import { callRoute } from './route-harness';
import { createUser, proven, useTestDatabase } from './support';
import { activeConsortium, expectLedgerAgrees, fundInput, HOUR, ok, organisationWith, vote } from './funds-support';

useTestDatabase();

let coordinator: User,
	coordinatorSigner: User,
	neversAgent: User,
	neversSigner: User,
	lavalAgent: User,
	lavalSigner: User,
	partnerAdmin: User,
	partnerSigner: User,
	partnerSigner2: User;
let bethune: string, nevers: string, laval: string, partner: string, consortiumId: string;

beforeAll(async () => {
	[coordinator, coordinatorSigner, neversAgent, neversSigner, lavalAgent, lavalSigner, partnerAdmin, partnerSigner, partnerSigner2] = await Promise.all(
		Array.from({ length: 9 }, () => createUser())
	);
	partner = await organisationWith('partner', 'Banque', { admin: [partnerAdmin], signatory: [partnerSigner, partnerSigner2] });
	bethune = await organisationWith('city', 'Bethune', { admin: [coordinator], signatory: [coordinatorSigner] });
	nevers = await organisationWith('city', 'Nevers', { member: [neversAgent], signatory: [neversSigner] });
	laval = await organisationWith('city', 'Laval', { admin: [lavalAgent], signatory: [lavalSigner] });
	consortiumId = await activeConsortium(bethune, [nevers, laval], coordinator);
});

const notified = async (userId: string, type: string) =>
	db()
		.select()
		.from(notifications)
		.where(and(eq(notifications.userId, userId), eq(notifications.type, type)));

describe('refunds owed, then made (case 2)', () => {
	it('a failed fund owes what it received; nothing counts as refunded until the coordinator records each transfer', async () => {
		const { id: fundId } = ok(await openFund(coordinator, consortiumId, fundInput({ name: 'Échoué', thresholdCents: 900_000_00 })));
		const paid = ok(await enterPledge(neversAgent, nevers, fundId, 200_000_00)).id;
		const partly = ok(await enterPledge(lavalAgent, laval, fundId, 100_000_00)).id;
		ok(await approvePledge(proven(neversSigner), paid, vote('N-1')));
		ok(await approvePledge(proven(lavalSigner), partly, vote('L-1')));
		ok(await callPledges(coordinator, fundId, [paid, partly], new Date(Date.now() + 24 * HOUR)));
		ok(await recordReceipt(coordinator, paid, { amountCents: 200_000_00, bankReference: 'VIR-N', receivedOn: new Date() }));
		ok(await recordReceipt(coordinator, partly, { amountCents: 40_000_00, bankReference: 'VIR-L', receivedOn: new Date() }));
		const deadline = (await fundDetails(fundId))!.fund.deadline;
		expect((await settleDueFunds(new Date(deadline.getTime() + 1)))[fundId]).toBe('failed');

		// The money is still in the coordinator's account: owed, not available, not refunded.
		let details = (await fundDetails(fundId))!;
		expect(details.totals).toMatchObject({ received: 240_000_00, owed: 240_000_00, refunded: 0, available: 0, committed: 0 });
		expect(details.pledges.filter((p) => [paid, partly].includes(p.id)).map((p) => p.status)).toEqual(['refund_owed', 'refund_owed']);
		const kinds = (await db().select().from(ledgerEntries).where(eq(ledgerEntries.fundId, fundId))).map((e) => e.kind);
		expect(kinds).not.toContain('refund');
		expect(kinds).not.toContain('refund_made');
		expect(await notified(neversSigner.id, 'fund.refund_owed')).toHaveLength(1);
		expect((await notified(neversSigner.id, 'fund.refund_owed'))[0].params).toMatchObject({ amountCents: String(200_000_00) });
		// The dashboard's list of refunds still owed.
		expect((await refundsOwed(fundId)).map((r) => [r.organisation, r.owedCents])).toEqual([
			['Laval', 40_000_00],
			['Nevers', 200_000_00]
		]);
		await expectLedgerAgrees();

		// Recorded by the coordinator only, with a bank reference, never more than owed nor in the future.
		const made = (amountCents: number, bankReference = 'RBT-1', sentOn = new Date()) => ({ amountCents, bankReference, sentOn });
		expect(await recordRefundMade(neversSigner, paid, made(1_00))).toEqual({ ok: false, code: 'coordinators_only' });
		expect(await recordRefundMade(coordinator, paid, made(200_000_01))).toEqual({ ok: false, code: 'over_owed' });
		expect(await recordRefundMade(coordinator, paid, made(1_00, '  '))).toEqual({ ok: false, code: 'bank_reference_required' });
		expect(await recordRefundMade(coordinator, paid, made(1_00, 'RBT-1', new Date(Date.now() + 72 * HOUR)))).toEqual({ ok: false, code: 'sent_in_future' });
		// Partial, then the rest; the same transfer is not recorded twice.
		expect(await recordRefundMade(coordinator, paid, made(120_000_00, 'RBT-1'))).toEqual({ ok: true, done: false });
		expect(await recordRefundMade(coordinator, paid, made(80_000_00, 'RBT-1'))).toEqual({ ok: false, code: 'duplicate_refund' });
		details = (await fundDetails(fundId))!;
		expect(details.totals).toMatchObject({ owed: 120_000_00, refunded: 120_000_00 });
		expect(details.pledges.find((p) => p.id === paid)!.status).toBe('refund_owed');
		expect(await recordRefundMade(coordinator, paid, made(80_000_00, 'RBT-2'))).toEqual({ ok: true, done: true });
		expect(await recordRefundMade(coordinator, paid, made(1_00, 'RBT-3'))).toEqual({ ok: false, code: 'nothing_owed' });
		expect((await db().select().from(pledges).where(eq(pledges.id, paid)))[0].status).toBe('refunded');
		const entries = (await db().select().from(ledgerEntries).where(eq(ledgerEntries.pledgeId, paid))).filter((e) => e.kind === 'refund_made');
		expect(entries.map((e) => [e.amountCents, e.reference, e.actorUserId])).toEqual([
			[120_000_00, 'RBT-1', coordinator.id],
			[80_000_00, 'RBT-2', coordinator.id]
		]);
		const told = await notified(neversAgent.id, 'fund.refund_made');
		expect(told).toHaveLength(0); // a member without a role in money matters is not told
		expect((await notified(neversSigner.id, 'fund.refund_made')).map((n) => (n.params as Record<string, string>).reference)).toEqual(['RBT-1', 'RBT-2']);
		expect((await refundsOwed(fundId)).map((r) => r.organisation)).toEqual(['Laval']);
		expect((await fundDetails(fundId))!.totals).toMatchObject({ owed: 40_000_00, refunded: 200_000_00, available: 0 });
		await expectLedgerAgrees();
	});
});

describe('intents bounded at entry (case 8)', () => {
	it('refuses, with the figure, an intent over the member cap or over what is left of the target; one open intent per organisation', async () => {
		const { id: fundId } = ok(
			await openFund(
				coordinator,
				consortiumId,
				fundInput({ name: 'Borné', targetCents: 200_000_00, thresholdCents: 100_000_00, capAmountCents: 60_000_00, capSharePercent: null })
			)
		);
		// Absurd amounts are refused before anyone votes, with what is left.
		expect(await enterPledge(neversAgent, nevers, fundId, 99_999_999_999_99)).toEqual({ ok: false, code: 'intent_over_member_cap', leftCents: 60_000_00 });
		const refusal = await enterPledge(neversAgent, nevers, fundId, 70_000_00);
		expect(refusal).toEqual({ ok: false, code: 'intent_over_member_cap', leftCents: 60_000_00 });
		expect(fundRefusal('intent_over_member_cap', { leftCents: 60_000_00 }).replace(/\s/g, ' ')).toMatch(/60[  ]000,00/);
		const intent = ok(await enterPledge(neversAgent, nevers, fundId, 50_000_00)).id;
		// A second intent is an amendment of the first; the amendment is bounded the same way.
		expect(await enterPledge(neversAgent, nevers, fundId, 50_000_00)).toEqual({ ok: false, code: 'intent_exists' });
		expect(await amendPledge(neversAgent, intent, 70_000_00)).toEqual({ ok: false, code: 'intent_over_member_cap', leftCents: 60_000_00 });
		expect(await amendPledge(neversAgent, intent, 60_000_00)).toEqual({ ok: true });
		ok(await approvePledge(proven(neversSigner), intent, vote('N-8')));
		// Once Nevers' 60 000 € are committed, nothing more of Nevers fits under its cap.
		expect(await enterPledge(neversAgent, nevers, fundId, 1_00)).toEqual({ ok: false, code: 'intent_over_member_cap', leftCents: 0 });
		// What is left of the target bounds the others: 200 000 − 60 000 = 140 000 €, capped at 60 000 € each.
		const lavalIntent = ok(await enterPledge(lavalAgent, laval, fundId, 60_000_00)).id;
		ok(await approvePledge(proven(lavalSigner), lavalIntent, vote('L-8')));
		const bethuneIntent = ok(await enterPledge(coordinator, bethune, fundId, 10_000_00)).id;
		ok(await approvePledge(proven(coordinatorSigner), bethuneIntent, vote('B-8')));
		expect(await enterPledge(neversAgent, nevers, fundId, 1_00)).toEqual({ ok: false, code: 'intent_over_member_cap', leftCents: 0 });
		expect(await amendPledge(coordinator, bethuneIntent, 20_000_00)).toEqual({ ok: false, code: 'invalid_transition' });

		// Without a cap, what is left under the target is the bound.
		const { id: uncapped } = ok(
			await openFund(coordinator, consortiumId, fundInput({ name: 'Sans plafond', targetCents: 100_000_00, thresholdCents: 50_000_00, capSharePercent: null }))
		);
		expect(await enterPledge(neversAgent, nevers, uncapped, 99_999_999_999_99)).toEqual({ ok: false, code: 'intent_over_target', leftCents: 100_000_00 });
		const big = ok(await enterPledge(neversAgent, nevers, uncapped, 80_000_00)).id;
		ok(await approvePledge(proven(neversSigner), big, vote('N-9')));
		expect(await enterPledge(lavalAgent, laval, uncapped, 30_000_00)).toEqual({ ok: false, code: 'intent_over_target', leftCents: 20_000_00 });
		expect(fundRefusal('intent_over_target', { leftCents: 20_000_00 }).replace(/\s/g, ' ')).toMatch(/20[  ]000,00/);
		await expectLedgerAgrees();
	});
});

describe('four-eyes for partners (case 7)', () => {
	it('a match offer binds only once a signatory of the partner who did not enter it approves it with the decision', async () => {
		const { id: fundId } = ok(await openFund(coordinator, consortiumId, fundInput({ name: 'Abondement', capSharePercent: null })));
		const city = ok(await enterPledge(neversAgent, nevers, fundId, 100_000_00)).id;
		ok(await approvePledge(proven(neversSigner), city, vote('N-7')));
		// An admin of the partner alone enters an unconditional offer of 100 000 €: nothing is committed yet.
		const offer = ok(
			await offerMatch(partnerAdmin, partner, fundId, { ratioPercent: 100, capPerPledgeCents: null, totalCapCents: 100_000_00, onlyIfThresholdReached: false })
		);
		expect(offer.matchedCents).toBe(0);
		let details = (await fundDetails(fundId))!;
		expect(details.pledges.filter((p) => p.matchOfferId)).toEqual([]);
		expect(details.totals).toMatchObject({ committed: 100_000_00, matched: 0 });
		expect(details.offers.map((o) => o.status)).toEqual(['proposed']);
		expect(await notified(partnerSigner.id, 'fund.match_to_approve')).toHaveLength(1);
		// Not by the person who entered it, not by an admin, not by another organisation, not without a decision.
		expect(await approveMatchOffer(proven(partnerAdmin), offer.id, vote('CA-1'))).toEqual({ ok: false, code: 'signatories_only' });
		expect(await approveMatchOffer(proven(neversSigner), offer.id, vote('CA-1'))).toEqual({ ok: false, code: 'signatories_only' });
		expect(await approveMatchOffer(proven(partnerSigner), offer.id, { reference: '', date: new Date() })).toEqual({
			ok: false,
			code: 'deliberation_number_format'
		});
		// A signatory who entered an offer cannot approve it either.
		const own = ok(
			await offerMatch(partnerSigner2, partner, fundId, { ratioPercent: 10, capPerPledgeCents: null, totalCapCents: 1_000_00, onlyIfThresholdReached: true })
		);
		expect(await approveMatchOffer(proven(partnerSigner2), own.id, vote('CA-2'))).toEqual({ ok: false, code: 'own_offer' });

		expect(await approveMatchOffer(proven(partnerSigner), offer.id, vote('CA-2026-12'))).toEqual({ ok: true, matchedCents: 100_000_00 });
		expect(await approveMatchOffer(proven(partnerSigner2), offer.id, vote('CA-2026-12'))).toEqual({ ok: false, code: 'invalid_transition' });
		details = (await fundDetails(fundId))!;
		const match = details.pledges.find((p) => p.matchOfferId === offer.id)!;
		expect(match).toMatchObject({ status: 'approved', amountCents: 100_000_00, approvedBy: partnerSigner.id, deliberationReference: 'CA-2026-12' });
		expect(details.totals).toMatchObject({ committed: 200_000_00, matched: 100_000_00 });
		expect(details.offers.find((o) => o.id === offer.id)).toMatchObject({ status: 'active', decisionReference: 'CA-2026-12', approvedBy: partnerSigner.id });
		await expectLedgerAgrees();
	});
});

describe('four-eyes for partners: the matches an offer makes later (case 7)', () => {
	it('while proposed, nothing is matched; once approved, every match (at once, on a later approval, at the threshold) is an approved pledge carrying the partner’s decision', async () => {
		const { id: fundId } = ok(
			await openFund(coordinator, consortiumId, fundInput({ name: 'Abondement suivi', thresholdCents: 30_000_00, capSharePercent: null }))
		);
		const first = ok(await enterPledge(neversAgent, nevers, fundId, 10_000_00)).id;
		ok(await approvePledge(proven(neversSigner), first, vote('N-20')));
		const offer = ok(
			await offerMatch(partnerAdmin, partner, fundId, { ratioPercent: 50, capPerPledgeCents: null, totalCapCents: 50_000_00, onlyIfThresholdReached: false })
		).id;
		// A city pledge approved while the offer awaits its second person is not matched either.
		const whileProposed = ok(await enterPledge(lavalAgent, laval, fundId, 20_000_00)).id;
		ok(await approvePledge(proven(lavalSigner), whileProposed, vote('L-20')));
		const matches = async () => (await fundDetails(fundId))!.pledges.filter((p) => p.matchOfferId);
		expect(await matches()).toEqual([]);
		// Public money moves on a second factor, for a partner as for a city.
		const withoutCode = { ...partnerSigner, secondFactor: { enrolled: true, passedAt: null } };
		expect(await approveMatchOffer(withoutCode, offer, vote('CA-2026-20'))).toEqual({ ok: false, code: 'second_factor_required' });
		expect(await approveMatchOffer(proven(partnerSigner), offer, vote('CA-2026-20'))).toEqual({ ok: true, matchedCents: 15_000_00 });

		// A member pledge approved after the offer binds is matched on approval, under the same decision.
		const later = ok(await enterPledge(coordinator, bethune, fundId, 8_000_00)).id;
		ok(await approvePledge(proven(coordinatorSigner), later, vote('B-20')));
		// A conditional offer, approved by a second person, matches only once the threshold is reached.
		const conditional = ok(
			await offerMatch(partnerSigner2, partner, fundId, { ratioPercent: 10, capPerPledgeCents: null, totalCapCents: 10_000_00, onlyIfThresholdReached: true })
		).id;
		expect(await approveMatchOffer(proven(partnerSigner), conditional, vote('CA-2026-21'))).toEqual({ ok: true, matchedCents: 0 });
		const deadline = (await fundDetails(fundId))!.fund.deadline;
		expect((await settleDueFunds(new Date(deadline.getTime() + 1)))[fundId]).toBe('funded');

		const made = (await matches()).map((p) => [p.matchesPledgeId, p.matchOfferId, p.amountCents, p.status, p.approvedBy, p.deliberationReference]);
		expect(made.sort()).toEqual(
			[
				[first, offer, 5_000_00, 'approved', partnerSigner.id, 'CA-2026-20'],
				[whileProposed, offer, 10_000_00, 'approved', partnerSigner.id, 'CA-2026-20'],
				[later, offer, 4_000_00, 'approved', partnerSigner.id, 'CA-2026-20'],
				[first, conditional, 1_000_00, 'approved', partnerSigner.id, 'CA-2026-21'],
				[whileProposed, conditional, 2_000_00, 'approved', partnerSigner.id, 'CA-2026-21'],
				[later, conditional, 800_00, 'approved', partnerSigner.id, 'CA-2026-21']
			].sort()
		);
		expect((await fundDetails(fundId))!.totals).toMatchObject({ matched: 22_800_00, committed: 60_800_00 });
		await expectLedgerAgrees();
	});
});

describe('a proposed match offer withdrawn by its partner', () => {
	it('the partner takes back an offer nobody approved; an approved offer binds and stays', async () => {
		const { id: fundId } = ok(await openFund(coordinator, consortiumId, fundInput({ name: 'Offre retirée', capSharePercent: null })));
		const city = ok(await enterPledge(neversAgent, nevers, fundId, 10_000_00)).id;
		ok(await approvePledge(proven(neversSigner), city, vote('N-W')));
		const terms = { ratioPercent: 50, capPerPledgeCents: null, totalCapCents: 5_000_00, onlyIfThresholdReached: false };
		const offer = ok(await offerMatch(partnerAdmin, partner, fundId, terms)).id;
		// Not by another organisation, not from another fund's page.
		expect(await withdrawMatchOffer(neversSigner, fundId, offer)).toEqual({ ok: false, code: 'forbidden' });
		const { id: otherFund } = ok(await openFund(coordinator, consortiumId, fundInput({ name: 'Autre', capSharePercent: null })));
		expect(await withdrawMatchOffer(partnerAdmin, otherFund, offer)).toEqual({ ok: false, code: 'not_found' });
		expect(await withdrawMatchOffer(partnerAdmin, fundId, offer)).toEqual({ ok: true });
		expect(await withdrawMatchOffer(partnerAdmin, fundId, offer)).toEqual({ ok: false, code: 'invalid_transition' });
		// Withdrawn, it can no longer be approved, and nothing was matched.
		expect(await approveMatchOffer(proven(partnerSigner), offer, vote('CA-W'))).toEqual({ ok: false, code: 'invalid_transition' });
		expect((await fundDetails(fundId))!.offers.map((o) => o.status)).toEqual(['withdrawn']);
		expect((await fundDetails(fundId))!.totals.matched).toBe(0);
		// An approved offer binds: it is not withdrawn this way.
		const bound = ok(await offerMatch(partnerAdmin, partner, fundId, terms)).id;
		ok(await approveMatchOffer(proven(partnerSigner), bound, vote('CA-B')));
		expect(await withdrawMatchOffer(partnerSigner2, fundId, bound)).toEqual({ ok: false, code: 'invalid_transition' });
		await expectLedgerAgrees();
	});
});

describe('one-signatory organisations (case 9)', () => {
	it('names who may approve an intent, and nobody when the only signatory shaped it', async () => {
		const [admin, onlySigner] = await Promise.all([createUser(), createUser()]);
		const small = await organisationWith('city', 'Petiteville', { admin: [admin], signatory: [onlySigner] });
		const consortium = await activeConsortium(bethune, [small], coordinator);
		const { id: fundId } = ok(await openFund(coordinator, consortium, fundInput({ name: 'Petit fonds', capSharePercent: null })));
		const { id: otherFund } = ok(await openFund(coordinator, consortium, fundInput({ name: 'Autre petit fonds', capSharePercent: null })));
		// The admin enters: the only signatory approves it; the page names that person.
		const byAdmin = ok(await enterPledge(admin, small, fundId, 10_000_00)).id;
		// The only signatory enters: nobody can approve it until a second signatory exists.
		const bySigner = ok(await enterPledge(onlySigner, small, otherFund, 10_000_00)).id;
		const approvers = await approversOf(small, [byAdmin, bySigner]);
		expect(approvers.get(byAdmin)).toEqual([onlySigner.name]);
		expect(approvers.get(bySigner)).toEqual([]);
		expect(await approvePledge(proven(onlySigner), bySigner, vote('P-1'))).toEqual({ ok: false, code: 'own_pledge' });
		expect((await approvePledge(proven(onlySigner), byAdmin, vote('P-2'))).ok).toBe(true);
		// The signatory who amends an intent is no longer one who may approve it.
		expect(await enterPledge(admin, small, otherFund, 1_00)).toEqual({ ok: false, code: 'intent_exists' });
		expect(await amendPledge(onlySigner, bySigner, 20_000_00)).toEqual({ ok: true });
		expect((await approversOf(small, [bySigner])).get(bySigner)).toEqual([]);
		await expectLedgerAgrees();
	});
});

describe('one-signatory partners (case 9)', () => {
	it('the fund page names who may approve an offer, and says nobody can when the only signatory entered it', async () => {
		const [admin, onlySigner] = await Promise.all([createUser({ name: 'Alice Admin' }), createUser({ name: 'Sam Signataire' })]);
		const small = await organisationWith('partner', 'Petite banque', { admin: [admin], signatory: [onlySigner] });
		const { id: fundId } = ok(await openFund(coordinator, consortiumId, fundInput({ name: 'Offres d’une petite banque', capSharePercent: null })));
		const terms = { ratioPercent: 10, capPerPledgeCents: null, totalCapCents: 1_000_00, onlyIfThresholdReached: false };
		const byAdmin = ok(await offerMatch(admin, small, fundId, terms)).id;
		const bySigner = ok(await offerMatch(onlySigner, small, fundId, terms)).id;
		const offersSeenBy = async (user: User) => {
			const { token } = await write((tx) => createSession(tx, user.id));
			const outcome = await callRoute({ token, path: `/funds/${fundId}`, params: { id: fundId } }, fundPage as never);
			if (outcome.kind !== 'ok') throw new Error(JSON.stringify(outcome));
			const offers = (outcome.data as { ownOffers: { id: string; approval: string; approvers: string[] }[] }).ownOffers;
			return Object.fromEntries(offers.map((o) => [o.id === byAdmin ? 'byAdmin' : 'bySigner', [o.approval, o.approvers]]));
		};
		// The admin is told the signatory approves its offer, and that nobody can approve the signatory's own.
		expect(await offersSeenBy(admin)).toEqual({ byAdmin: ['not_signatory', ['Sam Signataire']], bySigner: ['not_signatory', []] });
		expect(await offersSeenBy(onlySigner)).toEqual({ byAdmin: ['form', ['Sam Signataire']], bySigner: ['own', []] });
		// And the commands agree.
		expect(await approveMatchOffer(proven(onlySigner), bySigner, vote('CA-P-1'))).toEqual({ ok: false, code: 'own_offer' });
		expect((await approveMatchOffer(proven(onlySigner), byAdmin, vote('CA-P-2'))).ok).toBe(true);
		await expectLedgerAgrees();
	});
});
