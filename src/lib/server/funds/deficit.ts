// A fund in deficit returns to zero with a trace: the coordinator puts money back into the account (its own
// budget, an insurer's payment…) and a signatory records that transfer with its bank reference. The transfer has
// already been made when it is recorded, as a receipt has: one signatory records it, on a second factor passed
// in this session, because it answers for the coordinator's money. Nothing leaves the fund.

import { and, eq } from 'drizzle-orm';
import { secondFactorRefusal, type SessionUser } from '../auth/second-factor';
import { write } from '../db';
import { ledgerEntries } from '../db/schema';
import { audit } from '../audit/audit';
import { appendEntry, totalsOfFund } from './ledger';
import { coordinatingFund, maySignForFund } from './policy';
import type { FundOutcome } from './refusals';
import { parisDay } from '../../domain/consortia';

export interface DeficitCover {
	amountCents: number;
	bankReference: string;
	receivedOn: Date;
}

/** A signatory of the coordinating organisation records money it put back to cover the fund's deficit (all or part). */
export async function recordDeficitCovered(
	user: SessionUser,
	fundId: string,
	cover: DeficitCover,
	now = new Date()
): Promise<FundOutcome<{ deficitCents: number }>> {
	if (secondFactorRefusal(user)) return { ok: false, code: 'second_factor_required' };
	return write(async (tx) => {
		const coordinator = await coordinatingFund(tx, user, fundId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const signing = maySignForFund(coordinator.role);
		if (!signing.ok) return signing;
		if (!Number.isSafeInteger(cover.amountCents) || cover.amountCents <= 0) return { ok: false, code: 'amount_not_positive' };
		if (parisDay(cover.receivedOn) > parisDay(now)) return { ok: false, code: 'received_in_future' };
		const reference = cover.bankReference.trim();
		if (!reference) return { ok: false, code: 'bank_reference_required' };
		const deficit = (await totalsOfFund(tx, fundId)).deficit;
		if (deficit <= 0) return { ok: false, code: 'no_deficit' };
		if (cover.amountCents > deficit) return { ok: false, code: 'over_deficit' };
		const [recorded] = await tx
			.select({ seq: ledgerEntries.seq })
			.from(ledgerEntries)
			.where(and(eq(ledgerEntries.fundId, fundId), eq(ledgerEntries.kind, 'deficit_made_good'), eq(ledgerEntries.reference, reference)))
			.limit(1);
		if (recorded) return { ok: false, code: 'duplicate_receipt' };
		await appendEntry(tx, {
			fundId,
			kind: 'deficit_made_good',
			amountCents: cover.amountCents,
			organisationId: coordinator.consortium.coordinatorOrganisationId,
			reference,
			actorUserId: user.id,
			at: now
		});
		await audit(
			tx,
			coordinator.actor,
			'fund.deficit_made_good',
			{ type: 'fund', id: fundId },
			{ amountCents: cover.amountCents, bankReference: reference, receivedOn: parisDay(cover.receivedOn), deficitBefore: deficit }
		);
		return { ok: true, deficitCents: deficit - cover.amountCents };
	});
}
