// Issue #12, cases 4, 5, 6 and 10 with Stripe: money beyond what is due (recorded, then given back), money
// leaving after it came in (disputes, refunds made in Stripe, credit notes of a partly paid invoice), and a
// fund's cash that never shows less than nothing without a trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import {
	auditEvents,
	consortiumProjects,
	ledgerEntries,
	notifications,
	organisations,
	pledges,
	projects,
	stripeRefunds,
	type User
} from '$lib/server/db/schema';
import { approvePledge, callPledges, decideDisbursement, enterPledge, openFund, proposeDisbursement, settleDueFunds } from '$lib/server/funds/commands';
import { recordSubsidyDetails } from '$lib/server/funds/subsidy-records';
import { fundDetails } from './fund-details';
import { fundRefusal } from '$lib/server/funds/refusals';
import { useStripeSettings } from '$lib/server/stripe/client';
import { handleStripeWebhook } from '$lib/server/stripe/webhook';
import { processStripeRefunds } from '$lib/server/stripe/refunds';
import { reconcileStripe } from '$lib/server/stripe/reconcile';
import { createCheckoutSession } from '$lib/server/stripe/payments';
import { unappliedOfFund } from '$lib/server/funds/unapplied';
import { recordDeficitCovered } from '$lib/server/funds/deficit';
import { newId } from '$lib/server/auth/tokens';
import { createUser, outboxFor, proven, useTestDatabase } from './support';
import { activeConsortium, approvedOffer, expectLedgerAgrees, fundInput, ok, organisationWith, vote } from './funds-support';
import { FakeStripe, TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from '../support/fake-stripe';

useTestDatabase();
const fake = new FakeStripe();

let coordinator: User, treasurer: User, mayor: User, agent: User, signer: User, banker: User, banker2: User;
let bethune: string, nevers: string, partner: string, consortiumId: string, projectId: string;

beforeAll(async () => {
	await fake.start();
	useStripeSettings({ secretKey: TEST_SECRET_KEY, webhookSecret: TEST_WEBHOOK_SECRET, apiBase: fake.base });
	[coordinator, treasurer, mayor, agent, signer, banker, banker2] = await Promise.all(Array.from({ length: 7 }, () => createUser()));
	bethune = await organisationWith('city', 'Bethune', { admin: [coordinator], signatory: [treasurer, mayor] });
	nevers = await organisationWith('city', 'Nevers', { member: [agent], signatory: [signer] });
	partner = await organisationWith('partner', 'Banque', { signatory: [banker, banker2] });
	consortiumId = await activeConsortium(bethune, [nevers, partner], coordinator);
	projectId = newId();
	await write(async (tx) => {
		const now = new Date();
		await tx.insert(projects).values({
			id: projectId,
			proposerOrganisationId: bethune,
			title: 'Capteurs',
			summary: 'S',
			theme: 'digital_inclusion',
			status: 'published',
			createdBy: coordinator.id,
			createdAt: now,
			updatedAt: now
		});
		await tx.insert(consortiumProjects).values({ consortiumId, projectId });
	});
});

afterAll(async () => {
	useStripeSettings(undefined);
	await fake.stop();
});

async function deliver(event: unknown) {
	const { payload, signature } = FakeStripe.sign(event);
	return handleStripeWebhook(payload, signature);
}

const pledge = async (id: string) => (await db().select().from(pledges).where(eq(pledges.id, id)))[0];
const totals = async (fundId: string) => (await fundDetails(fundId))!.totals;
const notified = async (userId: string, type: string) =>
	db()
		.select()
		.from(notifications)
		.where(and(eq(notifications.userId, userId), eq(notifications.type, type)));
const audited = async (action: string, objectId: string) =>
	db()
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.action, action), eq(auditEvents.objectId, objectId)));

/** A funded fund holding one pledge of `amountCents` paid through its invoice, by the payment intent `intent`. */
async function fundedAndPaid(amountCents: number, name: string, intent: string) {
	const { id: fundId } = ok(
		await openFund(coordinator, consortiumId, fundInput({ name, capSharePercent: null, targetCents: 100_000_000_00, thresholdCents: 1_00 }))
	);
	const pledgeId = ok(await enterPledge(agent, nevers, fundId, amountCents)).id;
	ok(await approvePledge(proven(signer), pledgeId, vote('DCM-2026-9')));
	ok(await callPledges(coordinator, fundId, [pledgeId], new Date()));
	const invoiceId = (await pledge(pledgeId)).stripeInvoiceId!;
	fake.pay(invoiceId, amountCents);
	const payment = {
		id: `inpay_${intent}`,
		object: 'invoice_payment',
		invoice: invoiceId,
		amount_paid: amountCents,
		status: 'paid',
		payment: { type: 'payment_intent', payment_intent: intent }
	};
	expect((await deliver(fake.event('invoice_payment.paid', payment))).body.outcome).toBe('applied');
	const deadline = (await fundDetails(fundId))!.fund.deadline;
	expect((await settleDueFunds(new Date(deadline.getTime() + 1)))[fundId]).toBe('funded');
	return { fundId, pledgeId };
}

const subsidy = {
	conventionDate: '2026-11-02',
	decisionReference: 'DEL-2026-7',
	nature: 'aide en numéraire',
	paymentConditions: 'unique',
	paymentPeriod: '2026-11-20'
};
const disbursement = (amountCents: number) => ({ projectId, responseId: null, amountCents, description: 'Capteurs posés' });

async function disburse(fundId: string, amountCents: number) {
	const { id } = ok(await proposeDisbursement(treasurer, fundId, disbursement(amountCents)));
	ok(await recordSubsidyDetails(mayor, id, subsidy));
	ok(await decideDisbursement(proven(mayor), id, { approve: true }));
}

describe('disputes (#12 case 6)', () => {
	it('an open dispute holds its money back from disbursements; withdrawn, then won, the money comes back once', async () => {
		const { fundId, pledgeId } = await fundedAndPaid(20_000_00, 'Litige gagné', 'pi_dispute_won');
		const opened = fake.openDispute('pi_dispute_won', 20_000_00);
		expect((await deliver(fake.event('charge.dispute.created', opened))).body.outcome).toBe('recorded');
		expect(await notified(coordinator.id, 'fund.dispute_opened')).toHaveLength(1);
		expect(await audited('pledge.dispute_opened', pledgeId)).toHaveLength(1);
		// Nothing left the account yet, but the payer may take it back: a disbursement is refused, with the figures.
		expect(await totals(fundId)).toMatchObject({ available: 20_000_00, disputed: 0 });
		const refused = await proposeDisbursement(treasurer, fundId, disbursement(5_000_00));
		expect(refused).toEqual({ ok: false, code: 'held_back', heldBackCents: 20_000_00, leftCents: 0 });
		expect(fundRefusal('held_back', refused as { heldBackCents: number; leftCents: number })).toMatch(/20\s000,00\s€.*0,00\s€/);

		const withdrawn = fake.withdrawDisputeFunds(opened.id);
		expect((await deliver(fake.event('charge.dispute.funds_withdrawn', withdrawn))).body.outcome).toBe('applied');
		// Delivered again: moves nothing twice.
		expect((await deliver(fake.event('charge.dispute.funds_withdrawn', withdrawn))).body.outcome).toBe('recorded');
		expect(await totals(fundId)).toMatchObject({ available: 0, disputed: 20_000_00, received: 20_000_00, deficit: 0 });
		await expectLedgerAgrees();

		const won = fake.closeDispute(opened.id, 'won');
		expect((await deliver(fake.event('charge.dispute.funds_reinstated', won))).body.outcome).toBe('applied');
		// The snapshot already said won: the closing event that follows changes nothing.
		expect((await deliver(fake.event('charge.dispute.closed', won))).body.outcome).toBe('nothing_to_change');
		expect(await totals(fundId)).toMatchObject({ available: 20_000_00, disputed: 0, lost: 0, received: 20_000_00, committed: 20_000_00 });
		expect((await pledge(pledgeId)).status).toBe('paid');
		expect(await notified(coordinator.id, 'fund.dispute_won')).toHaveLength(1);
		expect((await audited('pledge.dispute_closed', pledgeId))[0].details).toMatchObject({ status: 'won' });
		// Closed: the money may be disbursed again.
		ok(await proposeDisbursement(treasurer, fundId, disbursement(20_000_00)));
		await expectLedgerAgrees();
	});

	it('a dispute lost after a disbursement books a deficit, never a negative cash, and alerts the coordinator in the app and by email', async () => {
		const { fundId, pledgeId } = await fundedAndPaid(15_000_00, 'Litige perdu', 'pi_dispute_lost');
		await disburse(fundId, 15_000_00);
		const opened = fake.openDispute('pi_dispute_lost', 15_000_00);
		await deliver(fake.event('charge.dispute.created', opened));
		expect((await deliver(fake.event('charge.dispute.funds_withdrawn', fake.withdrawDisputeFunds(opened.id)))).body.outcome).toBe('applied');
		expect(await totals(fundId)).toMatchObject({ available: 0, disputed: 15_000_00, deficit: 15_000_00, disbursed: 15_000_00 });
		expect(await notified(coordinator.id, 'fund.deficit')).toHaveLength(1);
		expect(await notified(treasurer.id, 'fund.deficit')).toHaveLength(1);
		expect((await outboxFor(coordinator.email)).map((mail) => mail.subject).join('\n')).toMatch(/Litige perdu.*déficit.*15\s000,00\s€/);
		expect(await audited('fund.deficit', fundId)).toHaveLength(1);

		expect((await deliver(fake.event('charge.dispute.closed', fake.closeDispute(opened.id, 'lost')))).body.outcome).toBe('applied');
		expect(await totals(fundId)).toMatchObject({ available: 0, disputed: 0, lost: 15_000_00, deficit: 15_000_00, committed: 0 });
		expect((await pledge(pledgeId)).status).toBe('refunded');
		expect(await notified(coordinator.id, 'fund.dispute_lost')).toHaveLength(1);
		await expectLedgerAgrees();
	});

	it('a dispute without its payment intent (older API versions) is found through its charge', async () => {
		const { fundId } = await fundedAndPaid(2_000_00, 'Litige ancienne API', 'pi_dispute_legacy');
		const opened = { ...fake.openDispute('pi_dispute_legacy', 2_000_00), payment_intent: null };
		expect((await deliver(fake.event('charge.dispute.created', opened))).body.outcome).toBe('recorded');
		expect(await proposeDisbursement(treasurer, fundId, disbursement(1_00))).toMatchObject({ ok: false, code: 'held_back' });
		await expectLedgerAgrees();
	});
});

describe('cash never below zero without a trace (#12 case 5)', () => {
	it('a refund made in Stripe after a disbursement books a deficit shown on the fund, and alerts the coordinator', async () => {
		const { fundId, pledgeId } = await fundedAndPaid(15_000_00, 'Remboursé après versement', 'pi_refund_after');
		await disburse(fundId, 15_000_00);
		const charge = { id: 'ch_refund_after', object: 'charge', payment_intent: 'pi_refund_after', amount_refunded: 15_000_00, metadata: {} };
		expect((await deliver(fake.event('charge.refunded', charge))).body.outcome).toBe('applied');
		const after = await totals(fundId);
		expect(after).toMatchObject({ available: 0, refunded: 15_000_00, deficit: 15_000_00, disbursed: 15_000_00 });
		expect((await pledge(pledgeId)).status).toBe('refunded');
		expect((await notified(mayor.id, 'fund.deficit')).filter((n) => n.params.fund === 'Remboursé après versement')).toHaveLength(1);
		await expectLedgerAgrees();
	});

	it('money the coordinator puts back covers the deficit: recorded by a signatory on a second factor, with its bank reference, never beyond the deficit', async () => {
		const { fundId } = await fundedAndPaid(12_000_00, 'Déficit couvert', 'pi_deficit_covered');
		await disburse(fundId, 12_000_00);
		const charge = { id: 'ch_deficit_covered', object: 'charge', payment_intent: 'pi_deficit_covered', amount_refunded: 12_000_00, metadata: {} };
		expect((await deliver(fake.event('charge.refunded', charge))).body.outcome).toBe('applied');
		expect(await totals(fundId)).toMatchObject({ available: 0, deficit: 12_000_00, committed: 0 });

		const cover = (amountCents: number, bankReference: string) => ({ amountCents, bankReference, receivedOn: new Date() });
		expect(await recordDeficitCovered(proven(coordinator), fundId, cover(1_00, 'VIR-BUDGET-1'))).toEqual({ ok: false, code: 'signatories_only' });
		expect(await recordDeficitCovered(proven(signer), fundId, cover(1_00, 'VIR-BUDGET-1'))).toEqual({ ok: false, code: 'coordinators_only' });
		const withoutCode = { ...treasurer, secondFactor: { enrolled: true, passedAt: null } };
		expect(await recordDeficitCovered(withoutCode, fundId, cover(1_00, 'VIR-BUDGET-1'))).toEqual({ ok: false, code: 'second_factor_required' });
		expect(await recordDeficitCovered(proven(treasurer), fundId, cover(12_000_01, 'VIR-BUDGET-1'))).toEqual({ ok: false, code: 'over_deficit' });
		expect(await recordDeficitCovered(proven(treasurer), fundId, cover(5_000_00, ' '))).toEqual({ ok: false, code: 'bank_reference_required' });
		expect(await recordDeficitCovered(proven(treasurer), fundId, cover(5_000_00, 'VIR-BUDGET-1'))).toEqual({ ok: true, deficitCents: 7_000_00 });
		expect(await recordDeficitCovered(proven(mayor), fundId, cover(7_000_00, 'VIR-BUDGET-1'))).toEqual({ ok: false, code: 'duplicate_receipt' });
		expect(await totals(fundId)).toMatchObject({ available: 0, deficit: 7_000_00 });
		await expectLedgerAgrees();
		expect(await recordDeficitCovered(proven(mayor), fundId, cover(7_000_00, 'VIR-BUDGET-2'))).toEqual({ ok: true, deficitCents: 0 });
		expect(await recordDeficitCovered(proven(mayor), fundId, cover(1_00, 'VIR-BUDGET-3'))).toEqual({ ok: false, code: 'no_deficit' });
		// Back to zero with a trace: two entries in the ledger with their references, and the audit names who recorded them.
		expect(await totals(fundId)).toMatchObject({ available: 0, deficit: 0, disbursed: 12_000_00, refunded: 12_000_00, committed: 12_000_00 });
		const entries = await db()
			.select()
			.from(ledgerEntries)
			.where(and(eq(ledgerEntries.fundId, fundId), eq(ledgerEntries.kind, 'deficit_made_good')));
		expect(entries.map((e) => [e.amountCents, e.reference, e.actorUserId])).toEqual([
			[5_000_00, 'VIR-BUDGET-1', treasurer.id],
			[7_000_00, 'VIR-BUDGET-2', mayor.id]
		]);
		expect((await audited('fund.deficit_made_good', fundId)).map((e) => e.actorUserId)).toEqual([treasurer.id, mayor.id]);
		await expectLedgerAgrees();
	});
});

describe('credit notes of a partly paid invoice (#12 case 10)', () => {
	it('a failed fund refunds what was paid and closes the unpaid rest in a way Stripe accepts, whichever step runs first', async () => {
		for (const [name, order] of [
			['Échec, facture payée en partie', 'refund-first'],
			['Échec, facture payée en partie (annulation d’abord)', 'void-first']
		] as const) {
			const { id: fundId } = ok(
				await openFund(coordinator, consortiumId, fundInput({ name, capSharePercent: null, targetCents: 1_000_000_00, thresholdCents: 900_000_00 }))
			);
			const pledgeId = ok(await enterPledge(agent, nevers, fundId, 10_000_00)).id;
			ok(await approvePledge(proven(signer), pledgeId, vote('DCM-2026-10')));
			ok(await callPledges(coordinator, fundId, [pledgeId], new Date()));
			const invoiceId = (await pledge(pledgeId)).stripeInvoiceId!;
			expect((await deliver(fake.event('invoice.updated', fake.pay(invoiceId, 4_000_00)))).body.outcome).toBe('applied');
			const deadline = (await fundDetails(fundId))!.fund.deadline;
			expect((await settleDueFunds(new Date(deadline.getTime() + 1)))[fundId]).toBe('failed');
			const queued = await db().select().from(stripeRefunds).where(eq(stripeRefunds.pledgeId, pledgeId));
			expect(queued.map((r) => [r.kind, r.amountCents]).sort()).toEqual([
				['refund', 4_000_00],
				['void', 0]
			]);
			// The worker takes them one at a time, in either order.
			const first = queued.find((r) => r.kind === (order === 'refund-first' ? 'refund' : 'void'))!;
			await write((tx) =>
				tx
					.update(stripeRefunds)
					.set({ createdAt: new Date(0) })
					.where(eq(stripeRefunds.id, first.id))
			);
			await processStripeRefunds(new Date(deadline.getTime() + 1000));
			const rows = await db().select().from(stripeRefunds).where(eq(stripeRefunds.pledgeId, pledgeId));
			expect(rows.map((r) => [r.kind, r.status, r.lastError])).toEqual(
				expect.arrayContaining([
					['refund', 'done', null],
					['void', 'done', null]
				])
			);
			const invoice = fake.invoice(invoiceId)! as unknown as Record<string, number>;
			expect(invoice).toMatchObject({ amount_remaining: 0, pre_payment_credit_notes_amount: 6_000_00, post_payment_credit_notes_amount: 4_000_00 });
			const notes = [...fake.objects.values()].filter((o) => o.object === 'credit_note' && o.invoice === invoiceId);
			expect(notes.reduce((sum, n) => sum + Number(n.post_payment_amount), 0)).toBe(4_000_00);
			expect((await pledge(pledgeId)).status).toBe('refunded');
			expect(await totals(fundId)).toMatchObject({ received: 4_000_00, refunded: 4_000_00, owed: 0, available: 0 });
		}
		await expectLedgerAgrees();
	});
});

describe('money beyond what is due (#12 case 4)', () => {
	const differencesOf = async (pledgeId: string) =>
		(await reconcileStripe(new Date(Date.now() + 2 * 3_600_000))).differences.filter((d) => d.pledgeId === pledgeId);

	it('an invoice of 1 000 € paid 2 500 €: 1 500 € recorded as unapplied for the organisation, shown, and refunded from the customer balance', async () => {
		const { id: fundId } = ok(
			await openFund(coordinator, consortiumId, fundInput({ name: 'Trop payé', capSharePercent: null, targetCents: 100_000_00, thresholdCents: 1_00 }))
		);
		const pledgeId = ok(await enterPledge(agent, nevers, fundId, 1_000_00)).id;
		ok(await approvePledge(proven(signer), pledgeId, vote('DCM-2026-11')));
		ok(await callPledges(coordinator, fundId, [pledgeId], new Date()));
		const invoiceId = (await pledge(pledgeId)).stripeInvoiceId!;
		const paid = fake.pay(invoiceId, 2_500_00);
		expect((await deliver(fake.event('invoice.paid', paid))).body.outcome).toBe('applied_with_unapplied');
		expect((await deliver(fake.event('invoice.paid', paid))).body.outcome).toBe('nothing_to_change');
		expect(await totals(fundId)).toMatchObject({ received: 1_000_00, available: 1_000_00, unapplied: 1_500_00 });
		expect((await pledge(pledgeId)).status).toBe('paid');
		expect(await unappliedOfFund(fundId)).toEqual([
			expect.objectContaining({ pledgeId, organisation: 'Nevers', unappliedCents: 1_500_00, throughStripe: true })
		]);
		expect((await notified(coordinator.id, 'fund.unapplied_received')).filter((n) => n.params.fund === 'Trop payé')).toHaveLength(1);
		expect(await differencesOf(pledgeId)).toEqual([expect.objectContaining({ what: expect.stringMatching(/^return /) })]);
		await expectLedgerAgrees();

		await processStripeRefunds(new Date(Date.now() + 1000));
		const refund = fake.requests.filter((r) => r.path === '/v1/refunds' && r.params.origin === 'customer_balance').at(-1)!;
		expect(refund.params).toMatchObject({ amount: String(1_500_00), currency: 'eur', customer: fake.invoice(invoiceId)!.customer });
		expect(await totals(fundId)).toMatchObject({ received: 1_000_00, unapplied: 0, returned: 1_500_00 });
		expect(await unappliedOfFund(fundId)).toEqual([]);
		expect(await differencesOf(pledgeId)).toEqual([]);
		await expectLedgerAgrees();
	});

	it('a match paid by Checkout and by its invoice: the invoice payment is unapplied and credited back in full', async () => {
		const { id: fundId } = ok(
			await openFund(coordinator, consortiumId, fundInput({ name: 'Payé deux fois', capSharePercent: null, targetCents: 100_000_00, thresholdCents: 1_00 }))
		);
		const cityPledge = ok(await enterPledge(agent, nevers, fundId, 2_000_00)).id;
		ok(await approvePledge(proven(signer), cityPledge, vote('DCM-2026-12')));
		await approvedOffer(banker, banker2, partner, fundId, {
			ratioPercent: 100,
			capPerPledgeCents: null,
			totalCapCents: 10_000_00,
			onlyIfThresholdReached: false
		});
		const match = (await db().select().from(pledges).where(eq(pledges.fundId, fundId))).find((p) => p.matchesPledgeId === cityPledge)!;
		ok(await callPledges(coordinator, fundId, [match.id], new Date()));
		const [partnerOrg] = await db().select().from(organisations).where(eq(organisations.id, partner));
		await createCheckoutSession(
			{ pledgeId: match.id, fundId, fundName: 'Payé deux fois', amountCents: 2_000_00, deliberation: null, organisation: partnerOrg },
			'http://localhost:4173'
		);
		const sessionId = (await pledge(match.id)).stripeCheckoutSessionId!;
		expect((await deliver(fake.event('checkout.session.completed', fake.completeCheckout(sessionId)))).body.outcome).toBe('applied');
		// The partner's accountant pays the invoice as well, before the void reaches Stripe.
		const invoiceId = (await pledge(match.id)).stripeInvoiceId!;
		expect((await deliver(fake.event('invoice.paid', fake.pay(invoiceId, 2_000_00)))).body.outcome).toBe('unapplied');
		expect(await totals(fundId)).toMatchObject({ received: 2_000_00, unapplied: 2_000_00 });
		await processStripeRefunds(new Date(Date.now() + 1000));
		const note = [...fake.objects.values()].find((o) => o.object === 'credit_note' && o.invoice === invoiceId)!;
		expect(note).toMatchObject({ pre_payment_amount: 0, post_payment_amount: 2_000_00 });
		expect(
			await db()
				.select()
				.from(stripeRefunds)
				.where(and(eq(stripeRefunds.pledgeId, match.id), eq(stripeRefunds.status, 'failed')))
		).toEqual([]);
		expect(await totals(fundId)).toMatchObject({ received: 2_000_00, unapplied: 0, returned: 2_000_00 });
		expect(await differencesOf(match.id)).toEqual([]);
		await expectLedgerAgrees();
	});

	it('an invoice paid after the fund failed, before its void reached Stripe, is recorded and credited back', async () => {
		const { id: fundId } = ok(
			await openFund(
				coordinator,
				consortiumId,
				fundInput({ name: 'Payé après l’échec', capSharePercent: null, targetCents: 1_000_000_00, thresholdCents: 900_000_00 })
			)
		);
		const pledgeId = ok(await enterPledge(agent, nevers, fundId, 3_000_00)).id;
		ok(await approvePledge(proven(signer), pledgeId, vote('DCM-2026-13')));
		ok(await callPledges(coordinator, fundId, [pledgeId], new Date()));
		const deadline = (await fundDetails(fundId))!.fund.deadline;
		expect((await settleDueFunds(new Date(deadline.getTime() + 1)))[fundId]).toBe('failed');
		expect((await pledge(pledgeId)).status).toBe('released');
		const invoiceId = (await pledge(pledgeId)).stripeInvoiceId!;
		expect((await deliver(fake.event('invoice.paid', fake.pay(invoiceId, 3_000_00)))).body.outcome).toBe('unapplied');
		expect(await totals(fundId)).toMatchObject({ received: 0, available: 0, unapplied: 3_000_00 });
		await processStripeRefunds(new Date(deadline.getTime() + 1000));
		expect(fake.invoice(invoiceId)!.status).toBe('paid');
		expect(await totals(fundId)).toMatchObject({ unapplied: 0, returned: 3_000_00 });
		expect((await pledge(pledgeId)).status).toBe('released');
		expect(await differencesOf(pledgeId)).toEqual([]);
		await expectLedgerAgrees();
	});
});
