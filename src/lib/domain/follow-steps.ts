import type { AuditKind } from './audit-kinds';

/**
 * The later steps of a consortium or a fund that its followers hear of, by the audit event that records each:
 * public facts only (what the consortium's and the fund's pages show), never an intent not yet approved.
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
	'disbursement.approved': 'fund'
} as const satisfies Partial<Record<AuditKind, 'consortium' | 'fund'>>;

export type FollowedStep = keyof typeof followedSteps;

/**
 * The followed consortium or fund an audited step concerns, or null when followers are not told of it. A pledge's
 * step names its fund in the event's details.
 */
export function followedObjectOf(
	action: string,
	object: { type: string; id: string },
	details: Record<string, unknown>
): { type: 'consortium' | 'fund'; id: string; step: FollowedStep } | null {
	if (!Object.hasOwn(followedSteps, action)) return null;
	const step = action as FollowedStep;
	const type = followedSteps[step];
	if (object.type === type) return { type, id: object.id, step };
	if (type === 'fund' && object.type === 'pledge' && typeof details.fundId === 'string') return { type, id: details.fundId, step };
	return null;
}
