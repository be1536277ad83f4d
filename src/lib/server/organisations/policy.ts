// Who may act on an organisation, its members, its profile and its open data: one predicate per right, asked by the
// page (to show a form or say why not, from the person's memberships loaded for this request) and by the command (to
// refuse, from the memberships read in its transaction). Roles are always the CURRENT ones.

import { allowed, refused, type Verdict } from '../shared/outcome';
import { canManageMembers, type Role } from '../../domain/roles';
import { mayEditProfile } from '../../domain/partners';

type MaybeRole = Role | null | undefined;

/** Sees an organisation's page: anyone once verified; before, its own people and platform admins. */
export function maySeeOrganisation(verificationStatus: string, roleInIt: MaybeRole, isPlatformAdmin = false): boolean {
	return verificationStatus === 'verified' || Boolean(roleInIt) || isPlatformAdmin;
}

/** Invites, changes roles, removes members, cancels invitations: an admin of the organisation. */
export function mayManageMembers(roleInIt: MaybeRole): Verdict<'forbidden'> {
	return canManageMembers(roleInIt) ? allowed : refused('forbidden');
}

/** Removes a member: an admin of the organisation, or the member themselves (`leaving`). */
export function mayRemoveMember(roleInIt: MaybeRole, leaving: boolean): Verdict<'forbidden'> {
	return leaving ? allowed : mayManageMembers(roleInIt);
}

/** Invites someone in: only once the organisation is verified. */
export function mayInvite(organisation: { verificationStatus: string }): Verdict<'organisation_unverified'> {
	return organisation.verificationStatus === 'verified' ? allowed : refused('organisation_unverified');
}

/** Edits the public profile (description, logo, referent): an admin (domain/partners.ts mayEditProfile). */
export function mayEditOrganisationProfile(roleInIt: MaybeRole): Verdict<'forbidden'> {
	return mayEditProfile(roleInIt) ? allowed : refused('forbidden');
}

/** Sets the organisation's SIRET, the key of its published open data: an admin. */
export function maySetSiret(roleInIt: MaybeRole): Verdict<'forbidden'> {
	return roleInIt === 'admin' ? allowed : refused('forbidden');
}

/** Reviews organisations and their known email domains: a platform admin. */
export function mayReviewOrganisations(user: { isPlatformAdmin: boolean }): Verdict<'forbidden'> {
	return user.isPlatformAdmin ? allowed : refused('forbidden');
}
