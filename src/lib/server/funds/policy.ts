// Who may act on a fund, its pledges and its match offers: one predicate per right, asked by the page (to show a
// form or say why not, from the person's memberships loaded for this request) and by the command (to refuse, from
// the memberships read in its transaction). Roles are always the CURRENT ones: nothing here is cached.

import { eq } from 'drizzle-orm';
import type { Queryable } from '../db';
import { consortia, funds, organisations, type User } from '../db/schema';
import type { Actor } from '../audit/audit';
import { roleColumn } from '../organisations/queries';
import { allowed, refused, type Verdict } from '../shared/outcome';
import { isPledgingKind } from '../../domain/funds';
import type { ConsortiumStatus } from '../../domain/consortia';
import type { Role } from '../../domain/roles';

type MaybeRole = Role | null | undefined;
/** What the predicates need to know of an organisation. */
export interface Acting {
	kind: string;
	verificationStatus: string;
}

/** Coordinates a fund: an admin or a signatory of the organisation that coordinates the fund's consortium. */
export function mayCoordinateFund(roleInCoordinator: MaybeRole): Verdict<'coordinators_only'> {
	return roleInCoordinator === 'admin' || roleInCoordinator === 'signatory' ? allowed : refused('coordinators_only');
}

/** Opens a fund: a coordinator of the fund's would-be consortium, once that consortium is active. */
export function mayOpenFund(roleInCoordinator: MaybeRole, consortiumStatus: ConsortiumStatus): Verdict<'coordinators_only' | 'consortium_not_active'> {
	const coordinating = mayCoordinateFund(roleInCoordinator);
	if (!coordinating.ok) return coordinating;
	return consortiumStatus === 'active' ? allowed : refused('consortium_not_active');
}

/** Signs for the fund (money leaving it): a signatory of the coordinating organisation, never one of its admins. */
export function maySignForFund(roleInCoordinator: MaybeRole): Verdict<'coordinators_only' | 'signatories_only'> {
	const coordinating = mayCoordinateFund(roleInCoordinator);
	if (!coordinating.ok) return coordinating;
	return roleInCoordinator === 'signatory' ? allowed : refused('signatories_only');
}

/** Speaks for a pledging organisation (amends or withdraws its intent): any of its people. */
export function mayActForPledger(roleInPledger: MaybeRole): Verdict<'forbidden'> {
	return roleInPledger ? allowed : refused('forbidden');
}

/**
 * Enters a pledge: a person of a verified city, intercommunality or partner that is a current member of the fund's
 * consortium (`isMember`, read from the consortium's members).
 */
export function mayPledge(
	organisation: Acting,
	roleInPledger: MaybeRole,
	isMember: boolean
): Verdict<'forbidden' | 'not_a_member' | 'organisation_unverified'> {
	const acting = mayActForPledger(roleInPledger);
	if (!acting.ok) return acting;
	if (!isPledgingKind(organisation.kind)) return refused('not_a_member');
	if (organisation.verificationStatus !== 'verified') return refused('organisation_unverified');
	return isMember ? allowed : refused('not_a_member');
}

/**
 * Approves a pledge: a signatory of the pledging organisation who neither entered nor amended it (`shapedIt`), so
 * that two people stand behind every commitment.
 */
export function mayApprovePledge(roleInPledger: MaybeRole, shapedIt = false): Verdict<'signatories_only' | 'own_pledge'> {
	if (roleInPledger !== 'signatory') return refused('signatories_only');
	return shapedIt ? refused('own_pledge') : allowed;
}

/** Proposes or withdraws a partner's match offer: an admin or a signatory of the partner. */
export function mayManageOffer(roleInPartner: MaybeRole): Verdict<'forbidden'> {
	return roleInPartner === 'admin' || roleInPartner === 'signatory' ? allowed : refused('forbidden');
}

/** Offers match funding: an admin or a signatory of a verified partner. */
export function mayOfferMatch(organisation: Acting, roleInPartner: MaybeRole): Verdict<'forbidden' | 'partners_only' | 'organisation_unverified'> {
	const managing = mayManageOffer(roleInPartner);
	if (!managing.ok) return managing;
	if (organisation.kind !== 'partner') return refused('partners_only');
	return organisation.verificationStatus === 'verified' ? allowed : refused('organisation_unverified');
}

/** Approves a match offer: a signatory of the partner other than the person who entered it. */
export function mayApproveOffer(roleInPartner: MaybeRole, enteredIt: boolean): Verdict<'signatories_only' | 'own_offer'> {
	if (roleInPartner !== 'signatory') return refused('signatories_only');
	return enteredIt ? refused('own_offer') : allowed;
}

/** What a page shows in place of an approval form (pledge or offer): the form, or why not. */
export function approvalForm(verdict: Verdict<'signatories_only' | 'own_pledge' | 'own_offer'>): 'form' | 'not_signatory' | 'own' {
	if (verdict.ok) return 'form';
	return verdict.code === 'signatories_only' ? 'not_signatory' : 'own';
}

/**
 * The fund, its consortium and the person's role, if `user` coordinates the fund now (mayCoordinateFund, with the
 * role read in `q`): what the coordinator's commands and the coordinator's page start from.
 */
export async function coordinatingFund(q: Queryable, user: Pick<User, 'id'>, fundId: string) {
	// The role is read in the same statement as the fund (and in the caller's transaction when `q` is one).
	const [row] = await q
		.select({
			fund: funds,
			consortium: consortia,
			coordinatorName: organisations.name,
			role: roleColumn(consortia.coordinatorOrganisationId, user.id)
		})
		.from(funds)
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.innerJoin(organisations, eq(organisations.id, consortia.coordinatorOrganisationId))
		.where(eq(funds.id, fundId));
	if (!row) return { refusal: 'not_found' as const };
	const { role, ...found } = row;
	const verdict = mayCoordinateFund(role);
	if (!verdict.ok || !role) return { refusal: 'coordinators_only' as const };
	return { ...found, role, actor: { userId: user.id, organisationId: row.consortium.coordinatorOrganisationId } as Actor };
}
