// Who may act on a consortium: one predicate per right, asked by the page (to show a form or say why not, from the
// person's memberships loaded for this request) and by the command (to refuse, from the memberships read in its
// transaction). Coordinating a consortium (its members) is an admin's right; coordinating a fund (its money) is in
// funds/policy.ts.

import { eq } from 'drizzle-orm';
import type { Tx } from '../db';
import { consortia, type User } from '../db/schema';
import type { Actor } from '../audit/audit';
import { roleIn } from '../organisations/queries';
import { allowed, refused, type Verdict } from '../shared/outcome';
import { isLocalAuthority, type ConsortiumStatus } from '../../domain/consortia';
import type { Role } from '../../domain/roles';

type MaybeRole = Role | null | undefined;

/** Coordinates a consortium (invites, links, hands over, dissolves): an admin of its coordinating organisation, while it lasts. */
export function mayCoordinateConsortium(roleInCoordinator: MaybeRole, status: ConsortiumStatus): Verdict<'dissolved' | 'forbidden'> {
	if (status === 'dissolved') return refused('dissolved');
	return roleInCoordinator === 'admin' ? allowed : refused('forbidden');
}

/** Creates a consortium: an admin of a verified city or intercommunality. */
export function mayCreateConsortium(
	organisation: { kind: string; verificationStatus: string } | null | undefined,
	role: MaybeRole
): Verdict<'not_a_local_authority' | 'forbidden' | 'organisation_unverified'> {
	if (!organisation || !isLocalAuthority(organisation.kind)) return refused('not_a_local_authority');
	if (role !== 'admin') return refused('forbidden');
	return organisation.verificationStatus === 'verified' ? allowed : refused('organisation_unverified');
}

/** Answers for a member organisation (accepts or declines an invitation, takes over coordination): its admin. */
export function mayActForMember(roleInMember: MaybeRole): Verdict<'forbidden'> {
	return roleInMember === 'admin' ? allowed : refused('forbidden');
}

/** Withdraws a member: its admin, unless it coordinates (it hands its role over first). */
export function mayWithdraw(roleInMember: MaybeRole, coordinates: boolean): Verdict<'forbidden' | 'coordinator_cannot_withdraw'> {
	const acting = mayActForMember(roleInMember);
	if (!acting.ok) return acting;
	return coordinates ? refused('coordinator_cannot_withdraw') : allowed;
}

/** Signs for a member organisation: one of its signatories. */
export function maySignForMember(roleInMember: MaybeRole): Verdict<'signatories_only'> {
	return roleInMember === 'signatory' ? allowed : refused('signatories_only');
}

/** Records a member's délibération: a signatory of a member that has a council (a commune or an intercommunality). */
export function mayRecordDeliberation(roleInMember: MaybeRole, kind: string | null | undefined): Verdict<'signatories_only' | 'no_council'> {
	const signing = maySignForMember(roleInMember);
	if (!signing.ok) return signing;
	return isLocalAuthority(kind) ? allowed : refused('no_council');
}

/** The consortium if `user` coordinates it now (mayCoordinateConsortium, with the role read in `tx`). */
export async function coordinatingConsortium(tx: Tx, user: Pick<User, 'id'>, consortiumId: string) {
	const [consortium] = await tx.select().from(consortia).where(eq(consortia.id, consortiumId));
	if (!consortium) return { refusal: 'not_found' as const };
	const verdict = mayCoordinateConsortium(
		consortium.status === 'dissolved' ? null : await roleIn(tx, consortium.coordinatorOrganisationId, user.id),
		consortium.status
	);
	if (!verdict.ok) return { refusal: verdict.code };
	return { consortium, actor: { userId: user.id, organisationId: consortium.coordinatorOrganisationId } as Actor };
}
