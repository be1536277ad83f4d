import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { totalsByPledge } from '../funds/ledger';
import { db, write } from '../db';
import { funds, memberships, organisations, pledges, type Organisation } from '../db/schema';
import { idempotencyKey, stripe } from './client';
import type { InvoiceInfo, InvoiceRequest, TransferAccount } from '../shared/invoicing';

// Creating things in Stripe. Never inside a database transaction: each call is made first, with an
// idempotency key derived from the object and the step, and its result is then written.

const DAY = 86_400_000;
export const INVOICE_DAYS = 30;

/** The organisation's Stripe customer, created on first need with its SIREN and id in metadata. */
export async function ensureCustomer(organisation: Organisation): Promise<string> {
	if (organisation.stripeCustomerId) return organisation.stripeCustomerId;
	const customer = await stripe().customers.create(
		{
			name: organisation.name,
			preferred_locales: ['fr'],
			metadata: { organisationId: organisation.id, siren: organisation.siren ?? '' }
		},
		{ idempotencyKey: idempotencyKey('organisation', organisation.id, 'customer') }
	);
	await write((tx) =>
		tx
			.update(organisations)
			.set({ stripeCustomerId: customer.id })
			.where(and(eq(organisations.id, organisation.id), isNull(organisations.stripeCustomerId)))
	);
	const [row] = await db().select({ id: organisations.stripeCustomerId }).from(organisations).where(eq(organisations.id, organisation.id));
	return row.id ?? customer.id;
}

/**
 * All Stripe received through an invoice: what it applied to it, and what was paid beyond its total
 * (`amount_overpaid`, credited to the customer's balance), whichever way the API version counts it.
 */
export function invoicePaidCents(invoice: { amount_paid?: number | null; total?: number | null; amount_overpaid?: number | null }) {
	const paid = invoice.amount_paid ?? 0;
	const over = invoice.amount_overpaid ?? 0;
	return over > 0 ? Math.max(paid, (invoice.total ?? paid) + over) : paid;
}

/**
 * The virtual IBAN Stripe gives a customer to fund its invoices by bank transfer (its funding instructions, EU
 * bank transfer, France): Stripe answers the same account every time. Null when Stripe names no IBAN.
 */
export async function bankTransferAccount(customerId: string): Promise<TransferAccount | null> {
	const instructions = await stripe().customers.createFundingInstructions(customerId, {
		funding_type: 'bank_transfer',
		currency: 'eur',
		bank_transfer: { type: 'eu_bank_transfer', eu_bank_transfer: { country: 'FR' }, requested_address_types: ['iban'] }
	});
	const address = instructions.bank_transfer?.financial_addresses?.find((a) => a.type === 'iban' && a.iban)?.iban;
	return address ? { iban: address.iban, bic: address.bic, holder: address.account_holder_name } : null;
}

/**
 * The virtual IBAN of a pledge's invoice: the one recorded at the call, or (a pledge called before it was
 * recorded) asked of Stripe now and recorded. Null when Stripe cannot say.
 */
export async function invoiceTransferAccount(pledgeId: string): Promise<TransferAccount | null> {
	const [row] = await db()
		.select({ pledge: pledges, customer: organisations.stripeCustomerId })
		.from(pledges)
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(eq(pledges.id, pledgeId));
	if (!row?.pledge.stripeInvoiceId) return null;
	const { pledge } = row;
	if (pledge.stripeTransferIban && pledge.stripeTransferBic)
		return { iban: pledge.stripeTransferIban, bic: pledge.stripeTransferBic, holder: pledge.stripeTransferHolder ?? '' };
	if (!row.customer) return null;
	const account = await bankTransferAccount(row.customer);
	if (account)
		await write((tx) =>
			tx
				.update(pledges)
				.set({ stripeTransferIban: account.iban, stripeTransferBic: account.bic, stripeTransferHolder: account.holder })
				.where(and(eq(pledges.id, pledgeId), isNull(pledges.stripeTransferIban)))
		);
	return account;
}

export type { InvoiceInfo, InvoiceRequest, TransferAccount } from '../shared/invoicing';

/**
 * The invoice of a called pledge: sent, due in 30 days, payable by bank transfer to a virtual IBAN
 * (customer balance, EU bank transfer, France), one line naming the fund and the délibération.
 */
export async function createPledgeInvoice(request: InvoiceRequest, now = new Date()): Promise<InvoiceInfo> {
	const api = stripe();
	const customer = await ensureCustomer(request.organisation);
	const key = (step: string) => ({ idempotencyKey: idempotencyKey('pledge', request.pledgeId, step) });
	const metadata = { pledgeId: request.pledgeId, fundId: request.fundId, organisationId: request.organisation.id };
	const draft = await api.invoices.create(
		{
			customer,
			currency: 'eur',
			collection_method: 'send_invoice',
			days_until_due: INVOICE_DAYS,
			auto_advance: false,
			pending_invoice_items_behavior: 'exclude',
			payment_settings: {
				payment_method_types: ['customer_balance'],
				payment_method_options: {
					customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'eu_bank_transfer', eu_bank_transfer: { country: 'FR' } } }
				}
			},
			description: `Appel de fonds — ${request.fundName}`,
			metadata
		},
		key('invoice')
	);
	await api.invoiceItems.create(
		{
			customer,
			invoice: draft.id,
			currency: 'eur',
			amount: request.amountCents,
			description: `${request.fundName} — engagement${request.deliberation ? ` (délibération ${request.deliberation})` : ''}`,
			metadata
		},
		key('line')
	);
	await api.invoices.finalizeInvoice(draft.id, { auto_advance: false }, key('finalize'));
	const sent = await api.invoices.sendInvoice(draft.id, {}, key('send'));
	let transfer: TransferAccount | null = null;
	try {
		transfer = await bankTransferAccount(customer);
	} catch (error) {
		// The invoice is sent and names its account itself: the notice asks Stripe again when it is read.
		console.error('stripe: reading the funding instructions failed', error);
	}
	return {
		transfer,
		id: sent.id,
		url: sent.hosted_invoice_url ?? null,
		pdf: sent.invoice_pdf ?? null,
		status: sent.status ?? 'open',
		dueDate: sent.due_date ? new Date(sent.due_date * 1000) : new Date(now.getTime() + INVOICE_DAYS * DAY)
	};
}

/**
 * A Checkout session for a partner to pay its called matching pledge. The methods offered (card, SEPA
 * Direct Debit) are those enabled in the Stripe account's payment method settings (README): this API
 * version chooses them there rather than per session.
 */
export async function createCheckoutSession(request: InvoiceRequest, origin: string): Promise<string> {
	const customer = await ensureCustomer(request.organisation);
	const metadata = { pledgeId: request.pledgeId, fundId: request.fundId, organisationId: request.organisation.id };
	const session = await stripe().checkout.sessions.create(
		{
			mode: 'payment',
			customer,
			client_reference_id: request.pledgeId,
			line_items: [
				{
					quantity: 1,
					price_data: { currency: 'eur', unit_amount: request.amountCents, product_data: { name: `Abondement — ${request.fundName}` } }
				}
			],
			payment_intent_data: { metadata },
			metadata,
			locale: 'fr',
			success_url: `${origin}/pledges?checkout=done`,
			cancel_url: `${origin}/pledges?checkout=cancelled`
		},
		{ idempotencyKey: idempotencyKey('pledge', request.pledgeId, 'checkout') }
	);
	await write((tx) => tx.update(pledges).set({ stripeCheckoutSessionId: session.id }).where(eq(pledges.id, request.pledgeId)));
	if (!session.url) throw new Error('Stripe returned a Checkout session without an address.');
	return session.url;
}

/**
 * A called matching pledge that `userId`, an admin or signatory of the partner `organisationId`, may pay
 * by Checkout, with what the session needs; undefined otherwise.
 */
export async function pledgeForCheckout(pledgeId: string, organisationId: string, userId: string): Promise<InvoiceRequest | undefined> {
	const [row] = await db()
		.select({ pledge: pledges, fund: funds, organisation: organisations, role: memberships.role })
		.from(pledges)
		.innerJoin(funds, eq(funds.id, pledges.fundId))
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.innerJoin(memberships, and(eq(memberships.organisationId, pledges.organisationId), eq(memberships.userId, userId)))
		.where(and(eq(pledges.id, pledgeId), eq(pledges.organisationId, organisationId), eq(pledges.status, 'called'), isNotNull(pledges.matchOfferId)));
	if (!row || (row.role !== 'admin' && row.role !== 'signatory')) return undefined;
	// Checkout pays the whole match, before anything came through its invoice: never both in part.
	const totals = (await totalsByPledge(db(), [pledgeId])).get(pledgeId)!;
	if (totals.received > 0 || (row.pledge.stripePaidCents ?? 0) > 0) return undefined;
	const outstanding = totals.called;
	if (outstanding <= 0) return undefined;
	return { pledgeId, fundId: row.fund.id, fundName: row.fund.name, amountCents: outstanding, deliberation: null, organisation: row.organisation };
}
