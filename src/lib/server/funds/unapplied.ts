import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { db, write, type Queryable, type Tx } from '../db';
import { consortia, funds, organisations, pledges, stripeRefunds, type Pledge, type User } from '../db/schema';
import { audit, platformActor, type Actor } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { appendEntry, pledgeTotalsColumn, totalsByPledge } from './ledger';
import { loadPledge, peopleOf } from './support';
import { coordinatingFund } from './policy';
import type { FundOutcome } from './refusals';
import { sentBackCheck, type SentBack } from './sent-back';

// Unapplied money: a payment beyond what is due (an invoice paid twice, by Checkout and by transfer; an
// invoice overpaid; a payment after the fund failed or the pledge was released). It is recorded in the
// ledger for the organisation that paid it (outside → unapplied), is never the fund's to spend, is shown
// on the coordinator's dashboard, and goes back: through Stripe when it came through Stripe (a queued
// return), by the coordinator's transfer otherwise.

/**
 * Records `amountCents` received for `pledge` beyond what is due, in the caller's transaction. Each of
 * `returns` is a part Stripe gives back, and what carried it: a Checkout session (cs_…), an invoice
 * (in_…: a credit note), or the customer's balance an invoice's overpayment went to (balance:in_…).
 */
export async function receiveUnapplied(
	tx: Tx,
	pledge: Pledge,
	amountCents: number,
	reference: string,
	now: Date,
	returns: { stripeObjectId: string; amountCents: number }[],
	actor: Actor = platformActor
) {
	await appendEntry(tx, {
		fundId: pledge.fundId,
		kind: 'unapplied',
		amountCents,
		pledgeId: pledge.id,
		isMatch: pledge.matchOfferId !== null,
		organisationId: pledge.organisationId,
		reference,
		actorUserId: actor.userId,
		at: now
	});
	for (const part of returns.filter((r) => r.amountCents > 0))
		await tx.insert(stripeRefunds).values({ id: newId(), pledgeId: pledge.id, kind: 'return', ...part, nextAttemptAt: now, createdAt: now });
	await audit(tx, actor, 'pledge.unapplied_received', { type: 'pledge', id: pledge.id }, { fundId: pledge.fundId, amountCents, reference });
	const [row] = await tx
		.select({ fund: funds.name, coordinator: consortia.coordinatorOrganisationId, organisation: organisations.name })
		.from(funds)
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.innerJoin(organisations, eq(organisations.id, pledge.organisationId))
		.where(eq(funds.id, pledge.fundId));
	await notify(tx, await peopleOf(tx, [row.coordinator], ['admin', 'signatory']), {
		type: 'fund.unapplied_received',
		params: { fund: row.fund, organisation: row.organisation, amountCents: String(amountCents) },
		link: `/funds/${pledge.fundId}/dashboard#unapplied`
	});
}

/** Books unapplied money of a pledge as given back (Stripe confirmed the return), up to what is still unapplied. */
export async function bookUnappliedReturned(tx: Tx, pledge: Pledge, amountCents: number, reference: string, now: Date, actor: Actor = platformActor) {
	const unapplied = (await totalsByPledge(tx, [pledge.id])).get(pledge.id)!.unapplied;
	const cents = Math.min(unapplied, amountCents);
	if (cents <= 0) return 0;
	await appendEntry(tx, {
		fundId: pledge.fundId,
		kind: 'unapplied_returned',
		amountCents: cents,
		pledgeId: pledge.id,
		isMatch: pledge.matchOfferId !== null,
		organisationId: pledge.organisationId,
		reference,
		actorUserId: actor.userId,
		at: now
	});
	await audit(tx, actor, 'pledge.unapplied_returned', { type: 'pledge', id: pledge.id }, { fundId: pledge.fundId, amountCents: cents, reference });
	return cents;
}

/** A return of money not due, sent by bank transfer. */
export type ReturnMade = SentBack;

/**
 * The coordinator records a transfer that sent unapplied money back to the organisation that paid it (all or
 * part). Money that came through Stripe goes back through Stripe and is booked when Stripe confirms it.
 */
export async function recordUnappliedReturned(user: User, pledgeId: string, sent: ReturnMade, now = new Date()): Promise<FundOutcome<{ done: boolean }>> {
	return write(async (tx) => {
		const row = await loadPledge(tx, pledgeId);
		if (!row) return { ok: false, code: 'not_found' };
		const coordinator = await coordinatingFund(tx, user, row.fund.id);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const { pledge } = row;
		if (pledge.stripeInvoiceId || pledge.stripePaymentIntentId || pledge.stripeCheckoutSessionId) return { ok: false, code: 'refunded_through_stripe' };
		const check = await sentBackCheck(tx, pledgeId, 'unapplied_returned', sent, now);
		if (!check.ok) return check;
		const { reference, leftCents: unapplied } = check;
		await bookUnappliedReturned(tx, pledge, sent.amountCents, reference, now, coordinator.actor);
		// The payer is told, as for any refund: what, when, and the reference to find it on its statement.
		await notify(tx, await peopleOf(tx, [pledge.organisationId], ['admin', 'signatory']), {
			type: 'fund.refund_made',
			params: {
				fund: row.fund.name,
				organisation: row.organisationName,
				amountCents: String(sent.amountCents),
				date: sent.sentOn.toISOString(),
				reference
			},
			link: '/pledges'
		});
		return { ok: true, done: sent.amountCents === unapplied };
	});
}

/** What of an invoice's overpayment (credited by Stripe to the customer's balance) is already queued to go back. */
export async function overpaymentQueued(tx: Tx, pledgeId: string, invoiceId: string) {
	const rows = await tx
		.select({ cents: stripeRefunds.amountCents })
		.from(stripeRefunds)
		.where(and(eq(stripeRefunds.pledgeId, pledgeId), eq(stripeRefunds.kind, 'return'), eq(stripeRefunds.stripeObjectId, `balance:${invoiceId}`)));
	return rows.reduce((sum, r) => sum + r.cents, 0);
}

/**
 * The money of a fund received beyond what was due and not yet returned, by pledge: the dashboard's list. One
 * statement, each pledge with its totals and whether a return is queued through Stripe, however many there are.
 */
export async function unappliedOfFund(fundId: string, q: Queryable = db()) {
	const pledgeId = sql.raw('"pledges"."id"');
	const rows = await q
		.select({
			pledgeId: pledges.id,
			organisation: organisations.name,
			totals: pledgeTotalsColumn(pledgeId),
			throughStripe: sql<boolean>`exists (SELECT 1 FROM stripe_refunds sr WHERE sr.pledge_id = ${pledgeId} AND sr.kind = 'return')`.mapWith(Boolean)
		})
		.from(pledges)
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		// Driven by the ledger's (fund, kind, pledge) index: the fund's unapplied entries, not every pledge of every fund.
		.where(inArray(pledges.id, sql`(SELECT le.pledge_id FROM ledger_entries le WHERE le.fund_id = ${fundId} AND le.kind = 'unapplied')`))
		.orderBy(asc(organisations.name));
	return rows
		.map((r) => ({
			pledgeId: r.pledgeId,
			organisation: r.organisation,
			unappliedCents: r.totals.unapplied,
			returnedCents: r.totals.returned,
			throughStripe: r.throughStripe
		}))
		.filter((r) => r.unappliedCents > 0);
}

/** The pledge of a fund that a payer's structured reference names, written as the payer wrote it (spaces, case). */
export async function pledgeByPaymentReference(fundId: string, reference: string, q: Queryable = db()) {
	const normalised = reference.replace(/\s+/g, '').toUpperCase();
	if (!/^RF[0-9A-Z]{1,32}$/.test(normalised)) return null;
	const [row] = await q
		.select({ id: pledges.id })
		.from(pledges)
		.where(and(eq(pledges.fundId, fundId), eq(pledges.paymentReference, normalised)));
	return row?.id ?? null;
}
