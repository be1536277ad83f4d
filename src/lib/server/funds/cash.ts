import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db';
import { consortia, funds, stripeDisputes, stripeRefunds, pledges } from '../db/schema';
import { audit, platformActor } from '../audit/audit';
import { notify } from '../notifications/notify';
import { appendEntry, totalsOfFund, type NewEntry } from './ledger';
import { peopleOf } from './commands';

// Cash never below zero without a trace. Money a payer may still take back (an open dispute whose funds
// Stripe has not withdrawn yet, a refund asked of Stripe that the ledger still counts in the fund) is held
// back from disbursements; money that leaves from outside after it was spent books a deficit, shown on
// the fund's pages, and the coordinator is told.

/** What the fund holds that could still be taken back, in cents: disbursements may not use it. */
export async function cashHeldBack(q: Queryable, fundId: string) {
	const [disputes] = await q
		.select({ cents: sql<number>`coalesce(sum(${stripeDisputes.amountCents} - ${stripeDisputes.withdrawnCents}), 0)`.mapWith(Number) })
		.from(stripeDisputes)
		.where(and(eq(stripeDisputes.fundId, fundId), isNull(stripeDisputes.closedAt)));
	// Refunds Stripe has been asked for but not confirmed: the ones already moved out of cash (owed) are not counted twice.
	const [refunds] = await q
		.select({ cents: sql<number>`coalesce(sum(${stripeRefunds.amountCents}), 0)`.mapWith(Number) })
		.from(stripeRefunds)
		.innerJoin(pledges, eq(pledges.id, stripeRefunds.pledgeId))
		.where(and(eq(pledges.fundId, fundId), eq(stripeRefunds.kind, 'refund'), eq(stripeRefunds.status, 'pending')));
	const totals = await totalsOfFund(q, fundId);
	return Math.max(0, disputes.cents) + Math.max(0, refunds.cents - totals.owed);
}

/** What a disbursement may use now: the fund's cash less what could still be taken back. */
export async function disbursable(q: Queryable, fundId: string) {
	const available = (await totalsOfFund(q, fundId)).available;
	const heldBack = await cashHeldBack(q, fundId);
	return { available, heldBack, disbursable: Math.max(0, available - heldBack) };
}

/** A disbursement refused because part of the cash could still be taken back: the figures say how much. */
export type HeldBackRefusal = { ok: false; code: 'held_back'; heldBackCents: number; leftCents: number };

export const heldBack = (cash: { heldBack: number; disbursable: number }): HeldBackRefusal => ({
	ok: false,
	code: 'held_back',
	heldBackCents: cash.heldBack,
	leftCents: cash.disbursable
});

/**
 * Takes money out of the fund's cash toward `entry.kind` (a dispute, a refund made in Stripe), in the
 * caller's transaction. When the fund holds less than that (the money was spent), the shortfall is
 * booked first as a deficit, audited, and the coordinating organisation's admins and signatories are
 * told (in the app and by email). Returns the deficit booked, in cents.
 */
export async function takeFromCash(tx: Tx, entry: NewEntry, now: Date) {
	const available = (await totalsOfFund(tx, entry.fundId)).available;
	const shortfall = entry.amountCents - Math.max(0, available);
	if (shortfall > 0) {
		await appendEntry(tx, {
			fundId: entry.fundId,
			kind: 'deficit',
			amountCents: shortfall,
			reference: entry.reference,
			actorUserId: null,
			at: now
		});
		const [row] = await tx
			.select({ name: funds.name, coordinator: consortia.coordinatorOrganisationId })
			.from(funds)
			.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
			.where(eq(funds.id, entry.fundId));
		await audit(
			tx,
			platformActor,
			'fund.deficit',
			{ type: 'fund', id: entry.fundId },
			{ amountCents: shortfall, cause: entry.kind, reference: entry.reference ?? '' }
		);
		await notify(tx, await peopleOf(tx, [row.coordinator], ['admin', 'signatory']), {
			type: 'fund.deficit',
			params: { fund: row.name, amountCents: String(shortfall) },
			link: `/funds/${entry.fundId}/dashboard`
		});
	}
	await appendEntry(tx, { ...entry, at: now });
	return Math.max(0, shortfall);
}
