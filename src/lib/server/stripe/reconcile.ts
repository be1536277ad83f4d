import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import { db } from '../db';
import { funds, ledgerEntries, organisations, pledges, stripeRefunds } from '../db/schema';
import { stripe } from './client';
import { invoicePaidCents } from './payments';

// `npm run stripe:reconcile`: Stripe's view of every invoiced or card-paid pledge beside the
// platform's, and every refund Stripe has not made. Any difference is listed.

export interface StripeDifference {
	pledgeId: string;
	fundName: string;
	organisationName: string;
	what: string;
	stripe: string;
	platform: string;
}

const DAY = 86_400_000;

export async function reconcileStripe(now = new Date()) {
	const rows = await db()
		.select({ pledge: pledges, fundName: funds.name, organisationName: organisations.name })
		.from(pledges)
		.innerJoin(funds, eq(funds.id, pledges.fundId))
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(or(isNotNull(pledges.stripeInvoiceId), isNotNull(pledges.stripeCheckoutSessionId)));
	const receipts = rows.length
		? await db()
				.select({ pledgeId: ledgerEntries.pledgeId, reference: ledgerEntries.reference, amountCents: ledgerEntries.amountCents })
				.from(ledgerEntries)
				.where(
					and(
						inArray(ledgerEntries.kind, ['receipt', 'unapplied']),
						inArray(
							ledgerEntries.pledgeId,
							rows.map((r) => r.pledge.id)
						)
					)
				)
		: [];
	const through = (pledgeId: string, objectId: string) =>
		receipts.filter((r) => r.pledgeId === pledgeId && r.reference === `stripe:${objectId}`).reduce((sum, r) => sum + r.amountCents, 0);
	const differences: StripeDifference[] = [];
	for (const { pledge, fundName, organisationName } of rows) {
		const add = (what: string, stripeSide: string, platform: string) =>
			differences.push({ pledgeId: pledge.id, fundName, organisationName, what, stripe: stripeSide, platform });
		if (pledge.stripeInvoiceId) {
			const invoice = await stripe().invoices.retrieve(pledge.stripeInvoiceId);
			const received = through(pledge.id, invoice.id);
			const paid = invoicePaidCents(invoice);
			if (paid !== received) add(`invoice ${invoice.id}: amount paid`, `${paid} cents`, `${received} cents received`);
			if (invoice.status === 'paid' && !['paid', 'refunded', 'released'].includes(pledge.status) && received < pledge.amountCents)
				add(`invoice ${invoice.id}: state`, 'paid', pledge.status);
			if ((invoice.status === 'void' || invoice.status === 'uncollectible') && pledge.status === 'called')
				add(`invoice ${invoice.id}: state`, invoice.status ?? '', 'called');
			if (invoice.status === 'open' && pledge.status === 'paid' && received === 0) add(`invoice ${invoice.id}: state`, 'open', 'paid (by hand)');
		}
		if (pledge.stripeCheckoutSessionId) {
			const session = await stripe().checkout.sessions.retrieve(pledge.stripeCheckoutSessionId);
			const paid = session.payment_status === 'paid' ? (session.amount_total ?? 0) : 0;
			const received = through(pledge.id, session.id);
			if (paid !== received) add(`checkout ${session.id}: amount paid`, `${paid} cents`, `${received} cents received`);
		}
	}
	const stuck = await db()
		.select({ refund: stripeRefunds, fundName: funds.name, organisationName: organisations.name })
		.from(stripeRefunds)
		.innerJoin(pledges, eq(pledges.id, stripeRefunds.pledgeId))
		.innerJoin(funds, eq(funds.id, pledges.fundId))
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(or(eq(stripeRefunds.status, 'failed'), eq(stripeRefunds.status, 'pending')));
	for (const { refund, fundName, organisationName } of stuck) {
		if (refund.status === 'pending' && now.getTime() - refund.createdAt.getTime() < DAY / 24) continue;
		differences.push({
			pledgeId: refund.pledgeId,
			fundName,
			organisationName,
			what: `${refund.kind} ${refund.id}`,
			stripe: refund.status === 'failed' ? `not made (${refund.lastError ?? 'error'})` : 'not made yet',
			platform:
				refund.kind === 'void'
					? 'the invoice must not be paid any more'
					: refund.kind === 'return'
						? `${refund.amountCents} cents received beyond what was due, to give back`
						: `${refund.amountCents} cents refunded in the ledger`
		});
	}
	return { checked: rows.length, differences };
}
