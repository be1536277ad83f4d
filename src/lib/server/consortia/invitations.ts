// Invitations: the coordinator invites, cancels; the invited organisation accepts or declines.

import { and, eq, inArray, isNull } from 'drizzle-orm';
import { write, type Tx } from '../db';
import { communes, consortiumMembers, epcis, organisations, type Organisation, type User } from '../db/schema';
import { audit, type Actor } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { adminsOf, roleIn } from '../organisations/queries';
import type { ConsortiumOutcome } from './refusals';
import { refreshStatus } from './state';
import { memberRow } from './support';
import { coordinatingConsortium, mayActForMember } from './policy';
import { liveMemberStatuses } from '../../domain/consortia';

export async function inviteRow(
	tx: Tx,
	user: User,
	consortium: { id: string; name: string },
	actor: Actor,
	target: { organisation?: Organisation; inseeCode?: string; epciSiren?: string; name: string }
): Promise<ConsortiumOutcome> {
	if (target.organisation) {
		const [live] = await tx
			.select({ id: consortiumMembers.id })
			.from(consortiumMembers)
			.where(
				and(
					eq(consortiumMembers.consortiumId, consortium.id),
					eq(consortiumMembers.organisationId, target.organisation.id),
					inArray(consortiumMembers.status, [...liveMemberStatuses])
				)
			);
		if (live) return { ok: false, code: 'already_member' };
	} else {
		const [pending] = await tx
			.select({ id: consortiumMembers.id })
			.from(consortiumMembers)
			.where(
				and(
					eq(consortiumMembers.consortiumId, consortium.id),
					isNull(consortiumMembers.organisationId),
					target.inseeCode ? eq(consortiumMembers.inseeCode, target.inseeCode) : eq(consortiumMembers.epciSiren, target.epciSiren!),
					eq(consortiumMembers.status, 'invited')
				)
			);
		if (pending) return { ok: false, code: 'already_member' };
	}
	const id = newId();
	await tx.insert(consortiumMembers).values({
		id,
		consortiumId: consortium.id,
		organisationId: target.organisation?.id ?? null,
		inseeCode: target.inseeCode ?? target.organisation?.inseeCode ?? null,
		epciSiren: target.epciSiren ?? (target.organisation?.kind === 'intercommunality' ? target.organisation.siren : null),
		invitedName: target.name,
		invitedBy: user.id,
		invitedAt: new Date()
	});
	await audit(tx, actor, 'consortium.invited', { type: 'consortium', id: consortium.id }, { memberId: id, name: target.name });
	if (target.organisation) {
		await notify(tx, await adminsOf(tx, [target.organisation.id]), {
			type: 'consortium.invited',
			params: { consortium: consortium.name },
			link: `/consortia/${consortium.id}`
		});
	}
	return { ok: true };
}

/** The coordinator invites an organisation of the platform: a verified city, intercommunality or partner. */
export async function inviteOrganisation(user: User, consortiumId: string, organisationId: string): Promise<ConsortiumOutcome> {
	return write(async (tx) => {
		const coordinator = await coordinatingConsortium(tx, user, consortiumId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
		if (!organisation || organisation.verificationStatus !== 'verified' || organisation.kind === 'startup') {
			return { ok: false, code: 'invalid_member' };
		}
		return inviteRow(tx, user, coordinator.consortium, coordinator.actor, { organisation, name: organisation.name });
	});
}

/**
 * The coordinator invites a commune or an EPCI of the official list. With a verified account it is an
 * ordinary invitation; without one, the invitation waits for a verified claim of that commune or EPCI.
 */
export async function inviteOfficial(user: User, consortiumId: string, target: { inseeCode: string } | { epciSiren: string }): Promise<ConsortiumOutcome> {
	return write(async (tx) => {
		const coordinator = await coordinatingConsortium(tx, user, consortiumId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const isCommune = 'inseeCode' in target;
		const [official] = isCommune
			? await tx.select({ name: communes.name }).from(communes).where(eq(communes.inseeCode, target.inseeCode))
			: await tx.select({ name: epcis.name }).from(epcis).where(eq(epcis.siren, target.epciSiren));
		if (!official) return { ok: false, code: 'unknown_official' };
		const [organisation] = await tx
			.select()
			.from(organisations)
			.where(
				and(
					isCommune ? eq(organisations.inseeCode, target.inseeCode) : eq(organisations.siren, target.epciSiren),
					eq(organisations.kind, isCommune ? 'city' : 'intercommunality'),
					eq(organisations.verificationStatus, 'verified')
				)
			);
		return inviteRow(tx, user, coordinator.consortium, coordinator.actor, {
			organisation,
			inseeCode: isCommune ? target.inseeCode : undefined,
			epciSiren: isCommune ? undefined : target.epciSiren,
			name: official.name
		});
	});
}

/** The coordinator cancels an invitation that is still pending. */
export async function cancelInvitation(user: User, memberId: string): Promise<ConsortiumOutcome> {
	return write(async (tx) => {
		const row = await memberRow(tx, memberId);
		if (!row) return { ok: false, code: 'not_found' };
		const coordinator = await coordinatingConsortium(tx, user, row.consortium.id);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		if (row.member.status !== 'invited') return { ok: false, code: 'invalid_transition' };
		await tx.update(consortiumMembers).set({ status: 'cancelled', respondedAt: new Date() }).where(eq(consortiumMembers.id, memberId));
		await audit(
			tx,
			coordinator.actor,
			'consortium.invitation_cancelled',
			{ type: 'consortium', id: row.consortium.id },
			{ memberId, name: row.member.invitedName }
		);
		return { ok: true };
	});
}

/** The invited organisation's admin accepts or declines. */
export async function answerInvitation(user: User, memberId: string, accept: boolean): Promise<ConsortiumOutcome> {
	return write(async (tx) => {
		const row = await memberRow(tx, memberId);
		if (!row || !row.member.organisationId) return { ok: false, code: 'not_found' };
		const acting = mayActForMember(await roleIn(tx, row.member.organisationId, user.id));
		if (!acting.ok) return acting;
		if (row.member.status !== 'invited' || row.consortium.status === 'dissolved') return { ok: false, code: 'invalid_transition' };
		await tx
			.update(consortiumMembers)
			.set({ status: accept ? 'accepted' : 'declined', respondedAt: new Date() })
			.where(eq(consortiumMembers.id, memberId));
		const actor = { userId: user.id, organisationId: row.member.organisationId };
		await audit(
			tx,
			actor,
			accept ? 'consortium.accepted' : 'consortium.declined',
			{ type: 'consortium', id: row.consortium.id },
			{ name: row.member.invitedName }
		);
		await notify(tx, await adminsOf(tx, [row.consortium.coordinatorOrganisationId]), {
			type: accept ? 'consortium.member_accepted' : 'consortium.member_declined',
			params: { consortium: row.consortium.name, organisation: row.member.invitedName },
			link: `/consortia/${row.consortium.id}`
		});
		await refreshStatus(tx, row.consortium.id, actor);
		return { ok: true };
	});
}
