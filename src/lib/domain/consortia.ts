// Consortia (groupements): the membership states, and the rules a consortium must meet, as pure functions.

import { dateTimeFormat } from './intl';

export const consortiumStatuses = ['forming', 'active', 'dissolved'] as const;
export type ConsortiumStatus = (typeof consortiumStatuses)[number];

export const memberStatuses = ['invited', 'accepted', 'council_approved', 'declined', 'withdrawn', 'cancelled'] as const;
export type MemberStatus = (typeof memberStatuses)[number];

/** Members that count: they accepted, and may have had their council approve. */
/** The statuses of a member that counts toward the rules. */
export const currentMemberStatuses = ['accepted', 'council_approved'] as const satisfies readonly MemberStatus[];

export function isCurrentMember(status: MemberStatus): boolean {
	return (currentMemberStatuses as readonly MemberStatus[]).includes(status);
}

/** The statuses of a member still in play: invited, or a current member. */
export const liveMemberStatuses = ['invited', ...currentMemberStatuses] as const satisfies readonly MemberStatus[];

/** The organisations with a council (communes and intercommunalities): they create, coordinate and vote. */
export const localAuthorityKinds = ['city', 'intercommunality'] as const;
export type LocalAuthorityKind = (typeof localAuthorityKinds)[number];

export function isLocalAuthority(kind: string | null | undefined): kind is LocalAuthorityKind {
	return (localAuthorityKinds as readonly (string | null | undefined)[]).includes(kind);
}

export interface RuleSettings {
	minMembers: number;
	minDepartements: number;
	/** Région codes; empty means any région. */
	allowedRegions: readonly string[];
}

export interface MemberPlaces {
	organisationId: string;
	kind: 'city' | 'intercommunality' | 'startup' | 'partner';
	status: MemberStatus;
	/** Département codes the member covers: one for a commune, every one its communes touch for an EPCI. */
	departements: readonly string[];
	/** The région of each of those départements (same order). */
	regions: readonly string[];
}

export interface RuleReport {
	members: { holds: boolean; count: number; required: number };
	departements: { holds: boolean; covered: string[]; required: number };
	regions: { holds: boolean; allowed: readonly string[]; outside: string[] };
	/** All rules hold. */
	holds: boolean;
	/** Every current city and intercommunality has its council's approval. */
	allApproved: boolean;
	pendingApproval: string[];
}

/** Whether the consortium's rules hold for its current members, and what is missing. */
export function checkRules(settings: RuleSettings, members: readonly MemberPlaces[]): RuleReport {
	const current = members.filter((m) => isCurrentMember(m.status));
	const covered = [...new Set(current.flatMap((m) => m.departements))].sort(compareDepartements);
	const outside = settings.allowedRegions.length
		? current.filter((m) => m.regions.some((r) => !settings.allowedRegions.includes(r))).map((m) => m.organisationId)
		: [];
	const pendingApproval = current
		.filter((m) => (m.kind === 'city' || m.kind === 'intercommunality') && m.status !== 'council_approved')
		.map((m) => m.organisationId);
	const report = {
		members: { holds: current.length >= settings.minMembers, count: current.length, required: settings.minMembers },
		departements: { holds: covered.length >= settings.minDepartements, covered, required: settings.minDepartements },
		regions: { holds: outside.length === 0, allowed: settings.allowedRegions, outside }
	};
	return {
		...report,
		holds: report.members.holds && report.departements.holds && report.regions.holds,
		allApproved: pendingApproval.length === 0,
		pendingApproval
	};
}

/** The status the consortium should have for this report (a dissolved one stays dissolved). */
export function consortiumStatusFor(current: ConsortiumStatus, report: RuleReport): ConsortiumStatus {
	if (current === 'dissolved') return 'dissolved';
	return report.holds && report.allApproved ? 'active' : 'forming';
}

/** "01" < "2A" < "2B" < "21" … < "95" < "971": the order of the official list. */
export function compareDepartements(a: string, b: string): number {
	const key = (code: string) => (code === '2A' ? 20.1 : code === '2B' ? 20.2 : Number(code) >= 100 ? Number(code) / 10 + 1000 : Number(code));
	return key(a) - key(b);
}

const DAY_MS = 86_400_000;

export type DeliberationProblem = 'in_future' | 'too_old' | 'number_format';

/** The calendar day of an instant in France, as "YYYY-MM-DD". */
export function parisDay(instant: Date): string {
	return dateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * A délibération is dated today or earlier in France (and not absurdly old), with a number such as
 * "2026-114". `date` is the day it was voted, at noon UTC (what the form sends).
 */
export function deliberationProblem(number: string, date: Date, now: Date): DeliberationProblem | null {
	if (!/^[\p{L}\p{N}][\p{L}\p{N} ./_-]{0,39}$/u.test(number.trim())) return 'number_format';
	if (date.toISOString().slice(0, 10) > parisDay(now)) return 'in_future';
	if (now.getTime() - date.getTime() > 10 * 365 * DAY_MS) return 'too_old';
	return null;
}
