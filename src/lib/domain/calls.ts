// Calls for experimentation: lifecycle, schedule, criteria and scoring rules, as pure functions.

export const callStatuses = ['draft', 'open', 'closed', 'evaluating', 'decided', 'experimenting', 'evaluated'] as const;
export type CallStatus = (typeof callStatuses)[number];
/** What the public sees of calls (lists, API, feeds): every status but the draft. */
export const publicCallStatuses = callStatuses.filter((s) => s !== 'draft');

export const legalFrames = ['experimentation_convention', 'innovative_purchase'] as const;

export const callAudiences = ['startups', 'consortia'] as const;
export type CallAudience = (typeof callAudiences)[number];
export type LegalFrame = (typeof legalFrames)[number];

/** The organisations that publish calls: communes, intercommunalities and partners. */
export const publisherKinds = ['city', 'intercommunality', 'partner'] as const;
export type PublisherKind = (typeof publisherKinds)[number];

export function isPublisherKind(kind: string | null | undefined): kind is PublisherKind {
	return (publisherKinds as readonly (string | null | undefined)[]).includes(kind);
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const MIN_CALL_DAYS = 7;
export const RECOMMENDED_CALL_DAYS = 28;
/** Innovative purchases are exempt from competition below EUR 100,000 excluding VAT. */
export const INNOVATIVE_PURCHASE_THRESHOLD_CENTS = 100_000_00;

export type ScheduleCheck = { ok: false; problem: 'closes_before_opens' | 'too_short' } | { ok: true; warnShort: boolean };

/** A call must stay open at least 7 days; under 28 days it is allowed with a warning. */
export function checkSchedule(opensAt: Date, closesAt: Date): ScheduleCheck {
	const days = (closesAt.getTime() - opensAt.getTime()) / DAY_MS;
	if (days <= 0) return { ok: false, problem: 'closes_before_opens' };
	if (days < MIN_CALL_DAYS) return { ok: false, problem: 'too_short' };
	return { ok: true, warnShort: days < RECOMMENDED_CALL_DAYS };
}

export function warnInnovativePurchase(frame: LegalFrame, budgetCents: number | null): boolean {
	return frame === 'innovative_purchase' && budgetCents !== null && budgetCents > INNOVATIVE_PURCHASE_THRESHOLD_CENTS;
}

export interface Criterion {
	label: string;
	weight: number;
}

export type CriteriaProblem = 'none' | 'too_many' | 'label_missing' | 'weight_invalid' | 'sum_not_100';

/** Criteria need a label each, whole weights from 1 to 100, and weights that add up to 100. */
export function criteriaProblem(criteria: readonly Criterion[]): CriteriaProblem | null {
	if (criteria.length === 0) return 'none';
	if (criteria.length > 10) return 'too_many';
	if (criteria.some((c) => c.label.trim() === '')) return 'label_missing';
	if (criteria.some((c) => !Number.isInteger(c.weight) || c.weight < 1 || c.weight > 100)) return 'weight_invalid';
	if (criteria.reduce((sum, c) => sum + c.weight, 0) !== 100) return 'sum_not_100';
	return null;
}

/** Once open, the deadline may only move later. */
export function canExtendDeadline(status: CallStatus, current: Date, proposed: Date): boolean {
	return status === 'open' && proposed.getTime() > current.getTime();
}

/** What a visitor reads of a call: an open call whose opening date is still ahead is upcoming, not open. */
export type CallPhase = CallStatus | 'upcoming';
export function callPhase(status: CallStatus, opensAt: Date, now: Date): CallPhase {
	return status === 'open' && now < opensAt ? 'upcoming' : status;
}

export function acceptsResponses(status: CallStatus, opensAt: Date, closesAt: Date, now: Date): boolean {
	return status === 'open' && now >= opensAt && now < closesAt;
}

const callForward: Record<CallStatus, CallStatus[]> = {
	draft: ['open'],
	open: ['closed'],
	closed: ['evaluating'],
	evaluating: ['decided'],
	decided: ['experimenting'],
	experimenting: ['evaluated'],
	evaluated: []
};

export function canMoveCall(from: CallStatus, to: CallStatus): boolean {
	return callForward[from].includes(to);
}

export function nextCallStatuses(from: CallStatus): readonly CallStatus[] {
	return callForward[from];
}

export interface Score {
	evaluatorId: string;
	criterionId: string;
	score: number;
}

/**
 * The weighted mean (0–5) of a response: for each criterion the mean of its evaluators' scores,
 * weighted by the criterion's weight. Null until every criterion has at least one score.
 */
export function weightedMean(criteria: readonly { id: string; weight: number }[], scores: readonly Score[]): number | null {
	if (criteria.length === 0) return null;
	let total = 0;
	let weights = 0;
	for (const criterion of criteria) {
		const mine = scores.filter((s) => s.criterionId === criterion.id);
		if (mine.length === 0) return null;
		total += (criterion.weight * mine.reduce((sum, s) => sum + s.score, 0)) / mine.length;
		weights += criterion.weight;
	}
	return total / weights;
}

/** Evaluators who scored every criterion of a response. */
export function completeEvaluators(criteria: readonly { id: string }[], scores: readonly Score[]): number {
	const byEvaluator = new Map<string, Set<string>>();
	for (const s of scores) byEvaluator.set(s.evaluatorId, (byEvaluator.get(s.evaluatorId) ?? new Set()).add(s.criterionId));
	return [...byEvaluator.values()].filter((set) => criteria.every((c) => set.has(c.id))).length;
}

/** Responses ranked by weighted mean, highest first; unscored ones last; ties by earlier submission. */
export function rankResponses<T extends { mean: number | null; submittedAt: Date | null }>(responses: readonly T[]): T[] {
	return [...responses].sort((a, b) => {
		if (a.mean === null || b.mean === null) return a.mean === null ? (b.mean === null ? 0 : 1) : -1;
		if (b.mean !== a.mean) return b.mean - a.mean;
		return (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0);
	});
}
