import type Stripe from 'stripe';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { write, type Tx } from '../db';
import { consortia, funds, ledgerEntries, pledges, stripeEvents, type Pledge } from '../db/schema';
import { audit, platformActor } from '../audit/audit';
import { notify } from '../notifications/notify';
import { adminsOf } from '../organisations/queries';
import { totalsByPledge } from '../funds/ledger';
import { queueVoid, receive } from '../funds/commands';
import { bookStripeRefund } from '../funds/refunds';
import { overpaymentQueued, receiveUnapplied } from '../funds/unapplied';
import { invoicePaidCents } from './payments';
import { applyDispute, type DisputeEventType } from '../funds/disputes';
import { stripe, stripeSettings } from './client';

// POST /api/stripe/webhook. The signature is checked on the raw body; each event id is recorded once,
// in the same transaction as its effect; effects only move forward (an older snapshot arriving late
// changes nothing), so replayed, reordered and concurrent deliveries count every payment once.

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

/** Stripe retries a delivery we answer with a 5xx: used when the pledge is not yet linked to its invoice. */
class RetryLater extends Error {}

/** Paid ranks above void: a late invoice.voided (a void queued as the payment arrived) never overrides a payment. */
const STATUS_RANK: Record<string, number> = { draft: 0, open: 1, uncollectible: 2, void: 3, paid: 4 };

async function pledgeFor(tx: Tx, ids: { invoiceId?: string | null; paymentIntentId?: string | null; pledgeId?: string | null }) {
	const conditions = [
		ids.invoiceId ? eq(pledges.stripeInvoiceId, ids.invoiceId) : undefined,
		ids.paymentIntentId ? eq(pledges.stripePaymentIntentId, ids.paymentIntentId) : undefined,
		ids.pledgeId ? eq(pledges.id, ids.pledgeId) : undefined
	].filter((c) => c !== undefined);
	if (conditions.length === 0) return undefined;
	const [pledge] = await tx
		.select()
		.from(pledges)
		.where(or(...conditions));
	return pledge;
}

/** What the platform has recorded for `pledge` through one Stripe object: receipts and unapplied money that reference it. */
async function receivedThrough(tx: Tx, pledgeId: string, objectId: string) {
	const [row] = await tx
		.select({ cents: sql<number>`coalesce(sum(${ledgerEntries.amountCents}), 0)`.mapWith(Number) })
		.from(ledgerEntries)
		.where(and(eq(ledgerEntries.pledgeId, pledgeId), inArray(ledgerEntries.kind, ['receipt', 'unapplied']), eq(ledgerEntries.reference, `stripe:${objectId}`)));
	return row.cents;
}

/**
 * Records what Stripe says was paid through `objectId`, if it is more than the platform knows of: what
 * the pledge still expects as a receipt, anything beyond it as unapplied money that Stripe gives back.
 * Nothing Stripe reports as paid is left out of the ledger.
 */
async function catchUp(tx: Tx, pledge: Pledge, objectId: string, paidCents: number, now: Date, overpaidCents = 0) {
	const missing = paidCents - (await receivedThrough(tx, pledge.id, objectId));
	if (missing <= 0) return 'nothing_to_change';
	let applied = 0;
	if (pledge.status === 'called') {
		applied = Math.min(missing, (await totalsByPledge(tx, [pledge.id])).get(pledge.id)!.called);
		if (applied > 0) {
			const result = await receive(tx, pledge, platformActor, { amountCents: applied, bankReference: `stripe:${objectId}`, receivedOn: now }, now);
			if (!result.ok) return `refused:${result.code}`;
		}
	}
	if (missing > applied) {
		// What was paid beyond an invoice's total went to the customer's balance: it goes back from there.
		const excess = missing - applied;
		const fromBalance = Math.min(excess, Math.max(0, overpaidCents - (await overpaymentQueued(tx, pledge.id, objectId))));
		await receiveUnapplied(tx, pledge, excess, `stripe:${objectId}`, now, [
			{ stripeObjectId: objectId, amountCents: excess - fromBalance },
			{ stripeObjectId: `balance:${objectId}`, amountCents: fromBalance }
		]);
		return applied > 0 ? 'applied_with_unapplied' : 'unapplied';
	}
	return 'applied';
}

async function tellCoordinator(tx: Tx, pledge: Pledge, type: string) {
	const [row] = await tx
		.select({ fundName: funds.name, coordinator: consortia.coordinatorOrganisationId })
		.from(funds)
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.where(eq(funds.id, pledge.fundId));
	await notify(tx, await adminsOf(tx, [row.coordinator]), { type, params: { fund: row.fundName }, link: `/funds/${pledge.fundId}/dashboard` });
}

async function applyInvoice(tx: Tx, invoice: Stripe.Invoice, now: Date, paymentIntentId: string | null = null) {
	const pledge = await pledgeFor(tx, { invoiceId: invoice.id, pledgeId: invoice.metadata?.pledgeId });
	if (!pledge) return 'unknown_invoice';
	// The invoice exists in Stripe but the call that made it has not committed yet: come back later.
	if (!pledge.stripeInvoiceId) {
		if (pledge.status === 'approved') throw new RetryLater();
		return 'unknown_invoice';
	}
	if (pledge.stripeInvoiceId !== invoice.id) return 'other_invoice';
	const status = invoice.status ?? 'open';
	const forward = (STATUS_RANK[status] ?? 0) >= (STATUS_RANK[pledge.stripeStatus ?? 'draft'] ?? 0);
	const paidCents = Math.max(pledge.stripePaidCents ?? 0, invoice.amount_paid ?? 0);
	// The payment of the invoice, kept so that a later refund or dispute of its charge finds this pledge.
	if (paymentIntentId && !pledge.stripePaymentIntentId)
		await tx.update(pledges).set({ stripePaymentIntentId: paymentIntentId }).where(eq(pledges.id, pledge.id));
	await tx
		.update(pledges)
		.set({
			stripeStatus: forward ? status : pledge.stripeStatus,
			stripePaidCents: paidCents,
			stripeInvoiceUrl: invoice.hosted_invoice_url ?? pledge.stripeInvoiceUrl,
			stripeInvoicePdf: invoice.invoice_pdf ?? pledge.stripeInvoicePdf
		})
		.where(eq(pledges.id, pledge.id));
	const outcome = await catchUp(tx, pledge, invoice.id, invoicePaidCents(invoice), now, invoice.amount_overpaid ?? 0);
	if (forward && (status === 'void' || status === 'uncollectible') && pledge.stripeStatus !== status) {
		await audit(
			tx,
			platformActor,
			status === 'void' ? 'pledge.invoice_void' : 'pledge.invoice_uncollectible',
			{ type: 'pledge', id: pledge.id },
			{ invoice: invoice.id }
		);
		await tellCoordinator(tx, pledge, status === 'void' ? 'fund.invoice_voided' : 'fund.invoice_uncollectible');
		return 'recorded';
	}
	return outcome;
}

async function applyCheckout(tx: Tx, session: Stripe.Checkout.Session, now: Date) {
	const pledge = await pledgeFor(tx, { pledgeId: session.metadata?.pledgeId ?? session.client_reference_id });
	if (!pledge) return 'unknown_session';
	const paymentIntentId = typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null);
	if (paymentIntentId && pledge.stripePaymentIntentId !== paymentIntentId) {
		await tx.update(pledges).set({ stripePaymentIntentId: paymentIntentId, stripeCheckoutSessionId: session.id }).where(eq(pledges.id, pledge.id));
	}
	if (session.payment_status !== 'paid') return 'awaiting_payment';
	const outcome = await catchUp(tx, { ...pledge, stripePaymentIntentId: paymentIntentId }, session.id, session.amount_total ?? 0, now);
	// Paid by Checkout: the invoice of the same call must not be paid as well.
	if (outcome.startsWith('applied') && pledge.stripeInvoiceId) await queueVoid(tx, pledge.id, now);
	return outcome;
}

/** A refund made in Stripe (by the platform's worker, or by hand in Stripe's dashboard): booked as made. */
async function applyRefund(tx: Tx, charge: Stripe.Charge, now: Date) {
	const paymentIntentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null);
	// Before API version 2025-03-31 a charge named its invoice; since, its payment intent (stored at invoice_payment.paid).
	const invoice = (charge as unknown as { invoice?: string | { id: string } | null }).invoice;
	const invoiceId = typeof invoice === 'string' ? invoice : (invoice?.id ?? null);
	const pledge = await pledgeFor(tx, { invoiceId, paymentIntentId, pledgeId: charge.metadata?.pledgeId });
	if (!pledge) return 'unknown_charge';
	const booked = await bookStripeRefund(tx, pledge, charge.amount_refunded ?? 0, `stripe:${charge.id}`, now);
	return booked > 0 ? 'applied' : 'nothing_to_change';
}

/** A dispute of a payment (charge.dispute.*): its payment intent (or, before, its charge's) names the pledge. */
async function applyDisputeEvent(tx: Tx, type: DisputeEventType, dispute: Stripe.Dispute, chargeIntent: string | null, now: Date) {
	const intent = typeof dispute.payment_intent === 'string' ? dispute.payment_intent : (dispute.payment_intent?.id ?? chargeIntent);
	const pledge = await pledgeFor(tx, { paymentIntentId: intent, pledgeId: dispute.metadata?.pledgeId });
	if (!pledge) return 'unknown_charge';
	const charge = typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id;
	return applyDispute(tx, type, { id: dispute.id, amount: dispute.amount, charge, status: dispute.status }, pledge, now);
}

const HANDLED = new Set([
	'invoice.finalized',
	'invoice.sent',
	'invoice.updated',
	'invoice.paid',
	'invoice.payment_succeeded',
	'invoice.partially_paid',
	'invoice.voided',
	'invoice.marked_uncollectible',
	'invoice_payment.paid',
	'checkout.session.completed',
	'checkout.session.async_payment_succeeded',
	'charge.refunded',
	'charge.dispute.created',
	'charge.dispute.funds_withdrawn',
	'charge.dispute.funds_reinstated',
	'charge.dispute.closed'
]);

const TOLERANCE_SECONDS = 300;

/** Whether a verified event carries what the handlers read: an id, a type and an object with an id. */
function wellFormed(event: Stripe.Event): boolean {
	if (!event || typeof event !== 'object') return false;
	const candidate = event as unknown as { id?: unknown; type?: unknown; data?: { object?: unknown } | null };
	const object = candidate.data?.object as { id?: unknown; invoice?: unknown } | null | undefined;
	if (typeof candidate.id !== 'string' || typeof candidate.type !== 'string' || !object || typeof object !== 'object' || typeof object.id !== 'string')
		return false;
	if (candidate.type.startsWith('charge.dispute.')) {
		const dispute = object as { amount?: unknown; status?: unknown; charge?: unknown };
		const charge = dispute.charge as { id?: unknown } | string | null | undefined;
		return (
			Number.isSafeInteger(dispute.amount) &&
			(dispute.amount as number) > 0 &&
			typeof dispute.status === 'string' &&
			(typeof charge === 'string' || (typeof charge === 'object' && charge !== null && typeof charge.id === 'string'))
		);
	}
	if (candidate.type === 'invoice_payment.paid') {
		const invoice = object.invoice as { id?: unknown } | string | null | undefined;
		return typeof invoice === 'string' || (typeof invoice === 'object' && invoice !== null && typeof invoice.id === 'string');
	}
	return true;
}

/** Verifies and applies one delivery. Never throws for bad input: answers 400 and changes nothing. */
export async function handleStripeWebhook(rawBody: string, signature: string | null, now = new Date()): Promise<WebhookAnswer> {
	const settings = stripeSettings();
	if (!settings) return { status: 404, body: { error: 'stripe_not_configured' } };
	let event: Stripe.Event;
	try {
		if (!signature) throw new Error('no signature');
		// Stripe's check refuses a signature older than the tolerance; one from the future is refused too.
		const signedAt = Number(/(?:^|,)t=(\d{1,12})(?:,|$)/.exec(signature)?.[1]);
		if (!Number.isFinite(signedAt) || signedAt * 1000 > now.getTime() + TOLERANCE_SECONDS * 1000) throw new Error('signed in the future');
		event = stripe().webhooks.constructEvent(rawBody, signature, settings.webhookSecret, TOLERANCE_SECONDS);
	} catch {
		return { status: 400, body: { error: 'invalid_signature' } };
	}
	// Signed but not the shape of an event (no object, no id): nothing to apply, and never a 500.
	if (!wellFormed(event)) return { status: 400, body: { error: 'malformed_event' } };
	if (!HANDLED.has(event.type)) {
		await write((tx) => tx.insert(stripeEvents).values({ id: event.id, type: event.type, outcome: 'ignored', receivedAt: now }).onConflictDoNothing());
		return { status: 200, body: { received: true, ignored: true } };
	}
	// When in doubt, read the invoice again from Stripe — before the transaction, never inside it.
	let invoice: Stripe.Invoice | null = null;
	let invoicePaymentIntent: string | null = null;
	if (event.type === 'invoice_payment.paid') {
		const payment = event.data.object as unknown as { invoice: string | { id: string }; payment?: { payment_intent?: string | { id: string } | null } | null };
		const intent = payment.payment?.payment_intent;
		invoicePaymentIntent = typeof intent === 'string' ? intent : typeof intent?.id === 'string' ? intent.id : null;
		const invoiceId = typeof payment.invoice === 'string' ? payment.invoice : payment.invoice.id;
		try {
			invoice = await stripe().invoices.retrieve(invoiceId);
		} catch (error) {
			console.error('stripe: re-reading an invoice failed', error);
			return { status: 503, body: { error: 'retry_later' } };
		}
	} else if (event.type.startsWith('invoice.')) {
		invoice = event.data.object as Stripe.Invoice;
	}
	// A dispute without its payment intent (older API versions): its charge names it.
	let chargeIntent: string | null = null;
	if (event.type.startsWith('charge.dispute.')) {
		const dispute = event.data.object as Stripe.Dispute;
		if (!dispute.payment_intent && typeof dispute.charge === 'string') {
			try {
				const charge = await stripe().charges.retrieve(dispute.charge);
				chargeIntent = typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null);
			} catch (error) {
				console.error('stripe: reading a disputed charge failed', error);
				return { status: 503, body: { error: 'retry_later' } };
			}
		}
	}
	try {
		const outcome = await write(async (tx) => {
			const recorded = await tx.insert(stripeEvents).values({ id: event.id, type: event.type, outcome: 'pending', receivedAt: now }).onConflictDoNothing();
			if (recorded.rowsAffected === 0) return 'duplicate';
			let result: string;
			if (invoice) result = await applyInvoice(tx, invoice, now, invoicePaymentIntent);
			else if (event.type.startsWith('checkout.session.')) result = await applyCheckout(tx, event.data.object as Stripe.Checkout.Session, now);
			else if (event.type.startsWith('charge.dispute.'))
				result = await applyDisputeEvent(tx, event.type as DisputeEventType, event.data.object as Stripe.Dispute, chargeIntent, now);
			else result = await applyRefund(tx, event.data.object as Stripe.Charge, now);
			await tx.update(stripeEvents).set({ outcome: result }).where(eq(stripeEvents.id, event.id));
			return result;
		});
		return { status: 200, body: { received: true, outcome } };
	} catch (error) {
		if (error instanceof RetryLater) return { status: 503, body: { error: 'retry_later' } };
		throw error;
	}
}
