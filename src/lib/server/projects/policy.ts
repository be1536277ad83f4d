// Who may act on a project, its co-proposers and its documents: one predicate per right, asked by the page (to show a
// form or say why not, from the person's memberships loaded for this request) and by the command (to refuse, from
// the memberships read in its transaction). Roles are always the CURRENT ones.

import { allowed, refused, type Verdict } from '../shared/outcome';
import { isLocalAuthority } from '../../domain/consortia';
import { projectEditable, type ProjectStatus } from '../../domain/projects';
import { mayChangeProjectDocuments } from '../../domain/project-documents';
import type { Role } from '../../domain/roles';

type MaybeRole = Role | null | undefined;
/** What the predicates need to know of an organisation. */
export interface Acting {
	id?: string;
	kind: string;
	verificationStatus: string;
}

/**
 * Acts for a proposer on its projects: a person of a verified city or intercommunality (drafts, edits, publishes);
 * with `adminOnly`, one of its admins (moves it on, abandons it, invites co-proposers).
 */
export function mayActForProposer(
	organisation: Acting | null | undefined,
	role: MaybeRole,
	adminOnly = false
): Verdict<'not_a_city' | 'forbidden' | 'organisation_unverified'> {
	if (!organisation || !isLocalAuthority(organisation.kind)) return refused('not_a_city');
	if (!role || (adminOnly && role !== 'admin')) return refused('forbidden');
	return organisation.verificationStatus === 'verified' ? allowed : refused('organisation_unverified');
}

/** Sees a project: anyone once published; a draft, a person of its proposer or a platform admin. */
export function maySeeProject(status: ProjectStatus, roleInProposer: MaybeRole, isPlatformAdmin = false): boolean {
	return status !== 'draft' || Boolean(roleInProposer) || isPlatformAdmin;
}

/** Edits a project: a person of its proposer, while it is a draft or published. */
export function mayEditProject(roleInProposer: MaybeRole, status: ProjectStatus): Verdict<'forbidden' | 'not_editable'> {
	if (!roleInProposer) return refused('forbidden');
	return projectEditable(status) ? allowed : refused('not_editable');
}

/** Publishes a draft project: a person of its proposer. */
export function mayPublishProject(roleInProposer: MaybeRole, status: ProjectStatus): Verdict<'forbidden' | 'invalid_transition'> {
	if (!roleInProposer) return refused('forbidden');
	return status === 'draft' ? allowed : refused('invalid_transition');
}

/** Moves a project on after publication, abandons it, invites co-proposers: an admin of its proposer. */
export function mayManageProject(roleInProposer: MaybeRole): Verdict<'forbidden'> {
	return roleInProposer === 'admin' ? allowed : refused('forbidden');
}

/** Is invited to co-propose: another verified city or intercommunality than the proposer. */
export function mayCoPropose(invited: (Acting & { id: string }) | null | undefined, proposerId: string): Verdict<'invalid_coproposer'> {
	if (!invited || invited.id === proposerId) return refused('invalid_coproposer');
	return isLocalAuthority(invited.kind) && invited.verificationStatus === 'verified' ? allowed : refused('invalid_coproposer');
}

/** Answers an invitation to co-propose, for the invited organisation: its admin. */
export function mayAnswerCoproposal(roleInInvited: MaybeRole): Verdict<'forbidden'> {
	return roleInInvited === 'admin' ? allowed : refused('forbidden');
}

/** Attaches, marks and removes a project's documents (domain/project-documents.ts holds the rule, shared with the page). */
export function mayChangeDocuments(roleInProposer: MaybeRole, status: ProjectStatus): Verdict<'forbidden' | 'not_editable'> {
	if (!roleInProposer) return refused('forbidden');
	return mayChangeProjectDocuments(roleInProposer, status) ? allowed : refused('not_editable');
}
