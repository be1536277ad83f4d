import { and, asc, eq, inArray } from 'drizzle-orm';
import { db, write, type Queryable, type Tx } from '../db';
import { ledgerEntries, organisations, pledges, type Pledge, type User } from '../db/schema';
import { audit, platformActor, type Actor } from '../audit/audit';
import { notify } from '../notifications/notify';
import type { FundOutcome as Outcome } from './refusals';
import { appendEntry, totalsByPledge } from './ledger';
import { asCoordinator, loadPledge, peopleOf } from './commands';
import { takeFromCash } from './cash';
import { sentBackCheck, type SentBack } from './sent-back';

// Refunds owed, then made. A failed fund (or a payment nobody should have made) leaves money in the
// coordinator's account that belongs to a member: the ledger moves it from `cash` to `owed` (no longer
// the fund's to spend). It becomes `refunded` only when someone records the transfer that sent it
// back, with its bank reference, or when Stripe confirms the refund it made.

/** A refund sent by bank transfer. */
export type RefundMade = SentBack;

async function tellRefundMade(tx: Tx, pledge: Pledge, amountCents: number, reference: string, sentOn: Date) {
	const [row] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, pledge.organisationId));
	const fund = await loadPledge(tx, pledge.id);
	await notify(tx, await peopleOf(tx, [pledge.organisationId], ['admin', 'signatory']), {
		type: 'fund.refund_made',
		params: { fund: fund?.fund.name ?? '', organisation: row?.name ?? '', amountCents: String(amountCents), date: sentOn.toISOString(), reference },
		link: '/pledges'
	});
}

/**
 * The coordinator records a refund it sent by bank transfer (all or part of what is owed). Refunds of
 * money that came through Stripe are made by Stripe and booked when it confirms them.
 */
export async function recordRefundMade(user: User, pledgeId: string, refund: RefundMade, now = new Date()): Promise<Outcome<{ done: boolean }>> {
	return write(async (tx) => {
		const row = await loadPledge(tx, pledgeId);
		if (!row) return { ok: false, code: 'not_found' };
		const coordinator = await asCoordinator(tx, user, row.fund.id);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		if (row.pledge.stripeInvoiceId || row.pledge.stripePaymentIntentId) return { ok: false, code: 'refunded_through_stripe' };
		const check = await sentBackCheck(tx, pledgeId, 'refund_made', refund, now);
		if (!check.ok) return check;
		const { reference } = check;
		const done = await bookRefundMade(tx, row.pledge, refund.amountCents, reference, coordinator.actor, refund.sentOn, now);
		return { ok: true, done };
	});
}

/**
 * Books `amountCents` of what is owed to a pledge's organisation as sent back, in the caller's
 * transaction. Returns whether nothing is owed any more.
 */
async function bookRefundMade(tx: Tx, pledge: Pledge, amountCents: number, reference: string, actor: Actor, sentOn: Date, now: Date) {
	const owed = (await totalsByPledge(tx, [pledge.id])).get(pledge.id)!.owed;
	await appendEntry(tx, {
		fundId: pledge.fundId,
		kind: 'refund_made',
		amountCents,
		pledgeId: pledge.id,
		isMatch: pledge.matchOfferId !== null,
		organisationId: pledge.organisationId,
		reference,
		actorUserId: actor.userId,
		at: now
	});
	const done = amountCents === owed;
	if (done && pledge.status === 'refund_owed') await tx.update(pledges).set({ status: 'refunded', updatedAt: now }).where(eq(pledges.id, pledge.id));
	await audit(
		tx,
		actor,
		'pledge.refund_made',
		{ type: 'pledge', id: pledge.id },
		{
			fundId: pledge.fundId,
			amountCents,
			bankReference: reference,
			sentOn: sentOn.toISOString().slice(0, 10),
			done
		}
	);
	await tellRefundMade(tx, pledge, amountCents, reference, sentOn);
	return done;
}

/**
 * Stripe says `refundedCents` in all have been refunded of a pledge's payment (`reference` names the
 * Stripe object). Books what the ledger does not know yet: first what was owed, then (a refund made in
 * Stripe of its own accord) money still in the fund. Returns the cents booked.
 */
export async function bookStripeRefund(tx: Tx, pledge: Pledge, refundedCents: number, reference: string, now: Date) {
	const totals = (await totalsByPledge(tx, [pledge.id])).get(pledge.id)!;
	let missing = refundedCents - totals.refunded;
	if (missing <= 0) return 0;
	let booked = 0;
	const fromOwed = Math.min(missing, totals.owed);
	if (fromOwed > 0) {
		await bookRefundMade(tx, pledge, fromOwed, reference, platformActor, now, now);
		missing -= fromOwed;
		booked += fromOwed;
	}
	const fromCash = Math.min(missing, totals.available);
	if (fromCash > 0) {
		// Money given back: what was still expected of the pledge is no longer expected either.
		if (totals.called > 0) {
			await appendEntry(tx, {
				fundId: pledge.fundId,
				kind: 'release_called',
				amountCents: totals.called,
				pledgeId: pledge.id,
				isMatch: pledge.matchOfferId !== null,
				organisationId: pledge.organisationId,
				reference,
				actorUserId: null,
				at: now
			});
		}
		// The fund may have spent it already: then the refund leaves a deficit, shown and told.
		await takeFromCash(
			tx,
			{
				fundId: pledge.fundId,
				kind: 'refund',
				amountCents: fromCash,
				pledgeId: pledge.id,
				isMatch: pledge.matchOfferId !== null,
				organisationId: pledge.organisationId,
				reference,
				actorUserId: null
			},
			now
		);
		booked += fromCash;
	}
	if (booked > 0) {
		const after = (await totalsByPledge(tx, [pledge.id])).get(pledge.id)!;
		const status = after.owed > 0 ? 'refund_owed' : after.available > 0 || after.called > 0 ? pledge.status : 'refunded';
		if (status !== pledge.status) await tx.update(pledges).set({ status, updatedAt: now }).where(eq(pledges.id, pledge.id));
		if (fromCash > 0) await audit(tx, platformActor, 'pledge.refunded', { type: 'pledge', id: pledge.id }, { amountCents: fromCash, reference });
	}
	return booked;
}

/** Books up to `amountCents` of what is still owed to a pledge as made (Stripe confirmed a refund the platform asked for). */
export async function bookOwedAsMade(tx: Tx, pledge: Pledge, amountCents: number, reference: string, now: Date) {
	const owed = (await totalsByPledge(tx, [pledge.id])).get(pledge.id)!.owed;
	const cents = Math.min(owed, amountCents);
	if (cents > 0) await bookRefundMade(tx, pledge, cents, reference, platformActor, now, now);
	return cents;
}

/** The pledges of a fund with a refund still owed, oldest first: the coordinator's list of transfers to make. */
export async function refundsOwed(fundId: string, q: Queryable = db()) {
	const rows = await q
		.select({ pledge: pledges, organisationName: organisations.name })
		.from(pledges)
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(and(eq(pledges.fundId, fundId), eq(pledges.status, 'refund_owed')))
		.orderBy(asc(organisations.name), asc(pledges.id));
	const totals = await totalsByPledge(
		q,
		rows.map((r) => r.pledge.id)
	);
	return rows.map((r) => ({
		id: r.pledge.id,
		organisationId: r.pledge.organisationId,
		organisation: r.organisationName,
		owedCents: totals.get(r.pledge.id)!.owed,
		refundedCents: totals.get(r.pledge.id)!.refunded,
		throughStripe: Boolean(r.pledge.stripeInvoiceId || r.pledge.stripePaymentIntentId)
	}));
}

/** The refunds made to some pledges, overpayments returned included (when, how much, the bank or Stripe reference), oldest first. */
export async function refundsMadeTo(pledgeIds: string[], q: Queryable = db()) {
	if (pledgeIds.length === 0) return new Map<string, { amountCents: number; at: Date; reference: string }[]>();
	const rows = await q
		.select({ pledgeId: ledgerEntries.pledgeId, amountCents: ledgerEntries.amountCents, at: ledgerEntries.at, reference: ledgerEntries.reference })
		.from(ledgerEntries)
		.where(and(inArray(ledgerEntries.pledgeId, pledgeIds), inArray(ledgerEntries.kind, ['refund_made', 'refund', 'unapplied_returned'])))
		.orderBy(asc(ledgerEntries.seq));
	const result = new Map<string, { amountCents: number; at: Date; reference: string }[]>();
	for (const row of rows) {
		const list = result.get(row.pledgeId!) ?? [];
		list.push({ amountCents: row.amountCents, at: row.at, reference: row.reference });
		result.set(row.pledgeId!, list);
	}
	return result;
}
