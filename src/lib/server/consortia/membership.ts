// A member's own steps: its council's délibération, its withdrawal.

import { and, eq, inArray } from 'drizzle-orm';
import { secondFactorRefusal, type SessionUser } from '../auth/second-factor';
import { write } from '../db';
import { consortia, consortiumMembers, deliberationNumbers, organisations, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { notify } from '../notifications/notify';
import { adminsOf, roleIn } from '../organisations/queries';
import type { ConsortiumOutcome } from './refusals';
import { currentMemberStatuses, deliberationProblem, isCurrentMember } from '../../domain/consortia';
import { refreshStatus } from './state';
import { memberRow } from './support';
import { mayActForMember, mayRecordDeliberation, maySignForMember, mayWithdraw } from './policy';

export interface Deliberation {
	number: string;
	date: Date;
	kind: 'council' | 'president_delegation';
	file: { file: string; name: string } | null;
}

/**
 * A signatory of the member records its council's délibération (an intercommunality may record its
 * president's delegated decision instead). The number may serve only once for that organisation.
 */
export async function recordDeliberation(user: SessionUser, memberId: string, deliberation: Deliberation, now = new Date()): Promise<ConsortiumOutcome> {
	// Public money moves on a second factor passed in this session (auth/second-factor.ts).
	if (secondFactorRefusal(user)) return { ok: false, code: 'second_factor_required' };
	return write(async (tx) => {
		const row = await memberRow(tx, memberId);
		if (!row || !row.member.organisationId) return { ok: false, code: 'not_found' };
		const role = await roleIn(tx, row.member.organisationId, user.id);
		const signing = maySignForMember(role);
		if (!signing.ok) return signing;
		if (row.member.status !== 'accepted' || row.consortium.status === 'dissolved') return { ok: false, code: 'invalid_transition' };
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, row.member.organisationId));
		const recording = mayRecordDeliberation(role, organisation.kind);
		if (!recording.ok) return recording;
		if (deliberation.kind === 'president_delegation' && organisation.kind !== 'intercommunality') return { ok: false, code: 'council_required' };
		const problem = deliberationProblem(deliberation.number, deliberation.date, now);
		if (problem) return { ok: false, code: `deliberation_${problem}` };
		const number = deliberation.number.trim();
		const [used] = await tx
			.select()
			.from(deliberationNumbers)
			.where(and(eq(deliberationNumbers.organisationId, organisation.id), eq(deliberationNumbers.number, number)));
		if (used) return { ok: false, code: 'deliberation_number_used' };
		await tx.insert(deliberationNumbers).values({ organisationId: organisation.id, number, memberId });
		await tx
			.update(consortiumMembers)
			.set({
				status: 'council_approved',
				decisionKind: deliberation.kind,
				deliberationNumber: number,
				deliberationDate: deliberation.date,
				deliberationFile: deliberation.file?.file ?? null,
				deliberationFileName: deliberation.file?.name ?? null,
				approvedBy: user.id,
				approvedAt: now
			})
			.where(eq(consortiumMembers.id, memberId));
		const actor = { userId: user.id, organisationId: organisation.id };
		await audit(
			tx,
			actor,
			'consortium.council_approved',
			{ type: 'consortium', id: row.consortium.id },
			{
				name: organisation.name,
				number,
				date: deliberation.date.toISOString().slice(0, 10),
				kind: deliberation.kind
			}
		);
		await notify(tx, await adminsOf(tx, [row.consortium.coordinatorOrganisationId]), {
			type: 'consortium.council_approved',
			params: { consortium: row.consortium.name, organisation: organisation.name },
			link: `/consortia/${row.consortium.id}`
		});
		await refreshStatus(tx, row.consortium.id, actor);
		return { ok: true };
	});
}

/** A member's admin withdraws it, with a reason. The coordinator hands its role over first. */
export async function withdraw(user: User, memberId: string, reason: string): Promise<ConsortiumOutcome> {
	return write(async (tx) => {
		const row = await memberRow(tx, memberId);
		if (!row || !row.member.organisationId) return { ok: false, code: 'not_found' };
		const role = await roleIn(tx, row.member.organisationId, user.id);
		const acting = mayActForMember(role);
		if (!acting.ok) return acting;
		if (!isCurrentMember(row.member.status) || row.consortium.status === 'dissolved') return { ok: false, code: 'invalid_transition' };
		const withdrawing = mayWithdraw(role, row.member.organisationId === row.consortium.coordinatorOrganisationId);
		if (!withdrawing.ok) return withdrawing;
		const why = reason.trim();
		await tx.update(consortiumMembers).set({ status: 'withdrawn', withdrawalReason: why, withdrawnAt: new Date() }).where(eq(consortiumMembers.id, memberId));
		if (row.consortium.proposedCoordinatorOrganisationId === row.member.organisationId) {
			await tx.update(consortia).set({ proposedCoordinatorOrganisationId: null }).where(eq(consortia.id, row.consortium.id));
		}
		const actor = { userId: user.id, organisationId: row.member.organisationId };
		await audit(tx, actor, 'consortium.withdrawn', { type: 'consortium', id: row.consortium.id }, { name: row.member.invitedName, reason: why });
		const others = await tx
			.select({ organisationId: consortiumMembers.organisationId })
			.from(consortiumMembers)
			.where(and(eq(consortiumMembers.consortiumId, row.consortium.id), inArray(consortiumMembers.status, [...currentMemberStatuses])));
		await notify(
			tx,
			await adminsOf(
				tx,
				others.map((o) => o.organisationId!)
			),
			{
				type: 'consortium.member_withdrew',
				params: { consortium: row.consortium.name, organisation: row.member.invitedName, reason: why },
				link: `/consortia/${row.consortium.id}`
			}
		);
		await refreshStatus(tx, row.consortium.id, actor);
		return { ok: true };
	});
}
