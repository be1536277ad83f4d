// Who may act on a call, its questions, its documents, the responses to it and their evaluation: one predicate per
// right, asked by the page (to show a form or say why not, from the person's memberships loaded for this request)
// and by the command (to refuse, from the memberships read in its transaction). Roles are always the CURRENT ones.

import { allowed, refused, type Verdict } from '../shared/outcome';
import { isPublisherKind, type CallAudience, type CallStatus } from '../../domain/calls';
import { mayChangeCallDocuments } from '../../domain/call-documents';
import type { Role } from '../../domain/roles';

type MaybeRole = Role | null | undefined;
/** What the predicates need to know of an organisation. */
export interface Acting {
	kind: string;
	verificationStatus: string;
}

/**
 * Acts for a publisher on its calls: a person of a verified city, intercommunality or partner (drafts, edits,
 * answers questions); with `adminOnly`, one of its admins (publishes, extends, assigns evaluators, decides).
 */
export function mayActForPublisher(
	organisation: Acting | null | undefined,
	role: MaybeRole,
	adminOnly = false
): Verdict<'not_a_publisher' | 'forbidden' | 'organisation_unverified'> {
	if (!organisation || !isPublisherKind(organisation.kind)) return refused('not_a_publisher');
	if (!role || (adminOnly && role !== 'admin')) return refused('forbidden');
	return organisation.verificationStatus === 'verified' ? allowed : refused('organisation_unverified');
}

/** Manages a call (publishes it, moves its deadline, assigns evaluators, decides): an admin of its publisher. */
export function mayManageCall(roleInPublisher: MaybeRole): Verdict<'forbidden'> {
	return roleInPublisher === 'admin' ? allowed : refused('forbidden');
}

/** Sees a draft call (and the questions not yet answered): a person of its publisher, or a platform admin for drafts. */
export function maySeeCall(status: CallStatus, roleInPublisher: MaybeRole, isPlatformAdmin = false): boolean {
	return status !== 'draft' || Boolean(roleInPublisher) || isPlatformAdmin;
}

/** Answers the questions asked on a call, and reads those not yet answered: a person of its publisher. */
export function mayAnswerQuestions(roleInPublisher: MaybeRole): Verdict<'forbidden'> {
	return roleInPublisher ? allowed : refused('forbidden');
}

/** Opens the call's evaluation page: an admin of its publisher, or one of the call's evaluators. */
export function mayOpenEvaluation(roleInPublisher: MaybeRole, isEvaluator: boolean): Verdict<'forbidden'> {
	return mayManageCall(roleInPublisher).ok || isEvaluator ? allowed : refused('forbidden');
}

/** Adds or removes a call's documents (domain/call-documents.ts holds the rule, shared with the page). */
export function mayChangeDocuments(roleInPublisher: MaybeRole, status: CallStatus): Verdict<'forbidden' | 'documents_frozen'> {
	if (mayChangeCallDocuments(roleInPublisher, status)) return allowed;
	return roleInPublisher && status !== 'open' ? refused('documents_frozen') : refused('forbidden');
}

/** Asks a public question on a call: a person of a verified startup. */
export function mayAskQuestion(organisation: Acting | null | undefined, role: MaybeRole): Verdict<'startups_only' | 'organisation_unverified'> {
	if (!organisation || organisation.kind !== 'startup' || !role) return refused('startups_only');
	return organisation.verificationStatus === 'verified' ? allowed : refused('organisation_unverified');
}

/** The organisation that may answer a call of this audience: a startup, or the coordinator of a consortium. */
export function respondsAs(audience: CallAudience): 'startups_only' | 'coordinators_only' {
	return audience === 'consortia' ? 'coordinators_only' : 'startups_only';
}

/**
 * Answers a call for an organisation: for a call for experimentation, a person of a verified startup; for a call to
 * consortia, a person of the verified coordinator of a live consortium (`coordinates`, read by the caller).
 */
export function mayRespond(
	organisation: Acting | null | undefined,
	role: MaybeRole,
	audience: CallAudience,
	coordinates = false
): Verdict<'startups_only' | 'coordinators_only' | 'organisation_unverified'> {
	if (!organisation || !role) return refused(respondsAs(audience));
	if (audience === 'consortia' ? !coordinates : organisation.kind !== 'startup') return refused(respondsAs(audience));
	return organisation.verificationStatus === 'verified' ? allowed : refused('organisation_unverified');
}
