import type { AuditKind } from './audit-kinds';

/**
 * The later steps of a consortium, a fund or a project that its followers hear of, by the audit event that records
 * each: public facts only (what their pages show), never an intent not yet approved. A project's status changes are
 * told by the project's own command; its new documents come through here.
 */
export const followedSteps = {
	'consortium.invited': 'consortium',
	'consortium.accepted': 'consortium',
	'consortium.declined': 'consortium',
	'consortium.council_approved': 'consortium',
	'consortium.withdrawn': 'consortium',
	'consortium.forming': 'consortium',
	'consortium.active': 'consortium',
	'consortium.dissolved': 'consortium',
	'consortium.coordinator_changed': 'consortium',
	'consortium.project_linked': 'consortium',
	'consortium.fund_opened': 'consortium',
	'fund.funded': 'fund',
	'fund.failed': 'fund',
	'fund.match_approved': 'fund',
	'fund.match_withdrawn': 'fund',
	'pledge.approved': 'fund',
	'pledge.payment_received': 'fund',
	'disbursement.approved': 'fund',
	'project.document_added': 'project'
} as const satisfies Partial<Record<AuditKind, FollowedType>>;

export type FollowedType = 'consortium' | 'fund' | 'project';

export type FollowedStep = keyof typeof followedSteps;

/**
 * The followed consortium, fund or project an audited step concerns, or null when followers are not told of it. A pledge's
 * step names its fund in the event's details.
 */
export function followedObjectOf(
	action: string,
	object: { type: string; id: string },
	details: Record<string, unknown>
): { type: FollowedType; id: string; step: FollowedStep } | null {
	if (!Object.hasOwn(followedSteps, action)) return null;
	const step = action as FollowedStep;
	const type = followedSteps[step];
	if (object.type === type) return { type, id: object.id, step };
	if (type === 'fund' && object.type === 'pledge' && typeof details.fundId === 'string') return { type, id: details.fundId, step };
	return null;
}
