// A fund's own transitions: the coordinator opens it; whether a consortium still holds money in one.

import { and, eq, inArray } from 'drizzle-orm';
import { write, type Tx } from '../db';
import { consortia, consortiumMembers, funds, type Fund, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { roleIn } from '../organisations/queries';
import type { FundOutcome } from './refusals';
import { fundTotals } from './ledger';
import { fundLink, peopleOf } from './support';
import { mayOpenFund } from './policy';
import { currentMemberStatuses } from '../../domain/consortia';

export interface FundInput {
	kind: Fund['kind'];
	name: string;
	purpose: string;
	targetCents: number;
	thresholdCents: number | null;
	rule: Fund['rule'];
	deadline: Date;
	capAmountCents: number | null;
	capSharePercent: number | null;
}

/** The coordinator of an active consortium opens a fund. */
export async function openFund(user: User, consortiumId: string, input: FundInput, now = new Date()): Promise<FundOutcome<{ id: string }>> {
	return write(async (tx) => {
		const [consortium] = await tx.select().from(consortia).where(eq(consortia.id, consortiumId));
		if (!consortium) return { ok: false, code: 'not_found' };
		const opening = mayOpenFund(await roleIn(tx, consortium.coordinatorOrganisationId, user.id), consortium.status);
		if (!opening.ok) return opening;
		if (input.deadline.getTime() <= now.getTime()) return { ok: false, code: 'deadline_past' };
		const threshold = input.thresholdCents ?? input.targetCents;
		if (input.targetCents <= 0 || threshold <= 0) return { ok: false, code: 'amount_not_positive' };
		if (threshold > input.targetCents) return { ok: false, code: 'threshold_over_target' };
		const id = newId();
		await tx.insert(funds).values({
			id,
			consortiumId,
			kind: input.kind,
			name: input.name,
			purpose: input.purpose,
			targetCents: input.targetCents,
			thresholdCents: threshold,
			rule: input.rule,
			deadline: input.deadline,
			capAmountCents: input.capAmountCents,
			capShareBp: input.capSharePercent === null ? null : Math.round(input.capSharePercent * 100),
			status: 'open',
			createdBy: user.id,
			createdAt: now,
			updatedAt: now
		});
		const actor = { userId: user.id, organisationId: consortium.coordinatorOrganisationId };
		await audit(tx, actor, 'fund.opened', { type: 'fund', id }, { name: input.name, consortiumId, targetCents: input.targetCents }, now);
		await audit(tx, actor, 'consortium.fund_opened', { type: 'consortium', id: consortiumId }, { fundId: id, name: input.name }, now);
		const members = await tx
			.select({ organisationId: consortiumMembers.organisationId })
			.from(consortiumMembers)
			.where(and(eq(consortiumMembers.consortiumId, consortiumId), inArray(consortiumMembers.status, [...currentMemberStatuses])));
		await notify(
			tx,
			await peopleOf(
				tx,
				members.map((m) => m.organisationId!),
				['admin', 'signatory']
			),
			{
				type: 'fund.opened',
				params: { fund: input.name, consortium: consortium.name },
				link: fundLink(id)
			}
		);
		return { ok: true, id };
	});
}

/** Whether a consortium holds a fund with money in it or still raising: then it cannot be dissolved. */
export async function consortiumHoldsMoney(tx: Tx, consortiumId: string) {
	const rows = await tx.select({ id: funds.id, status: funds.status }).from(funds).where(eq(funds.consortiumId, consortiumId));
	if (rows.some((f) => f.status === 'open')) return true;
	const totals = await fundTotals(
		tx,
		rows.map((f) => f.id)
	);
	return [...totals.values()].some((t) => t.available > 0 || t.called > 0 || t.approved > 0);
}
