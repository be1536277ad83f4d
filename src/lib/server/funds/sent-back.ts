// What a refund sent and a return of money not due share, checked in the same order by both commands
// (refunds.ts, unapplied.ts): a positive amount, a day not in the future, a bank reference, no more than is
// left to send back, and not the same transfer twice.

import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { ledgerEntries } from '../db/schema';
import { totalsByPledge } from './ledger';
import type { FundRefusal } from './refusals';
import { parisDay } from '../../domain/consortia';

export interface SentBack {
	amountCents: number;
	bankReference: string;
	sentOn: Date;
}

/** Each kind of transfer back: the bucket it empties, and its refusals when that bucket is empty or exceeded. */
const kinds = {
	refund_made: { bucket: 'owed', nothing: 'nothing_owed', over: 'over_owed' },
	unapplied_returned: { bucket: 'unapplied', nothing: 'nothing_unapplied', over: 'over_unapplied' }
} as const;

/** Why a transfer back cannot be recorded for a pledge; otherwise its trimmed reference and what was left to send. */
export async function sentBackCheck(
	tx: Tx,
	pledgeId: string,
	kind: keyof typeof kinds,
	sent: SentBack,
	now: Date
): Promise<{ ok: false; code: FundRefusal } | { ok: true; reference: string; leftCents: number }> {
	const { bucket, nothing, over } = kinds[kind];
	if (!Number.isSafeInteger(sent.amountCents) || sent.amountCents <= 0) return { ok: false, code: 'amount_not_positive' };
	if (parisDay(sent.sentOn) > parisDay(now)) return { ok: false, code: 'sent_in_future' };
	const reference = sent.bankReference.trim();
	if (!reference) return { ok: false, code: 'bank_reference_required' };
	const leftCents = (await totalsByPledge(tx, [pledgeId])).get(pledgeId)![bucket];
	if (leftCents <= 0) return { ok: false, code: nothing };
	if (sent.amountCents > leftCents) return { ok: false, code: over };
	const [recorded] = await tx
		.select({ seq: ledgerEntries.seq })
		.from(ledgerEntries)
		.where(and(eq(ledgerEntries.pledgeId, pledgeId), eq(ledgerEntries.kind, kind), eq(ledgerEntries.reference, reference)))
		.limit(1);
	if (recorded) return { ok: false, code: 'duplicate_refund' };
	return { ok: true, reference, leftCents };
}
