import { eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { consortia, funds, ledgerEntries, pledges, stripeDisputes, type Pledge, type StripeDispute } from '../db/schema';
import { pledgeFromLedger } from '../../domain/funds';
import { audit, platformActor } from '../audit/audit';
import { notify } from '../notifications/notify';
import { appendEntry, flowColumns, totalsByPledge, totalsOfFund } from './ledger';
import { takeFromCash } from './cash';
import { peopleOf } from './commands';

// A payment disputed in Stripe (charge.dispute.*). While a dispute is open, what it may take back is held
// back from disbursements; the ledger follows the money: withdrawn (cash → disputed), reinstated
// (disputed → cash) when the dispute is won, lost (disputed → lost) when it is not. Each step is audited
// and the coordinator is told when a dispute opens and how it ends.

/** What the handlers read of Stripe's Dispute object. */
export interface DisputeSnapshot {
	id: string;
	amount: number;
	charge: string;
	status: string;
}

export type DisputeEventType =
	'charge.dispute.created' | 'charge.dispute.updated' | 'charge.dispute.funds_withdrawn' | 'charge.dispute.funds_reinstated' | 'charge.dispute.closed';

const CLOSED = new Set(['won', 'lost', 'warning_closed', 'prevented']);

async function tellCoordinator(tx: Tx, fundId: string, type: string, params: Record<string, string>) {
	const [row] = await tx
		.select({ name: funds.name, coordinator: consortia.coordinatorOrganisationId })
		.from(funds)
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.where(eq(funds.id, fundId));
	await notify(tx, await peopleOf(tx, [row.coordinator], ['admin', 'signatory']), {
		type,
		params: { fund: row.name, ...params },
		link: `/funds/${fundId}/dashboard`
	});
}

function entryOf(pledge: Pledge, dispute: StripeDispute) {
	return {
		fundId: pledge.fundId,
		pledgeId: pledge.id,
		isMatch: pledge.matchOfferId !== null,
		organisationId: pledge.organisationId,
		reference: `stripe:${dispute.id}`,
		actorUserId: null
	};
}

/** Stripe withdrew the disputed amount: it leaves the fund's cash (a deficit if it was spent). */
async function withdraw(tx: Tx, pledge: Pledge, dispute: StripeDispute, now: Date) {
	const cents = dispute.amountCents - dispute.withdrawnCents;
	if (cents <= 0) return false;
	await takeFromCash(tx, { ...entryOf(pledge, dispute), kind: 'dispute_withdrawn', amountCents: cents }, now);
	await tx.update(stripeDisputes).set({ withdrawnCents: dispute.amountCents }).where(eq(stripeDisputes.id, dispute.id));
	await audit(tx, platformActor, 'pledge.dispute_withdrawn', { type: 'pledge', id: pledge.id }, { dispute: dispute.id, amountCents: cents });
	dispute.withdrawnCents = dispute.amountCents;
	return true;
}

/** Stripe gave back what it had withdrawn (a dispute won): it fills the fund's deficit first, if any. */
async function reinstate(tx: Tx, pledge: Pledge, dispute: StripeDispute, now: Date) {
	const cents = dispute.withdrawnCents;
	if (cents <= 0) return false;
	await appendEntry(tx, { ...entryOf(pledge, dispute), kind: 'dispute_reinstated', amountCents: cents, at: now });
	const deficit = (await totalsOfFund(tx, pledge.fundId)).deficit;
	if (deficit > 0)
		await appendEntry(tx, {
			fundId: pledge.fundId,
			kind: 'deficit_covered',
			amountCents: Math.min(deficit, cents),
			reference: `stripe:${dispute.id}`,
			actorUserId: null,
			at: now
		});
	await tx.update(stripeDisputes).set({ withdrawnCents: 0 }).where(eq(stripeDisputes.id, dispute.id));
	await audit(tx, platformActor, 'pledge.dispute_reinstated', { type: 'pledge', id: pledge.id }, { dispute: dispute.id, amountCents: cents });
	dispute.withdrawnCents = 0;
	return true;
}

/** The pledge's state as its entries now say (a dispute lost counts as money given back). */
async function syncStatus(tx: Tx, pledge: Pledge, now: Date) {
	const flows = await tx
		.select(flowColumns)
		.from(ledgerEntries)
		.where(eq(ledgerEntries.pledgeId, pledge.id))
		.groupBy(ledgerEntries.fromBucket, ledgerEntries.toBucket, ledgerEntries.isMatch);
	const { status } = pledgeFromLedger(flows);
	if (status && status !== pledge.status) await tx.update(pledges).set({ status, updatedAt: now }).where(eq(pledges.id, pledge.id));
}

/**
 * Applies one charge.dispute.* event to the pledge whose payment is disputed, in the caller's
 * transaction. Idempotent: the dispute row says what was withdrawn, so a replayed or reordered event
 * moves nothing twice. Returns the webhook outcome.
 */
export async function applyDispute(tx: Tx, type: DisputeEventType, snapshot: DisputeSnapshot, pledge: Pledge, now: Date) {
	let [dispute] = await tx.select().from(stripeDisputes).where(eq(stripeDisputes.id, snapshot.id));
	if (!dispute) {
		[dispute] = await tx
			.insert(stripeDisputes)
			.values({
				id: snapshot.id,
				pledgeId: pledge.id,
				fundId: pledge.fundId,
				chargeId: snapshot.charge,
				amountCents: snapshot.amount,
				status: snapshot.status,
				openedAt: now
			})
			.returning();
		await audit(tx, platformActor, 'pledge.dispute_opened', { type: 'pledge', id: pledge.id }, { dispute: snapshot.id, amountCents: snapshot.amount });
		await tellCoordinator(tx, pledge.fundId, 'fund.dispute_opened', { amountCents: String(snapshot.amount) });
	}
	if (dispute.closedAt) return 'nothing_to_change';
	let moved = false;
	if (type === 'charge.dispute.funds_withdrawn') moved = await withdraw(tx, pledge, dispute, now);
	if (type === 'charge.dispute.funds_reinstated') moved = await reinstate(tx, pledge, dispute, now);
	if (CLOSED.has(snapshot.status)) {
		if (snapshot.status === 'lost') {
			// Lost: whatever Stripe had not withdrawn yet is gone as well.
			await withdraw(tx, pledge, dispute, now);
			await appendEntry(tx, { ...entryOf(pledge, dispute), kind: 'dispute_lost', amountCents: dispute.withdrawnCents, at: now });
			// The payer's bank gave the money back: what was still expected of the pledge is not any more.
			const called = (await totalsByPledge(tx, [pledge.id])).get(pledge.id)!.called;
			if (called > 0) await appendEntry(tx, { ...entryOf(pledge, dispute), kind: 'release_called', amountCents: called, at: now });
			await syncStatus(tx, pledge, now);
		} else {
			await reinstate(tx, pledge, dispute, now);
		}
		await tx.update(stripeDisputes).set({ status: snapshot.status, closedAt: now }).where(eq(stripeDisputes.id, dispute.id));
		await audit(tx, platformActor, 'pledge.dispute_closed', { type: 'pledge', id: pledge.id }, { dispute: dispute.id, status: snapshot.status });
		await tellCoordinator(tx, pledge.fundId, snapshot.status === 'lost' ? 'fund.dispute_lost' : 'fund.dispute_won', {
			amountCents: String(dispute.amountCents)
		});
		return 'applied';
	}
	if (snapshot.status !== dispute.status) await tx.update(stripeDisputes).set({ status: snapshot.status }).where(eq(stripeDisputes.id, dispute.id));
	return moved ? 'applied' : 'recorded';
}
