// Issue #12, cases 5, 6 and 10: money leaving through Stripe after it came in (disputes, refunds made in
// Stripe, credit notes of a partly paid invoice), and a fund's cash that never shows less than nothing
// without a trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { auditEvents, consortiumProjects, notifications, pledges, projects, stripeRefunds, type User } from '$lib/server/db/schema';
import { approvePledge, callPledges, decideDisbursement, enterPledge, openFund, proposeDisbursement, settleDueFunds } from '$lib/server/funds/commands';
import { recordSubsidyDetails } from '$lib/server/funds/subsidy-records';
import { fundDetails } from './fund-details';
import { fundRefusal } from '$lib/server/funds/refusals';
import { useStripeSettings } from '$lib/server/stripe/client';
import { handleStripeWebhook } from '$lib/server/stripe/webhook';
import { processStripeRefunds } from '$lib/server/stripe/refunds';
import { newId } from '$lib/server/auth/tokens';
import { createUser, outboxFor, proven, useTestDatabase } from './support';
import { activeConsortium, expectLedgerAgrees, fundInput, ok, organisation, vote } from './funds-support';
import { FakeStripe, TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from '../support/fake-stripe';

useTestDatabase();
const fake = new FakeStripe();

let coordinator: User, treasurer: User, mayor: User, agent: User, signer: User;
let bethune: string, nevers: string, consortiumId: string, projectId: string;

beforeAll(async () => {
	await fake.start();
	useStripeSettings({ secretKey: TEST_SECRET_KEY, webhookSecret: TEST_WEBHOOK_SECRET, apiBase: fake.base });
	[coordinator, treasurer, mayor, agent, signer] = await Promise.all(Array.from({ length: 5 }, () => createUser()));
	bethune = await organisation('city', 'Bethune', [
		[coordinator, 'admin'],
		[treasurer, 'signatory'],
		[mayor, 'signatory']
	]);
	nevers = await organisation('city', 'Nevers', [
		[agent, 'member'],
		[signer, 'signatory']
	]);
	consortiumId = await activeConsortium(bethune, [nevers], coordinator);
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
