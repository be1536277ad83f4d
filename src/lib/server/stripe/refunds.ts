import type Stripe from 'stripe';
import { and, asc, eq, lte } from 'drizzle-orm';
import { db, write } from '../db';
import { pledges, stripeRefunds } from '../db/schema';
import { idempotencyKey, stripe, stripeEnabled } from './client';
import { bookOwedAsMade } from '../funds/refunds';
import { bookUnappliedReturned } from '../funds/unapplied';

// Refunds and voids owed through Stripe, queued in the transaction that decided them (a failed fund's
// settlement, a call that did not happen, a match paid by Checkout) and carried out here: one
// idempotency key each, so a retry after a crash or a timeout never does it twice.

const MAX_ATTEMPTS = 8;

/**
 * Gives back unapplied money that came through `objectId`: a Checkout session's payment is refunded; an
 * invoice's payment is credited (a credit note whose refund is its whole post_payment_amount); an
 * invoice's overpayment, which Stripe credited to the customer's balance, is refunded from that balance.
 * Returns the id of the Stripe object made.
 */
async function returnUnapplied(objectId: string, amountCents: number, refundId: string, pledgeId: string) {
	const key = { idempotencyKey: idempotencyKey('refund', refundId, 'create') };
	const metadata = { pledgeId };
	if (objectId.startsWith('cs_')) {
		const session = await stripe().checkout.sessions.retrieve(objectId);
		const intent = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
		if (!intent) throw new Error(`Checkout session ${objectId} has no payment to refund.`);
		return (await stripe().refunds.create({ payment_intent: intent, amount: amountCents, metadata }, key)).id;
	}
	if (objectId.startsWith('balance:')) {
		const invoice = await stripe().invoices.retrieve(objectId.slice('balance:'.length));
		const customer = typeof invoice.customer === 'string' ? invoice.customer : invoice.customer?.id;
		return (await stripe().refunds.create({ customer, origin: 'customer_balance', amount: amountCents, currency: 'eur', metadata }, key)).id;
	}
	// Money is unapplied only when the pledge expects nothing more: any unpaid rest of the invoice is not
	// due either, and Stripe applies a credit note to it first (pre_payment_amount), so it is credited too.
	const invoice = await stripe().invoices.retrieve(objectId);
	const unpaid = invoice.status === 'open' ? (invoice.amount_remaining ?? 0) : 0;
	const lines: Stripe.CreditNoteCreateParams.Line[] = [{ type: 'custom_line_item', description: 'Paiement en trop', quantity: 1, unit_amount: amountCents }];
	if (unpaid > 0) lines.push({ type: 'custom_line_item', description: 'Reste non dû', quantity: 1, unit_amount: unpaid });
	const note = await stripe().creditNotes.create(
		{
			invoice: objectId,
			reason: 'duplicate',
			memo: 'Paiement reçu au-delà de ce qui était dû : rendu.',
			lines,
			refund_amount: amountCents,
			metadata
		},
		key
	);
	return note.id;
}

export async function processStripeRefunds(now = new Date()) {
	if (!stripeEnabled()) return 0;
	const due = await db()
		.select({ refund: stripeRefunds, pledge: pledges })
		.from(stripeRefunds)
		.innerJoin(pledges, eq(pledges.id, stripeRefunds.pledgeId))
		.where(and(eq(stripeRefunds.status, 'pending'), lte(stripeRefunds.nextAttemptAt, now)))
		.orderBy(asc(stripeRefunds.createdAt))
		.limit(20);
	for (const { refund, pledge } of due) {
		const key = { idempotencyKey: idempotencyKey('refund', refund.id, 'create') };
		try {
			let objectId: string;
			/** Whether Stripe's answer says the money went back (then it is booked as made now). */
			let made = false;
			if (refund.kind === 'void') {
				// An invoice nobody should pay any more. Already paid or void in Stripe: nothing to do,
				// and reconcile shows any money that came in.
				const invoiceId = refund.stripeObjectId ?? pledge.stripeInvoiceId!;
				const invoice = await stripe().invoices.retrieve(invoiceId);
				const open = invoice.status === 'open' || invoice.status === 'draft' || invoice.status === 'uncollectible';
				if (open && (invoice.amount_paid ?? 0) === 0) {
					await stripe().invoices.voidInvoice(invoiceId, {}, key);
				} else if (open && invoice.amount_remaining > 0) {
					// Partly paid: Stripe voids no invoice that received money. A credit note of what is left
					// closes it (all pre-payment: nothing to refund here; the refund of what came in is its own step).
					await stripe().creditNotes.create(
						{
							invoice: invoiceId,
							reason: 'order_change',
							memo: 'Le fonds n’a pas atteint son seuil : le reste n’est plus dû.',
							lines: [{ type: 'custom_line_item', description: 'Reste non dû', quantity: 1, unit_amount: invoice.amount_remaining }],
							metadata: { pledgeId: pledge.id }
						},
						key
					);
				}
				objectId = invoiceId;
			} else if (refund.kind === 'return') {
				objectId = await returnUnapplied(refund.stripeObjectId!, refund.amountCents, refund.id, pledge.id);
				made = true;
			} else if (pledge.stripePaymentIntentId) {
				// A card or SEPA payment through Checkout: refund the payment.
				const stripeRefund = await stripe().refunds.create(
					{ payment_intent: pledge.stripePaymentIntentId, amount: refund.amountCents, metadata: { pledgeId: pledge.id } },
					key
				);
				objectId = stripeRefund.id;
				// A pending refund is booked when Stripe confirms it (charge.refunded).
				made = stripeRefund.status === 'succeeded';
			} else {
				// An invoice paid by transfer: a credit note that refunds what was paid. Stripe applies a credit
				// note first to what is still unpaid (pre_payment_amount) and only the rest may be refunded
				// (post_payment_amount = refund_amount): a partly paid invoice is credited its unpaid rest too.
				const invoice = await stripe().invoices.retrieve(pledge.stripeInvoiceId!);
				const unpaid = invoice.status === 'open' ? (invoice.amount_remaining ?? 0) : 0;
				const lines: Stripe.CreditNoteCreateParams.Line[] = [
					{ type: 'custom_line_item', description: 'Remboursement de l’engagement', quantity: 1, unit_amount: refund.amountCents }
				];
				if (unpaid > 0) lines.push({ type: 'custom_line_item', description: 'Reste non dû', quantity: 1, unit_amount: unpaid });
				const note = await stripe().creditNotes.create(
					{
						invoice: pledge.stripeInvoiceId!,
						reason: 'order_change',
						memo: 'Le fonds n’a pas atteint son seuil : engagement remboursé.',
						lines,
						refund_amount: refund.amountCents,
						metadata: { pledgeId: pledge.id }
					},
					key
				);
				objectId = note.id;
				made = note.status === 'issued';
			}
			await write(async (tx) => {
				await tx
					.update(stripeRefunds)
					.set({ status: 'done', stripeObjectId: objectId, doneAt: now, attempts: refund.attempts + 1 })
					.where(eq(stripeRefunds.id, refund.id));
				if (made && refund.kind === 'return') {
					const [current] = await tx.select().from(pledges).where(eq(pledges.id, pledge.id));
					await bookUnappliedReturned(tx, current, refund.amountCents, `stripe:${objectId}`, now);
				}
				if (made && refund.kind === 'refund') {
					// Read again inside the transaction: a charge.refunded may have booked it meanwhile.
					const [current] = await tx.select().from(pledges).where(eq(pledges.id, pledge.id));
					await bookOwedAsMade(tx, current, refund.amountCents, `stripe:${objectId}`, now);
				}
			});
		} catch (error) {
			const attempts = refund.attempts + 1;
			const message = error instanceof Error ? error.message : String(error);
			console.error(`stripe: refund ${refund.id} failed (attempt ${attempts})`, message);
			await write((tx) =>
				tx
					.update(stripeRefunds)
					.set({
						attempts,
						lastError: message.slice(0, 500),
						status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
						nextAttemptAt: new Date(now.getTime() + Math.min(2 ** attempts, 360) * 60_000)
					})
					.where(eq(stripeRefunds.id, refund.id))
			);
		}
	}
	return due.length;
}
