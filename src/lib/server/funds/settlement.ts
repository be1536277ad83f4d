// Settlement at the deadline: a fund is funded or failed, and a failed fund's pledges are released or owed back.

import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { db, write, type Tx } from '../db';
import { funds, matchOffers, pledges, stripeRefunds, type Pledge } from '../db/schema';
import { audit, platformActor } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { appendEntry, totalsByPledge, totalsOfFund } from './ledger';
import { settle } from '../../domain/funds';
import { fundLink, loadFund, peopleOf } from './support';
import { approvedMemberPledges, makeMatch } from './matches';

/** Asks the Stripe worker to void a pledge's invoice (written in the caller's transaction). */
export async function queueVoid(tx: Tx, pledgeId: string, now = new Date()) {
	await tx.insert(stripeRefunds).values({ id: newId(), pledgeId, kind: 'void', amountCents: 0, nextAttemptAt: now, createdAt: now });
}

/**
 * Releases one pledge of a failed fund; what was received of it becomes a refund owed. Without Stripe
 * the coordinator sends it back and records it (recordRefundMade); with Stripe the worker asks Stripe,
 * and the refund is booked as made when Stripe confirms it.
 */
async function unwind(tx: Tx, pledge: Pledge, fundName: string, now: Date) {
	const totals = (await totalsByPledge(tx, [pledge.id])).get(pledge.id)!;
	const base = {
		fundId: pledge.fundId,
		pledgeId: pledge.id,
		isMatch: pledge.matchOfferId !== null,
		organisationId: pledge.organisationId,
		actorUserId: null,
		at: now
	};
	if (totals.intent > 0) await appendEntry(tx, { ...base, kind: 'expire', amountCents: totals.intent });
	if (totals.approved > 0) await appendEntry(tx, { ...base, kind: 'release', amountCents: totals.approved });
	if (totals.called > 0) await appendEntry(tx, { ...base, kind: 'release_called', amountCents: totals.called });
	if (totals.available > 0) {
		await appendEntry(tx, { ...base, kind: 'owe', amountCents: totals.available, reference: pledge.stripeInvoiceId ?? pledge.stripePaymentIntentId ?? '' });
		// Money that came through Stripe goes back through Stripe: a refund the worker carries out.
		if (pledge.stripeInvoiceId || pledge.stripePaymentIntentId) {
			await tx.insert(stripeRefunds).values({ id: newId(), pledgeId: pledge.id, amountCents: totals.available, nextAttemptAt: now, createdAt: now });
		}
		await notify(tx, await peopleOf(tx, [pledge.organisationId], ['admin', 'signatory']), {
			type: 'fund.refund_owed',
			params: { fund: fundName, amountCents: String(totals.available) },
			link: '/pledges'
		});
	}
	// An invoice still open must not be paid any more: the worker voids it in Stripe.
	if (pledge.stripeInvoiceId && totals.called > 0) await queueVoid(tx, pledge.id, now);
	const status = totals.available > 0 ? 'refund_owed' : 'released';
	await tx.update(pledges).set({ status, updatedAt: now }).where(eq(pledges.id, pledge.id));
	await audit(tx, platformActor, `pledge.${status}`, { type: 'pledge', id: pledge.id }, { fundId: pledge.fundId, refundOwedCents: totals.available });
}

/**
 * Settles one fund whose deadline has passed, in the caller's transaction. Does nothing unless the fund
 * is still open: running it twice, or after a restart, settles it once.
 */
async function settleFund(tx: Tx, fundId: string, now: Date) {
	const row = await loadFund(tx, fundId);
	if (!row || row.fund.status !== 'open' || row.fund.deadline.getTime() > now.getTime()) return null;
	const { fund, consortium } = row;
	const committed = (await totalsOfFund(tx, fundId)).committed;
	const outcome = settle(fund.rule, fund.thresholdCents, committed);
	const live = await tx
		.select()
		.from(pledges)
		.where(and(eq(pledges.fundId, fundId), inArray(pledges.status, ['intent', 'approved', 'called', 'paid'])))
		.orderBy(asc(pledges.enteredAt), asc(pledges.id));
	if (outcome === 'funded') {
		// Intents nobody approved in time are not binding: they lapse.
		for (const pledge of live.filter((p) => p.status === 'intent')) await unwind(tx, pledge, fund.name, now);
		if (committed >= fund.thresholdCents) {
			const conditional = await tx
				.select()
				.from(matchOffers)
				.where(and(eq(matchOffers.fundId, fundId), eq(matchOffers.status, 'active'), eq(matchOffers.onlyIfThresholdReached, true)))
				.orderBy(asc(matchOffers.createdAt));
			const approved = await approvedMemberPledges(tx, fundId);
			for (const offer of conditional) for (const pledge of approved) await makeMatch(tx, fund, offer, pledge, null, now);
		}
	} else {
		for (const pledge of live) await unwind(tx, pledge, fund.name, now);
	}
	await tx.update(funds).set({ status: outcome, settledAt: now, updatedAt: now }).where(eq(funds.id, fundId));
	await audit(tx, platformActor, `fund.${outcome}`, { type: 'fund', id: fundId }, { committedCents: committed, thresholdCents: fund.thresholdCents });
	const organisationIds = [...new Set([...live.map((p) => p.organisationId), consortium.coordinatorOrganisationId])];
	await notify(tx, await peopleOf(tx, organisationIds, ['admin', 'signatory']), {
		type: outcome === 'funded' ? 'fund.funded' : 'fund.failed',
		params: { fund: fund.name },
		link: fundLink(fundId)
	});
	return outcome;
}

/** The settlement job: every open fund whose deadline has passed, each in its own transaction. */
export async function settleDueFunds(now = new Date()) {
	// Reading which funds are due needs no lock; each settlement re-checks inside its transaction.
	const due = await db()
		.select({ id: funds.id })
		.from(funds)
		.where(and(eq(funds.status, 'open'), lte(funds.deadline, now)));
	const settled: Record<string, string> = {};
	for (const { id } of due) {
		const outcome = await write((tx) => settleFund(tx, id, now));
		if (outcome) settled[id] = outcome;
	}
	return settled;
}
