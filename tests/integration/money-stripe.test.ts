// Issue #12, with Stripe: the paths real money takes (concurrent calls, refunds, disputes, overpayments).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { notifications, organisations, outbox, pledges, stripeRefunds, type User } from '$lib/server/db/schema';
import { extractText } from 'unpdf';
import { paymentNoticeFor, renderPaymentNotice } from '$lib/server/funds/payment-notice';
import { formatIban, formatReference } from '$lib/domain/receiving-account';
import { approvePledge, callPledges, enterPledge, openFund } from '$lib/server/funds/commands';
import { useStripeSettings } from '$lib/server/stripe/client';
import { fundDetails } from './fund-details';
import { handleStripeWebhook } from '$lib/server/stripe/webhook';
import { createUser, proven, useTestDatabase } from './support';
import { activeConsortium, expectLedgerAgrees, fundInput, ok, organisation, vote } from './funds-support';
import { FakeStripe, TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from '../support/fake-stripe';

useTestDatabase();
const fake = new FakeStripe();

let coordinator: User, agent: User, signer: User;
let bethune: string, nevers: string, consortiumId: string;

beforeAll(async () => {
	await fake.start();
	useStripeSettings({ secretKey: TEST_SECRET_KEY, webhookSecret: TEST_WEBHOOK_SECRET, apiBase: fake.base });
	[coordinator, agent, signer] = await Promise.all(Array.from({ length: 3 }, () => createUser()));
	bethune = await organisation('city', 'Bethune', [[coordinator, 'admin']]);
	nevers = await organisation('city', 'Nevers', [
		[agent, 'member'],
		[signer, 'signatory']
	]);
	consortiumId = await activeConsortium(bethune, [nevers], coordinator);
});

afterAll(async () => {
	useStripeSettings(undefined);
	await fake.stop();
});

async function approvedPledge(amountCents: number, name: string) {
	const { id: fundId } = ok(
		await openFund(coordinator, consortiumId, fundInput({ name, capSharePercent: null, targetCents: 100_000_000_00, thresholdCents: 1_00 }))
	);
	const pledgeId = ok(await enterPledge(agent, nevers, fundId, amountCents)).id;
	ok(await approvePledge(proven(signer), pledgeId, vote('DCM-2026-1')));
	return { fundId, pledgeId };
}

async function deliver(event: unknown, options: { timestamp?: number } = {}) {
	const { payload, signature } = FakeStripe.sign(event, undefined, options.timestamp);
	return handleStripeWebhook(payload, signature);
}

const notifiedOf = async (userId: string, type: string) =>
	db()
		.select()
		.from(notifications)
		.where(and(eq(notifications.userId, userId), eq(notifications.type, type)));

const pledge = async (id: string) => (await db().select().from(pledges).where(eq(pledges.id, id)))[0];

/** The PDF's text with every kind of space made plain, as a reader would compare it. */
const pdfText = async (bytes: Uint8Array) => (await extractText(bytes, { mergePages: true })).text.replace(/[\s\u00a0\u202f]+/g, ' ');

describe('the avis de paiement with Stripe names the invoice’s virtual IBAN (#12 case 1)', () => {
	it('asks Stripe for the customer’s bank-transfer funding instructions at the call, keeps them, and prints them instead of the fund’s account', async () => {
		const { fundId, pledgeId } = await approvedPledge(18_000_00, 'Avis Stripe');
		ok(await callPledges(coordinator, fundId, [pledgeId], new Date()));
		const asked = fake.requestsTo(/\/funding_instructions$/);
		expect(asked.at(-1)?.params).toMatchObject({
			funding_type: 'bank_transfer',
			currency: 'eur',
			'bank_transfer[type]': 'eu_bank_transfer',
			'bank_transfer[eu_bank_transfer][country]': 'FR'
		});
		const row = await pledge(pledgeId);
		const customer = (await db().select().from(organisations).where(eq(organisations.id, nevers)))[0].stripeCustomerId!;
		const virtualIban = FakeStripe.virtualIban(Number(customer.replace(/\D/g, '')));
		expect([row.stripeTransferIban, row.stripeTransferBic]).toEqual([virtualIban, 'SXPYFRP1']);
		// The call email's own text names that account too, not the fund's.
		const [mail] = await db()
			.select()
			.from(outbox)
			.where(and(eq(outbox.recipient, signer.email), like(outbox.subject, 'Appel de fonds « Avis Stripe »%')));
		const body = mail.textBody.replace(/[\s\u00a0\u202f]+/g, ' ');
		expect(body).toContain('Montant à payer : 18 000,00 €');
		expect(body).toContain(`Référence à indiquer sur le virement : ${formatReference(row.paymentReference!)}`);
		expect(body).toContain('Bénéficiaire : Bethune — titulaire du compte : Stripe Technology Europe Limited');
		expect(body).toContain(`IBAN : ${formatIban(virtualIban)} — BIC : SXPYFRP1`);
		expect(body).not.toContain('FR76 1007 1620');

		const found = await paymentNoticeFor(agent, pledgeId);
		if (!found.ok) throw new Error(found.code);
		expect(found.notice).toMatchObject({
			viaStripe: true,
			iban: virtualIban,
			bic: 'SXPYFRP1',
			holder: 'Stripe Technology Europe Limited',
			amountCents: 18_000_00
		});
		const text = await pdfText(await renderPaymentNotice(found.notice));
		expect(text).toContain(formatIban(virtualIban));
		expect(text).toContain('18 000,00 €');
		expect(text).toContain(formatReference(row.paymentReference!));
		// The fund's own account (approved in funds-support) is not the one to credit here.
		expect(text).not.toContain('FR76 1007 1620');
		// In English for an English reader (an email's recipient).
		expect(await pdfText(await renderPaymentNotice(found.notice, new Date(), 'en'))).toContain('Payment notice');

		// A pledge called before the account was recorded: the notice asks Stripe, and records what it says.
		await db().update(pledges).set({ stripeTransferIban: null, stripeTransferBic: null, stripeTransferHolder: null }).where(eq(pledges.id, pledgeId));
		const again = await paymentNoticeFor(signer, pledgeId);
		expect(again.ok && again.notice.iban).toBe(virtualIban);
		expect((await pledge(pledgeId)).stripeTransferIban).toBe(virtualIban);
		await expectLedgerAgrees();
	});
});

describe('money with Stripe (#12)', () => {
	it('case 3: two concurrent calls of one pledge make one call, one invoice, and void nothing', async () => {
		const { fundId, pledgeId } = await approvedPledge(40_000_00, 'Deux onglets');
		const answers = await Promise.all([callPledges(coordinator, fundId, [pledgeId], new Date()), callPledges(coordinator, fundId, [pledgeId], new Date())]);
		expect(answers.map((a) => a.ok)).toEqual([true, true]);
		expect(answers.map((a) => (a.ok ? a.called : -1)).sort()).toEqual([0, 1]);
		const row = await pledge(pledgeId);
		expect(row.status).toBe('called');
		const invoices = [...fake.objects.values()].filter((o) => o.object === 'invoice' && (o.metadata as Record<string, string>).pledgeId === pledgeId);
		expect(invoices.map((i) => i.id)).toEqual([row.stripeInvoiceId]);
		expect(await db().select().from(stripeRefunds).where(eq(stripeRefunds.pledgeId, pledgeId))).toEqual([]);
		expect(fake.invoice(row.stripeInvoiceId!)!.status).toBe('open');
		await expectLedgerAgrees();
	});
});

describe('webhook robustness (case 9)', () => {
	it('a signed but malformed event answers 400, a signature from the future is refused, and a late invoice.voided never overrides a payment', async () => {
		for (const body of [
			{ id: 'evt_null', object: 'event', type: 'invoice.paid', data: { object: null } },
			{ id: 'evt_noid', object: 'event', type: 'charge.refunded', data: { object: { object: 'charge' } } },
			{ id: 'evt_nodata', object: 'event', type: 'invoice.paid' },
			{ id: 'evt_pay', object: 'event', type: 'invoice_payment.paid', data: { object: { id: 'inpay_x', invoice: null } } }
		]) {
			const answer = await deliver(body);
			expect(answer, body.id).toEqual({ status: 400, body: { error: 'malformed_event' } });
		}
		const nothing = FakeStripe.sign('null');
		expect((await handleStripeWebhook(nothing.payload, nothing.signature)).status).toBe(400);
		const { fundId, pledgeId } = await approvedPledge(30_000_00, 'Annulation tardive');
		ok(await callPledges(coordinator, fundId, [pledgeId], new Date()));
		const invoiceId = (await pledge(pledgeId)).stripeInvoiceId!;
		const open = fake.invoice(invoiceId)!;
		const paid = fake.event('invoice.paid', fake.pay(invoiceId, 30_000_00));
		// From ten minutes in the future: refused.
		expect((await deliver(paid, { timestamp: Math.floor(Date.now() / 1000) + 600 })).status).toBe(400);
		expect((await deliver(paid)).body.outcome).toBe('applied');
		// A void queued before the payment arrived reaches Stripe's snapshot late: the payment stands.
		const voided = fake.event('invoice.voided', { ...structuredClone(open), status: 'void' });
		expect((await deliver(voided)).status).toBe(200);
		expect(await pledge(pledgeId)).toMatchObject({ status: 'paid', stripeStatus: 'paid', stripePaidCents: 30_000_00 });
		expect(await notifiedOf(coordinator.id, 'fund.invoice_voided')).toEqual([]);
		await expectLedgerAgrees();
	});
});

describe('refunds of invoice payments made in Stripe (#12 case 6)', () => {
	it('charge.refunded of an invoice payment finds its pledge through the payment intent of invoice_payment.paid', async () => {
		const { fundId, pledgeId } = await approvedPledge(12_000_00, 'Facture remboursée');
		ok(await callPledges(coordinator, fundId, [pledgeId], new Date()));
		const invoiceId = (await pledge(pledgeId)).stripeInvoiceId!;
		fake.pay(invoiceId, 12_000_00);
		// Stripe's InvoicePayment (API 2025-03-31 and later): the invoice and the payment that paid it.
		const payment = {
			id: 'inpay_refunded',
			object: 'invoice_payment',
			invoice: invoiceId,
			amount_paid: 12_000_00,
			status: 'paid',
			payment: { type: 'payment_intent', payment_intent: 'pi_invoice_refunded' }
		};
		expect((await deliver(fake.event('invoice_payment.paid', payment))).body.outcome).toBe('applied');
		expect((await pledge(pledgeId)).stripePaymentIntentId).toBe('pi_invoice_refunded');
		// Its charge carries no pledge id and no invoice: the payment intent is what identifies it.
		const charge = { id: 'ch_invoice_refunded', object: 'charge', payment_intent: 'pi_invoice_refunded', amount_refunded: 12_000_00, metadata: {} };
		expect((await deliver(fake.event('charge.refunded', charge))).body.outcome).toBe('applied');
		expect((await deliver(fake.event('charge.refunded', charge))).body.outcome).toBe('nothing_to_change');
		expect((await pledge(pledgeId)).status).toBe('refunded');
		expect((await fundDetails(fundId))!.totals).toMatchObject({ received: 12_000_00, refunded: 12_000_00, available: 0 });
		// An older API's charge names its invoice instead: found as well.
		const other = await approvedPledge(3_000_00, 'Facture remboursée, ancienne API');
		ok(await callPledges(coordinator, other.fundId, [other.pledgeId], new Date()));
		const otherInvoice = (await pledge(other.pledgeId)).stripeInvoiceId!;
		expect((await deliver(fake.event('invoice.paid', fake.pay(otherInvoice, 3_000_00)))).body.outcome).toBe('applied');
		const legacy = { id: 'ch_legacy', object: 'charge', payment_intent: 'pi_unknown', invoice: otherInvoice, amount_refunded: 3_000_00, metadata: {} };
		expect((await deliver(fake.event('charge.refunded', legacy))).body.outcome).toBe('applied');
		await expectLedgerAgrees();
	});
});
