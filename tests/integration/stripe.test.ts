import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { ledgerEntries, organisations, pledges, stripeEvents, stripeRefunds, type User } from '$lib/server/db/schema';
import { approvePledge, callPledges, enterPledge, openFund, recordReceipt, settleDueFunds } from '$lib/server/funds/commands';
import { fundDetails } from './fund-details';
import { useStripeSettings } from '$lib/server/stripe/client';
import { createCheckoutSession, pledgeForCheckout } from '$lib/server/stripe/payments';
import { handleStripeWebhook } from '$lib/server/stripe/webhook';
import { processStripeRefunds } from '$lib/server/stripe/refunds';
import { reconcileStripe } from '$lib/server/stripe/reconcile';
import { createUser, proven, useTestDatabase } from './support';
import { activeConsortium, approvedOffer, expectLedgerAgrees, fundInput, ok, organisation, organisationWith, vote } from './funds-support';
import { FakeStripe, TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from '../support/fake-stripe';

useTestDatabase();
const fake = new FakeStripe();

let coordinator: User, agent: User, signer: User, lavalAgent: User, lavalSigner: User, partnerSigner: User, partnerSigner2: User;
let bethune: string, nevers: string, laval: string, partner: string, consortiumId: string;

beforeAll(async () => {
	await fake.start();
	useStripeSettings({ secretKey: TEST_SECRET_KEY, webhookSecret: TEST_WEBHOOK_SECRET, apiBase: fake.base });
	[coordinator, agent, signer, lavalAgent, lavalSigner, partnerSigner, partnerSigner2] = await Promise.all(Array.from({ length: 7 }, () => createUser()));
	bethune = await organisation('city', 'Bethune', [[coordinator, 'admin']]);
	nevers = await organisationWith('city', 'Nevers', { member: [agent], signatory: [signer] });
	laval = await organisationWith('city', 'Laval', { admin: [lavalAgent], signatory: [lavalSigner] });
	partner = await organisationWith('partner', 'Banque', { signatory: [partnerSigner, partnerSigner2] });
	await db().update(organisations).set({ siren: '215801943' }).where(eq(organisations.id, nevers));
	consortiumId = await activeConsortium(bethune, [nevers, laval], coordinator);
});

afterAll(async () => {
	useStripeSettings(undefined);
	await fake.stop();
});

beforeEach(() => {
	fake.failNext = 0;
});

/** An open fund with one approved pledge of `amountCents` from Nevers. */
async function approvedPledge(amountCents = 120_000_00, name = 'Fonds Stripe') {
	const { id: fundId } = ok(
		await openFund(coordinator, consortiumId, fundInput({ name, capSharePercent: null, targetCents: 100_000_000_00, thresholdCents: 1_00 }))
	);
	const pledgeId = ok(await enterPledge(agent, nevers, fundId, amountCents)).id;
	ok(await approvePledge(proven(signer), pledgeId, vote('DCM-2026-1')));
	return { fundId, pledgeId };
}

async function pledge(id: string) {
	return (await db().select().from(pledges).where(eq(pledges.id, id)))[0];
}

async function deliver(event: unknown, options: { secret?: string; timestamp?: number; tamper?: boolean } = {}) {
	const { payload, signature } = FakeStripe.sign(event, options.secret, options.timestamp);
	return handleStripeWebhook(options.tamper ? payload.replace('"amount_paid":', '"amount_paid":1') : payload, signature);
}

const receiptsOf = async (pledgeId: string) =>
	(await db().select().from(ledgerEntries).where(eq(ledgerEntries.pledgeId, pledgeId))).filter((e) => e.kind === 'receipt');

describe('Stripe', () => {
	it('calling a pledge sends an invoice payable by bank transfer, with idempotency keys, and a retry never makes a second one', async () => {
		const { fundId, pledgeId } = await approvedPledge();
		// Three failures in a row: the client's two retries (same idempotency key) fail too.
		fake.failNext = 3;
		const before = fake.requests.length;
		expect(await callPledges(coordinator, fundId, [pledgeId], new Date())).toEqual({ ok: false, code: 'stripe_unavailable' });
		expect((await pledge(pledgeId)).status).toBe('approved');
		expect(await callPledges(coordinator, fundId, [pledgeId], new Date())).toEqual({ ok: true, called: 1 });
		const sent = fake.requests.slice(before);

		const customers = sent.filter((r) => r.path === '/v1/customers');
		expect(new Set(customers.map((r) => r.idempotencyKey))).toEqual(new Set([`entente:organisation:${nevers}:customer`]));
		expect(customers[0].params).toMatchObject({ 'metadata[organisationId]': nevers, 'metadata[siren]': '215801943' });
		expect(customers[0].authorization).toBe(`Bearer ${TEST_SECRET_KEY}`);

		const invoiceCreations = sent.filter((r) => r.path === '/v1/invoices');
		expect(invoiceCreations.every((r) => r.idempotencyKey === `entente:pledge:${pledgeId}:invoice`)).toBe(true);
		expect(invoiceCreations.at(-1)!.params).toMatchObject({
			currency: 'eur',
			collection_method: 'send_invoice',
			days_until_due: '30',
			'payment_settings[payment_method_types][0]': 'customer_balance',
			'payment_settings[payment_method_options][customer_balance][funding_type]': 'bank_transfer',
			'payment_settings[payment_method_options][customer_balance][bank_transfer][type]': 'eu_bank_transfer',
			'payment_settings[payment_method_options][customer_balance][bank_transfer][eu_bank_transfer][country]': 'FR',
			'metadata[pledgeId]': pledgeId
		});
		const line = sent.find((r) => r.path === '/v1/invoiceitems')!;
		expect(line.params).toMatchObject({ amount: String(120_000_00), currency: 'eur' });
		expect(line.params.description).toContain('Fonds Stripe');
		expect(line.params.description).toContain('DCM-2026-1');
		expect(line.idempotencyKey).toBe(`entente:pledge:${pledgeId}:line`);
		expect(sent.filter((r) => /finalize$/.test(r.path))[0].idempotencyKey).toBe(`entente:pledge:${pledgeId}:finalize`);
		// One invoice in Stripe, whatever the retries.
		expect([...fake.objects.values()].filter((o) => o.object === 'invoice' && (o.metadata as Record<string, string>).pledgeId === pledgeId)).toHaveLength(1);

		const row = await pledge(pledgeId);
		expect(row).toMatchObject({ status: 'called', stripeStatus: 'open' });
		expect(row.stripeInvoiceUrl).toMatch(/^https:\/\/invoice\.stripe\.test\//);
		expect(row.stripeInvoicePdf).toMatch(/pdf$/);
		expect(Math.round((row.dueDate!.getTime() - Date.now()) / 86_400_000)).toBe(30);
		// The customer is made once per organisation.
		const second = await approvedPledge(10_00, 'Autre fonds');
		ok(await callPledges(coordinator, second.fundId, [second.pledgeId], new Date()));
		expect((await db().select().from(organisations).where(eq(organisations.id, nevers)))[0].stripeCustomerId).toMatch(/^cus_/);
		expect(fake.requests.filter((r) => r.path === '/v1/customers' && r.params['metadata[organisationId]'] === nevers).length).toBe(customers.length);
	});

	it('invoice.paid delivered twice gives one receipt; a forged, tampered or stale delivery changes nothing', async () => {
		const { fundId, pledgeId } = await approvedPledge(50_000_00, 'Deux fois');
		ok(await callPledges(coordinator, fundId, [pledgeId], new Date()));
		const invoiceId = (await pledge(pledgeId)).stripeInvoiceId!;
		const paid = fake.event('invoice.paid', fake.pay(invoiceId, 50_000_00));

		expect((await deliver(paid, { tamper: true })).status).toBe(400);
		expect((await deliver(paid, { secret: 'whsec_wrong' })).status).toBe(400);
		expect((await deliver(paid, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(400);
		expect((await handleStripeWebhook(JSON.stringify(paid), null)).status).toBe(400);
		expect((await pledge(pledgeId)).status).toBe('called');
		expect(await db().select().from(stripeEvents).where(eq(stripeEvents.id, paid.id))).toEqual([]);

		expect(await deliver(paid)).toEqual({ status: 200, body: { received: true, outcome: 'applied' } });
		expect(await deliver(paid)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
		expect(await receiptsOf(pledgeId)).toHaveLength(1);
		expect(await pledge(pledgeId)).toMatchObject({ status: 'paid', stripeStatus: 'paid', stripePaidCents: 50_000_00 });
		expect((await fundDetails(fundId))!.totals.received).toBe(50_000_00);
		await expectLedgerAgrees();
	});

	it('invoice.paid arriving before invoice.finalized ends paid; a partial transfer is recorded as received so far', async () => {
		const { fundId, pledgeId } = await approvedPledge(30_000_00, 'Désordre');
		ok(await callPledges(coordinator, fundId, [pledgeId], new Date()));
		const invoiceId = (await pledge(pledgeId)).stripeInvoiceId!;
		const finalized = fake.event('invoice.finalized', fake.invoice(invoiceId));
		const partial = fake.event('invoice.updated', fake.pay(invoiceId, 10_000_00));
		const paid = fake.event('invoice.paid', fake.pay(invoiceId, 20_000_00));
		// Money for a Stripe invoice is never recorded by hand as well.
		expect(await recordReceipt(coordinator, pledgeId, { amountCents: 1_00, bankReference: 'VIR-MAIN', receivedOn: new Date() })).toEqual({
			ok: false,
			code: 'paid_through_stripe'
		});
		expect((await deliver(paid)).status).toBe(200);
		expect((await deliver(partial)).body.outcome).toBe('nothing_to_change');
		expect((await deliver(finalized)).body.outcome).toBe('nothing_to_change');
		expect(await pledge(pledgeId)).toMatchObject({ status: 'paid', stripeStatus: 'paid', stripePaidCents: 30_000_00 });
		expect((await receiptsOf(pledgeId)).map((r) => r.amountCents)).toEqual([30_000_00]);

		const other = await approvedPledge(40_000_00, 'Partiel');
		ok(await callPledges(coordinator, other.fundId, [other.pledgeId], new Date()));
		const otherInvoice = (await pledge(other.pledgeId)).stripeInvoiceId!;
		expect((await deliver(fake.event('invoice.updated', fake.pay(otherInvoice, 15_000_00)))).body.outcome).toBe('applied');
		expect(await pledge(other.pledgeId)).toMatchObject({ status: 'called', stripePaidCents: 15_000_00 });
		expect((await fundDetails(other.fundId))!.totals).toMatchObject({ received: 15_000_00, called: 25_000_00 });
		// A payment recorded on the invoice, read back from Stripe when the event only names it.
		fake.pay(otherInvoice, 25_000_00);
		expect((await deliver(fake.event('invoice_payment.paid', { id: 'inpay_1', object: 'invoice_payment', invoice: otherInvoice }))).body.outcome).toBe(
			'applied'
		);
		expect((await pledge(other.pledgeId)).status).toBe('paid');
		await expectLedgerAgrees();
	});

	it('acknowledges unknown events, and asks Stripe to retry an event that comes before the call is recorded', async () => {
		expect(await deliver(fake.event('customer.created', { id: 'cus_x', object: 'customer' }))).toEqual({
			status: 200,
			body: { received: true, ignored: true }
		});
		const { pledgeId } = await approvedPledge(1_00, 'Trop tôt');
		const early = fake.event('invoice.paid', { id: 'in_early', object: 'invoice', status: 'paid', amount_paid: 1_00, metadata: { pledgeId } });
		expect((await deliver(early)).status).toBe(503);
		expect(await db().select().from(stripeEvents).where(eq(stripeEvents.id, early.id))).toEqual([]);
	});

	it('50 different events delivered at once all take effect once', async () => {
		const { id: fundId } = ok(
			await openFund(coordinator, consortiumId, fundInput({ name: 'Cinquante', capSharePercent: null, targetCents: 100_000_000_00, thresholdCents: 1_00 }))
		);
		const ids: string[] = [];
		for (let i = 0; i < 25; i++) {
			const id = ok(await enterPledge(agent, nevers, fundId, 1_000_00 + i)).id;
			ok(await approvePledge(proven(signer), id, vote(`P-${i}`)));
			ids.push(id);
		}
		ok(await callPledges(coordinator, fundId, ids, new Date()));
		const events = [];
		for (const id of ids) {
			const invoiceId = (await pledge(id)).stripeInvoiceId!;
			const amount = fake.invoice(invoiceId)!.amount_due;
			events.push(fake.event('invoice.updated', fake.pay(invoiceId, 400_00)));
			events.push(fake.event('invoice.paid', fake.pay(invoiceId, amount - 400_00)));
		}
		const answers = await Promise.all([...events, ...events.slice(0, 10)].map((e) => deliver(e)));
		expect(answers.every((a) => a.status === 200)).toBe(true);
		const rows = await db().select().from(pledges).where(eq(pledges.fundId, fundId));
		expect(rows.every((r) => r.status === 'paid')).toBe(true);
		const totals = (await fundDetails(fundId))!.totals;
		expect(totals.received).toBe(ids.length * 1_000_00 + (ids.length * (ids.length - 1)) / 2);
		expect(totals.called).toBe(0);
		await expectLedgerAgrees();
		expect((await reconcileStripe()).differences.filter((d) => rows.some((r) => r.id === d.pledgeId))).toEqual([]);
	});

	it('a partner pays its match by Checkout; a failed fund refunds through Stripe, once', async () => {
		const { id: fundId } = ok(
			await openFund(coordinator, consortiumId, fundInput({ name: 'Échec Stripe', thresholdCents: 900_000_00, capSharePercent: null }))
		);
		const cityPledge = ok(await enterPledge(lavalAgent, laval, fundId, 100_000_00)).id;
		ok(await approvePledge(proven(lavalSigner), cityPledge, vote('L-77')));
		const unpaid = ok(await enterPledge(agent, nevers, fundId, 5_000_00)).id;
		ok(await approvePledge(proven(signer), unpaid, vote('N-78')));
		await approvedOffer(partnerSigner, partnerSigner2, partner, fundId, {
			ratioPercent: 50,
			capPerPledgeCents: null,
			totalCapCents: 100_000_00,
			onlyIfThresholdReached: false
		});
		const match = (await db().select().from(pledges).where(eq(pledges.fundId, fundId))).find((p) => p.matchOfferId && p.matchesPledgeId === cityPledge)!;
		const otherMatch = (await db().select().from(pledges).where(eq(pledges.fundId, fundId))).find((p) => p.matchOfferId && p.matchesPledgeId === unpaid)!;
		ok(await callPledges(coordinator, fundId, [cityPledge, match.id, unpaid, otherMatch.id], new Date()));

		const [partnerOrg] = await db().select().from(organisations).where(eq(organisations.id, partner));
		const url = await createCheckoutSession(
			{ pledgeId: match.id, fundId, fundName: 'Échec Stripe', amountCents: match.amountCents, deliberation: null, organisation: partnerOrg },
			'http://localhost:4173'
		);
		expect(url).toContain('/checkout/cs_');
		const checkout = fake.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!;
		expect(checkout.params).toMatchObject({
			mode: 'payment',
			'line_items[0][price_data][currency]': 'eur',
			'line_items[0][price_data][unit_amount]': String(50_000_00),
			'metadata[pledgeId]': match.id,
			success_url: 'http://localhost:4173/pledges?checkout=done'
		});
		expect(checkout.idempotencyKey).toBe(`entente:pledge:${match.id}:checkout`);
		const sessionId = (await pledge(match.id)).stripeCheckoutSessionId!;
		expect((await deliver(fake.event('checkout.session.completed', fake.completeCheckout(sessionId)))).body.outcome).toBe('applied');
		expect((await pledge(match.id)).status).toBe('paid');
		// Paid by Checkout: the match's invoice is voided, and a paid match is not offered Checkout again.
		expect(await pledgeForCheckout(match.id, partner, partnerSigner.id)).toBeUndefined();
		expect(await pledgeForCheckout(otherMatch.id, partner, partnerSigner.id)).toMatchObject({ amountCents: 2_500_00 });
		expect(await pledgeForCheckout(otherMatch.id, partner, signer.id)).toBeUndefined();
		const cityInvoice = (await pledge(cityPledge)).stripeInvoiceId!;
		ok(await deliver(fake.event('invoice.paid', fake.pay(cityInvoice, 100_000_00))).then((a) => ({ ok: a.status === 200 })));

		const deadline = (await fundDetails(fundId))!.fund.deadline;
		expect((await settleDueFunds(new Date(deadline.getTime() + 1)))[fundId]).toBe('failed');
		// Owed until Stripe confirms the refund it makes.
		expect((await pledge(cityPledge)).status).toBe('refund_owed');
		const queued = (await db().select().from(stripeRefunds)).filter((r) => r.kind === 'refund');
		expect(
			queued
				.filter((r) => [cityPledge, match.id].includes(r.pledgeId))
				.map((r) => r.amountCents)
				.sort((a, b) => a - b)
		).toEqual([50_000_00, 100_000_00]);

		// The worker runs after the settlement (here an hour ahead, at the fund's deadline), twice.
		await processStripeRefunds(new Date(deadline.getTime() + 1000));
		await processStripeRefunds(new Date(deadline.getTime() + 600_000));
		const creditNotes = fake.requests.filter((r) => r.path === '/v1/credit_notes' && r.params.invoice === cityInvoice);
		expect(creditNotes).toHaveLength(1);
		expect(creditNotes[0].params).toMatchObject({ refund_amount: String(100_000_00) });
		const matchPaymentIntent = (await pledge(match.id)).stripePaymentIntentId!;
		const refunds = fake.requests.filter((r) => r.path === '/v1/refunds' && r.params.payment_intent === matchPaymentIntent);
		expect(refunds).toHaveLength(1);
		expect(refunds[0].params.amount).toBe(String(50_000_00));
		expect(refunds[0].idempotencyKey).toMatch(/^entente:refund:/);
		// Invoices nobody should pay any more are voided: the paid-by-Checkout match's, and the unpaid ones.
		for (const id of [match.id, unpaid, otherMatch.id]) expect(fake.invoice((await pledge(id)).stripeInvoiceId!)!.status, id).toBe('void');
		expect(fake.invoice(cityInvoice)!.status).toBe('paid');
		expect(await db().select().from(stripeRefunds).where(eq(stripeRefunds.status, 'pending'))).toEqual([]);
		expect((await pledge(cityPledge)).status).toBe('refunded');
		// Stripe confirms the refund: already in the ledger, nothing is counted twice.
		const charge = { id: 'ch_1', object: 'charge', payment_intent: matchPaymentIntent, amount_refunded: 50_000_00, metadata: {} };
		expect((await deliver(fake.event('charge.refunded', charge))).body.outcome).toBe('nothing_to_change');
		expect((await fundDetails(fundId))!.totals).toMatchObject({ refunded: 150_000_00, available: 0, committed: 0 });
		await expectLedgerAgrees();
	});

	it('a refund made in Stripe of a partly paid pledge refunds it and no longer expects the rest', async () => {
		const { fundId, pledgeId } = await approvedPledge(10_000_00, 'Remboursé dans Stripe');
		ok(await callPledges(coordinator, fundId, [pledgeId], new Date()));
		const invoiceId = (await pledge(pledgeId)).stripeInvoiceId!;
		expect((await deliver(fake.event('invoice.updated', fake.pay(invoiceId, 4_000_00)))).body.outcome).toBe('applied');
		const charge = { id: 'ch_partial', object: 'charge', payment_intent: null, amount_refunded: 4_000_00, metadata: { pledgeId } };
		expect((await deliver(fake.event('charge.refunded', charge))).body.outcome).toBe('applied');
		expect((await deliver(fake.event('charge.refunded', charge))).body.outcome).toBe('nothing_to_change');
		expect((await pledge(pledgeId)).status).toBe('refunded');
		expect((await fundDetails(fundId))!.totals).toMatchObject({ received: 4_000_00, refunded: 4_000_00, called: 0, released: 6_000_00, available: 0 });
		await expectLedgerAgrees();
	});

	it('stripe:reconcile lists a payment Stripe has and the platform does not', async () => {
		const { fundId, pledgeId } = await approvedPledge(7_00, 'Réconciliation');
		ok(await callPledges(coordinator, fundId, [pledgeId], new Date()));
		const invoiceId = (await pledge(pledgeId)).stripeInvoiceId!;
		expect((await reconcileStripe()).differences.filter((d) => d.pledgeId === pledgeId)).toEqual([]);
		fake.pay(invoiceId, 7_00);
		const { differences } = await reconcileStripe();
		expect(differences.filter((d) => d.pledgeId === pledgeId).map((d) => d.what)).toEqual([`invoice ${invoiceId}: amount paid`, `invoice ${invoiceId}: state`]);
	});
});
