import * as m from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import { formatEuros } from '$lib/domain/money';
import { dateTimeFormat, numberFormat, pluralRulesOf } from '$lib/domain/intl';

// Words for the codes the database stores, in the reader's language.

type Options = { locale?: Locale };

export function roleLabel(role: string, locale: Locale = getLocale()): string {
	const o: Options = { locale };
	switch (role) {
		case 'admin':
			return m.role_admin({}, o);
		case 'signatory':
			return m.role_signatory({}, o);
		default:
			return m.role_member({}, o);
	}
}

export function kindLabel(kind: string): string {
	switch (kind) {
		case 'city':
			return m.kind_city();
		case 'intercommunality':
			return m.kind_intercommunality();
		case 'startup':
			return m.kind_startup();
		default:
			return m.kind_partner();
	}
}

export function verificationLabel(status: string): string {
	switch (status) {
		case 'verified':
			return m.status_verified();
		case 'rejected':
			return m.status_rejected();
		default:
			return m.status_unverified();
	}
}

const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeZone: 'Europe/Paris' };
const DATETIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' };

export function formatDate(date: Date | string | number, style: 'date' | 'datetime' = 'date'): string {
	return dateTimeFormat(getLocale(), style === 'date' ? DATE : DATETIME).format(new Date(date));
}

export function formatNumber(value: number): string {
	return numberFormat(getLocale()).format(value);
}

export function themeLabel(theme: string): string {
	const labels: Record<string, () => string> = {
		digital_inclusion: m.theme_digital_inclusion,
		town_centre_commerce: m.theme_town_centre_commerce,
		education: m.theme_education,
		mobility: m.theme_mobility,
		energy_environment: m.theme_energy_environment,
		public_services: m.theme_public_services,
		urban_data: m.theme_urban_data,
		health: m.theme_health,
		safety: m.theme_safety
	};
	return (labels[theme] ?? m.theme_other)();
}

export function projectStatusLabel(status: string, locale: Locale = getLocale()): string {
	const labels: Record<string, (inputs: object, options: Options) => string> = {
		draft: m.project_status_draft,
		published: m.project_status_published,
		consortium_formed: m.project_status_consortium_formed,
		funded: m.project_status_funded,
		in_progress: m.project_status_in_progress,
		completed: m.project_status_completed,
		abandoned: m.project_status_abandoned
	};
	return (labels[status] ?? m.project_status_draft)({}, { locale });
}

/** Cents in the reader's language; whole euros unless asked otherwise. */
export function formatMoney(cents: number, fractionDigits = 0): string {
	return formatEuros(cents, getLocale(), fractionDigits);
}

export function callStatusLabel(status: string): string {
	const labels: Record<string, () => string> = {
		draft: m.call_status_draft,
		open: m.call_status_open,
		closed: m.call_status_closed,
		evaluating: m.call_status_evaluating,
		decided: m.call_status_decided,
		experimenting: m.call_status_experimenting,
		evaluated: m.call_status_evaluated
	};
	return (labels[status] ?? m.call_status_draft)();
}

export function legalFrameLabel(frame: string): string {
	return frame === 'innovative_purchase' ? m.legal_frame_innovative_purchase() : m.legal_frame_experimentation_convention();
}

export function responseStatusLabel(status: string): string {
	const labels: Record<string, () => string> = {
		draft: m.response_status_draft,
		submitted: m.response_status_submitted,
		withdrawn: m.response_status_withdrawn,
		shortlisted: m.response_status_shortlisted,
		rejected: m.response_status_rejected,
		selected: m.response_status_selected
	};
	return (labels[status] ?? m.response_status_draft)();
}

export function consortiumStatusLabel(status: string): string {
	const labels: Record<string, () => string> = {
		forming: m.consortium_status_forming,
		active: m.consortium_status_active,
		dissolved: m.consortium_status_dissolved
	};
	return (labels[status] ?? m.consortium_status_forming)();
}

/** "1 département" / "3 départements": the plural rule of the reader's language. */
export function isSingular(count: number): boolean {
	return pluralRulesOf(getLocale()).select(count) === 'one';
}

export function consortiumMemberStatusLabel(status: string, decisionKind?: string | null): string {
	if (status === 'council_approved' && decisionKind === 'president_delegation') return m.consortium_member_president_approved();
	const labels: Record<string, () => string> = {
		invited: m.consortium_member_invited,
		accepted: m.consortium_member_accepted,
		council_approved: m.consortium_member_council_approved,
		declined: m.consortium_member_declined,
		withdrawn: m.consortium_member_withdrawn,
		cancelled: m.consortium_member_cancelled
	};
	return (labels[status] ?? m.consortium_member_invited)();
}

export function fundStatusLabel(status: string): string {
	const labels: Record<string, () => string> = {
		draft: m.fund_status_draft,
		open: m.fund_status_open,
		funded: m.fund_status_funded,
		failed: m.fund_status_failed,
		closed: m.fund_status_closed
	};
	return (labels[status] ?? m.fund_status_open)();
}

export function fundKindLabel(kind: string): string {
	return kind === 'experimentation' ? m.fund_kind_experimentation() : m.fund_kind_investment();
}

export function thresholdRuleLabel(rule: string): string {
	return rule === 'flexible' ? m.fund_rule_flexible() : m.fund_rule_all_or_nothing();
}

export function pledgeStatusLabel(status: string): string {
	const labels: Record<string, () => string> = {
		intent: m.pledge_status_intent,
		approved: m.pledge_status_approved,
		called: m.pledge_status_called,
		paid: m.pledge_status_paid,
		withdrawn: m.pledge_status_withdrawn,
		released: m.pledge_status_released,
		refunded: m.pledge_status_refunded,
		refund_owed: m.money_pledge_status_refund_owed
	};
	return (labels[status] ?? m.pledge_status_intent)();
}

/** The tone of a pledge's or a fund's status badge. */
export function moneyStatusTone(status: string): 'neutral' | 'success' | 'warning' | 'danger' {
	if (['paid', 'funded'].includes(status)) return 'success';
	if (['called', 'intent', 'refund_owed'].includes(status)) return 'warning';
	if (['failed', 'withdrawn', 'released', 'refunded'].includes(status)) return 'danger';
	return 'neutral';
}

/** In the reader's language, or in `locale` (the CSV export is always in French). */
export function ledgerKindLabel(kind: string, locale: Locale = getLocale()): string {
	const labels: Record<string, (inputs: Record<string, never>, options: Options) => string> = {
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
	};
	return (labels[kind] ?? m.ledger_kind_pledge)({}, { locale });
}

/** Stripe's state of an invoice, in the reader's language. */
export function stripeStatusLabel(status: string): string {
	const labels: Record<string, () => string> = {
		draft: m.stripe_status_draft,
		open: m.stripe_status_open,
		paid: m.stripe_status_paid,
		void: m.stripe_status_void,
		uncollectible: m.stripe_status_uncollectible
	};
	return (labels[status] ?? m.stripe_status_open)();
}
