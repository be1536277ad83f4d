// What the funds commands share: the rows they load, who is told, and the limits an intent must fit.

import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable, Tx } from '../db';
import { consortia, consortiumMembers, fundMemberFlows, funds, memberships, organisations, pledges, type Fund } from '../db/schema';
import { memberFlowColumns, totalsOfFund } from './ledger';
import { intentProblem, totalsFrom, type Flow } from '../../domain/funds';
import type { Role } from '../../domain/roles';
import { currentMemberStatuses } from '../../domain/consortia';
// Loaded for what it does: the steps these commands audit reach the followers, whoever runs the command.
import '../observers/follow-steps';

/** A refusal that carries the figure a person needs to correct the amount (what is left under a limit). */
export type LimitRefusal = { ok: false; code: 'intent_over_member_cap' | 'intent_over_target'; leftCents: number };

/** Whether an intent of `amountCents` of `organisationId` fits the member's cap and the fund's target now. */
export async function intentLimit(tx: Tx, fund: Fund, organisationId: string, amountCents: number): Promise<LimitRefusal | null> {
	const problem = intentProblem(fund, amountCents, await memberCommitted(tx, fund.id, organisationId), (await totalsOfFund(tx, fund.id)).committed);
	return problem ? { ok: false, ...problem } : null;
}

/** The people of some organisations who hold one of `roles`. */
export async function peopleOf(tx: Tx, organisationIds: string[], roles: Role[]) {
	if (organisationIds.length === 0) return [];
	const rows = await tx
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(and(inArray(memberships.organisationId, organisationIds), inArray(memberships.role, roles)));
	return [...new Set(rows.map((r) => r.userId))];
}

/** Whether the organisation currently belongs to the consortium (accepted, or its council has voted). */
export async function isCurrentMember(tx: Queryable, consortiumId: string, organisationId: string) {
	const [membership] = await tx
		.select({ id: consortiumMembers.id })
		.from(consortiumMembers)
		.where(
			and(
				eq(consortiumMembers.consortiumId, consortiumId),
				eq(consortiumMembers.organisationId, organisationId),
				inArray(consortiumMembers.status, [...currentMemberStatuses])
			)
		);
	return Boolean(membership);
}

export async function loadFund(tx: Queryable, fundId: string) {
	const [row] = await tx
		.select({ fund: funds, consortium: consortia })
		.from(funds)
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.where(eq(funds.id, fundId));
	return row;
}

export async function loadPledge(tx: Tx, pledgeId: string) {
	const [row] = await tx
		.select({ pledge: pledges, fund: funds, consortium: consortia, organisationName: organisations.name })
		.from(pledges)
		.innerJoin(funds, eq(funds.id, pledges.fundId))
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(eq(pledges.id, pledgeId));
	return row;
}

export const fundLink = (fundId: string) => `/funds/${fundId}`;
export const dashboardLink = (fundId: string) => `/funds/${fundId}/dashboard`;

/** What one organisation has committed to a fund with its own pledges (matches excluded). */
export async function memberCommitted(tx: Tx, fundId: string, organisationId: string) {
	const flows: Flow[] = await tx
		.select(memberFlowColumns)
		.from(fundMemberFlows)
		.where(and(eq(fundMemberFlows.fundId, fundId), eq(fundMemberFlows.organisationId, organisationId), eq(fundMemberFlows.isMatch, false)));
	return totalsFrom(flows).committed;
}
