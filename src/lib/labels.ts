import * as m from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import { formatEuros } from '$lib/domain/money';
import { dateTimeFormat, numberFormat, pluralRulesOf } from '$lib/domain/intl';
import type { Role } from '$lib/domain/roles';
import type { OrganisationKind, VerificationStatus } from '$lib/domain/organisations';
import type { ProjectStatus, ProjectTheme } from '$lib/domain/projects';
import type { CallStatus, LegalFrame } from '$lib/domain/calls';
import type { ResponseStatus } from '$lib/domain/responses';
import type { ConsortiumStatus, MemberStatus } from '$lib/domain/consortia';
import type { EntryKind, FundKind, FundStatus, PledgeStatus, ThresholdRule } from '$lib/domain/funds';
import type { StripeInvoiceStatus } from '$lib/domain/stripe';

// Words for the codes the database stores, in the reader's language. Each function takes its vocabulary's union
// (the `as const` tuples of src/lib/domain), and each table is a Record over that union: a code without a label
// does not compile, and nothing falls back silently to another code's words.

type Options = { locale?: Locale };
type Label = () => string;

export function roleLabel(role: Role, locale: Locale = getLocale()): string {
	const labels = { admin: m.role_admin, signatory: m.role_signatory, member: m.role_member } satisfies Record<
		Role,
		(inputs: object, options: Options) => string
	>;
	return labels[role]({}, { locale });
}

export function kindLabel(kind: OrganisationKind): string {
	const labels = {
		city: m.kind_city,
		intercommunality: m.kind_intercommunality,
		startup: m.kind_startup,
		partner: m.kind_partner
	} satisfies Record<OrganisationKind, Label>;
	return labels[kind]();
}

export function verificationLabel(status: VerificationStatus): string {
	const labels = { verified: m.status_verified, rejected: m.status_rejected, unverified: m.status_unverified } satisfies Record<VerificationStatus, Label>;
	return labels[status]();
}

const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeZone: 'Europe/Paris' };
const DATETIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' };

export function formatDate(date: Date | string | number, style: 'date' | 'datetime' = 'date'): string {
	return dateTimeFormat(getLocale(), style === 'date' ? DATE : DATETIME).format(new Date(date));
}

export function formatNumber(value: number): string {
	return numberFormat(getLocale()).format(value);
}

export function themeLabel(theme: ProjectTheme): string {
	const labels = {
		digital_inclusion: m.theme_digital_inclusion,
		town_centre_commerce: m.theme_town_centre_commerce,
		education: m.theme_education,
		mobility: m.theme_mobility,
		energy_environment: m.theme_energy_environment,
		public_services: m.theme_public_services,
		urban_data: m.theme_urban_data,
		health: m.theme_health,
		safety: m.theme_safety,
		other: m.theme_other
	} satisfies Record<ProjectTheme, Label>;
	return labels[theme]();
}

export function projectStatusLabel(status: ProjectStatus, locale: Locale = getLocale()): string {
	const labels = {
		draft: m.project_status_draft,
		published: m.project_status_published,
		consortium_formed: m.project_status_consortium_formed,
		funded: m.project_status_funded,
		in_progress: m.project_status_in_progress,
		completed: m.project_status_completed,
		abandoned: m.project_status_abandoned
	} satisfies Record<ProjectStatus, (inputs: object, options: Options) => string>;
	return labels[status]({}, { locale });
}

/** Cents in the reader's language; whole euros unless asked otherwise. */
export function formatMoney(cents: number, fractionDigits = 0): string {
	return formatEuros(cents, getLocale(), fractionDigits);
}

export function callStatusLabel(status: CallStatus): string {
	const labels = {
		draft: m.call_status_draft,
		open: m.call_status_open,
		closed: m.call_status_closed,
		evaluating: m.call_status_evaluating,
		decided: m.call_status_decided,
		experimenting: m.call_status_experimenting,
		evaluated: m.call_status_evaluated
	} satisfies Record<CallStatus, Label>;
	return labels[status]();
}

export function legalFrameLabel(frame: LegalFrame): string {
	const labels = {
		innovative_purchase: m.legal_frame_innovative_purchase,
		experimentation_convention: m.legal_frame_experimentation_convention
	} satisfies Record<LegalFrame, Label>;
	return labels[frame]();
}

export function responseStatusLabel(status: ResponseStatus): string {
	const labels = {
		draft: m.response_status_draft,
		submitted: m.response_status_submitted,
		withdrawn: m.response_status_withdrawn,
		shortlisted: m.response_status_shortlisted,
		rejected: m.response_status_rejected,
		selected: m.response_status_selected
	} satisfies Record<ResponseStatus, Label>;
	return labels[status]();
}

export function consortiumStatusLabel(status: ConsortiumStatus): string {
	const labels = {
		forming: m.consortium_status_forming,
		active: m.consortium_status_active,
		dissolved: m.consortium_status_dissolved
	} satisfies Record<ConsortiumStatus, Label>;
	return labels[status]();
}

/** "1 département" / "3 départements": the plural rule of the reader's language. */
export function isSingular(count: number): boolean {
	return pluralRulesOf(getLocale()).select(count) === 'one';
}

export function consortiumMemberStatusLabel(status: MemberStatus, decisionKind?: string | null): string {
	if (status === 'council_approved' && decisionKind === 'president_delegation') return m.consortium_member_president_approved();
	const labels = {
		invited: m.consortium_member_invited,
		accepted: m.consortium_member_accepted,
		council_approved: m.consortium_member_council_approved,
		declined: m.consortium_member_declined,
		withdrawn: m.consortium_member_withdrawn,
		cancelled: m.consortium_member_cancelled
	} satisfies Record<MemberStatus, Label>;
	return labels[status]();
}

export function fundStatusLabel(status: FundStatus): string {
	const labels = {
		draft: m.fund_status_draft,
		open: m.fund_status_open,
		funded: m.fund_status_funded,
		failed: m.fund_status_failed,
		closed: m.fund_status_closed
	} satisfies Record<FundStatus, Label>;
	return labels[status]();
}

export function fundKindLabel(kind: FundKind): string {
	const labels = { experimentation: m.fund_kind_experimentation, investment: m.fund_kind_investment } satisfies Record<FundKind, Label>;
	return labels[kind]();
}

export function thresholdRuleLabel(rule: ThresholdRule): string {
	const labels = { flexible: m.fund_rule_flexible, all_or_nothing: m.fund_rule_all_or_nothing } satisfies Record<ThresholdRule, Label>;
	return labels[rule]();
}

export function pledgeStatusLabel(status: PledgeStatus): string {
	const labels = {
		intent: m.pledge_status_intent,
		approved: m.pledge_status_approved,
		called: m.pledge_status_called,
		paid: m.pledge_status_paid,
		withdrawn: m.pledge_status_withdrawn,
		released: m.pledge_status_released,
		refunded: m.pledge_status_refunded,
		refund_owed: m.money_pledge_status_refund_owed
	} satisfies Record<PledgeStatus, Label>;
	return labels[status]();
}

/** The tone of a pledge's or a fund's status badge. */
export function moneyStatusTone(status: PledgeStatus | FundStatus): 'neutral' | 'success' | 'warning' | 'danger' {
	if (['paid', 'funded'].includes(status)) return 'success';
	if (['called', 'intent', 'refund_owed'].includes(status)) return 'warning';
	if (['failed', 'withdrawn', 'released', 'refunded'].includes(status)) return 'danger';
	return 'neutral';
}

/** In the reader's language, or in `locale` (the CSV export is always in French). */
export function ledgerKindLabel(kind: EntryKind, locale: Locale = getLocale()): string {
	const labels = {
		pledge: m.ledger_kind_pledge,
		amend_up: m.ledger_kind_amend_up,
		amend_down: m.ledger_kind_amend_down,
		withdraw: m.ledger_kind_withdraw,
		approve: m.ledger_kind_approve,
		match: m.ledger_kind_match,
		call: m.ledger_kind_call,
		receipt: m.ledger_kind_receipt,
		expire: m.ledger_kind_expire,
		release: m.ledger_kind_release,
		release_called: m.ledger_kind_release_called,
		refund: m.ledger_kind_refund,
		disburse: m.ledger_kind_disburse,
		owe: m.money_ledger_kind_owe,
		refund_made: m.money_ledger_kind_refund_made,
		dispute_withdrawn: m.money_ledger_kind_dispute_withdrawn,
		dispute_reinstated: m.money_ledger_kind_dispute_reinstated,
		dispute_lost: m.money_ledger_kind_dispute_lost,
		deficit: m.money_ledger_kind_deficit,
		deficit_covered: m.money_ledger_kind_deficit_covered,
		deficit_made_good: m.money_ledger_kind_deficit_made_good,
		unapplied: m.money_ledger_kind_unapplied,
		unapplied_returned: m.money_ledger_kind_unapplied_returned
	} satisfies Record<EntryKind, (inputs: Record<string, never>, options: Options) => string>;
	return labels[kind]({}, { locale });
}

/** Stripe's state of an invoice, in the reader's language. */
export function stripeStatusLabel(status: StripeInvoiceStatus): string {
	const labels = {
		draft: m.stripe_status_draft,
		open: m.stripe_status_open,
		paid: m.stripe_status_paid,
		void: m.stripe_status_void,
		uncollectible: m.stripe_status_uncollectible
	} satisfies Record<StripeInvoiceStatus, Label>;
	return labels[status]();
}
