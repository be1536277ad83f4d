// Every way an organisation command can refuse, with its message, status and field in ONE table per aggregate: the
// organisation (claims, creation, profile, SIRET), its members and invitations, and the platform's review of it.
// A code without an entry does not compile.

import * as m from '$lib/paraglide/messages';
import type { RefusalTable } from '../shared/refusal';
import type { Outcome } from '../shared/outcome';

/** The organisation a refusal names: the one that already holds the SIREN, so the person knows whom to ask. */
export interface HolderFigures {
	holder: string;
}

export const organisationRefusals = {
	not_found: { message: m.error_not_found, status: 404 },
	forbidden: { message: m.error_forbidden, status: 403 },
	// Claiming a commune or an intercommunality, creating a startup or a partner.
	email_unverified: { message: m.err_email_unverified, status: 400 },
	unknown_commune: { message: m.err_choose_commune, status: 400 },
	unknown_epci: { message: m.err_choose_epci, status: 400 },
	already_claimed: { message: m.err_already_claimed, status: 400 },
	siren_taken: { message: (f) => m.trust_err_siren_taken({ holder: f.holder ?? '' }), status: 400 },
	public_body: { message: m.trust_err_public_body, status: 400 },
	// Its profile.
	logo_too_large: { message: m.profile_err_logo_size, status: 400, field: 'logo' },
	logo_not_image: { message: m.profile_err_logo_type, status: 400, field: 'logo' },
	// Its SIRET (open data).
	format: { message: m.opendata_err_siret_format, status: 400, field: 'siret' },
	checksum: { message: m.opendata_err_siret_checksum, status: 400, field: 'siret' },
	siren_mismatch: { message: m.opendata_err_siret_mismatch, status: 400, field: 'siret' }
} satisfies RefusalTable<string, HolderFigures>;

export type OrganisationRefusal = keyof typeof organisationRefusals;
export type OrganisationOutcome<T = object> = Outcome<T, OrganisationRefusal>;
export const organisationRefusalTable: RefusalTable<OrganisationRefusal, HolderFigures> = organisationRefusals;

/** What the members page adds: whether the form was an invitation (its signatory's act comes with it). */
export interface MemberFigures {
	invitation: boolean;
}

export const memberRefusals = {
	not_found: { message: m.err_member_not_found, status: 404 },
	forbidden: { message: m.error_forbidden, status: 403 },
	organisation_unverified: { message: m.err_org_unverified_invite, status: 400 },
	already_member: { message: m.err_already_member, status: 400 },
	last_admin: { message: m.err_last_admin, status: 400 },
	evidence_required: { message: (f) => (f.invitation ? m.trust_err_invite_evidence() : m.trust_err_signatory_evidence()), status: 400 },
	// Accepting an invitation.
	invalid_invitation: { message: m.invitation_invalid, status: 400 },
	wrong_account: { message: m.invitation_wrong_account, status: 400 }
} satisfies RefusalTable<string, MemberFigures>;

export type MemberRefusal = keyof typeof memberRefusals;
export type MemberOutcome<T = object> = Outcome<T, MemberRefusal>;
export const memberRefusalTable: RefusalTable<MemberRefusal, MemberFigures> = memberRefusals;

export const reviewRefusals = {
	// A dossier gone from the list (reviewed meanwhile, or never there) reads the same to the reviewer.
	not_found: { message: m.admin_review_gone, status: 404 },
	forbidden: { message: m.admin_review_gone, status: 403 },
	already_reviewed: { message: m.admin_review_gone, status: 409 },
	second_factor_required: { message: m.refusal_second_factor_required, status: 400 },
	evidence_missing: { message: m.trust_err_evidence_missing, status: 400 },
	siren_taken: { message: (f) => m.trust_err_siren_taken_admin({ holder: f.holder ?? '' }), status: 400 },
	invalid_domain: { message: m.trust_err_domain_invalid, status: 400, field: 'domain' }
} satisfies RefusalTable<string, HolderFigures>;

export type ReviewRefusal = keyof typeof reviewRefusals;
export type ReviewOutcome<T = object> = Outcome<T, ReviewRefusal>;
export const reviewRefusalTable: RefusalTable<ReviewRefusal, HolderFigures> = reviewRefusals;
