import * as m from '$lib/paraglide/messages';
import { formatMoney } from '$lib/labels';

/** The message for a refused funds command, in the reader's language. */
export function fundRefusal(code: string, figures: { leftCents?: number; heldBackCents?: number } = {}): string {
	switch (code) {
		case 'held_back':
			return m.money_err_held_back({ held: formatMoney(figures.heldBackCents ?? 0, 2), left: formatMoney(figures.leftCents ?? 0, 2) });
		case 'intent_over_member_cap':
			return m.money_err_intent_over_cap({ left: formatMoney(figures.leftCents ?? 0, 2) });
		case 'intent_over_target':
			return m.money_err_intent_over_target({ left: formatMoney(figures.leftCents ?? 0, 2) });
		case 'intent_exists':
			return m.money_err_intent_exists();
		case 'own_offer':
			return m.money_err_own_offer();
		case 'receiving_account_missing':
			return m.iban_err_account_missing();
		case 'own_account':
			return m.iban_err_own_account();
		case 'account_unchanged':
			return m.iban_err_unchanged();
		case 'not_found':
			return m.fund_err_not_found();
		case 'forbidden':
			return m.fund_err_forbidden();
		case 'coordinators_only':
			return m.fund_err_coordinators_only();
		case 'consortium_not_active':
			return m.fund_err_consortium_not_active();
		case 'deadline_past':
			return m.fund_err_deadline_past();
		case 'amount_not_positive':
			return m.err_amount_positive();
		case 'threshold_over_target':
			return m.err_threshold_over_target();
		case 'not_a_member':
			return m.fund_err_not_a_member();
		case 'organisation_unverified':
			return m.fund_err_organisation_unverified();
		case 'fund_not_open':
			return m.fund_err_not_open();
		case 'fund_not_funded':
			return m.fund_err_not_funded();
		case 'invalid_transition':
			return m.fund_err_invalid_transition();
		case 'signatories_only':
			return m.fund_err_signatories_only();
		case 'own_pledge':
			return m.fund_err_own_pledge();
		case 'over_member_cap':
			return m.fund_err_over_member_cap();
		case 'over_target':
			return m.fund_err_over_target();
		case 'partners_only':
			return m.fund_err_partners_only();
		case 'due_date_past':
			return m.fund_err_due_date_past();
		case 'nothing_selected':
			return m.err_pledges_to_call();
		case 'over_outstanding':
			return m.fund_err_over_outstanding();
		case 'received_in_future':
			return m.fund_err_received_in_future();
		case 'invalid_beneficiary':
			return m.fund_err_invalid_beneficiary();
		case 'over_available':
			return m.fund_err_over_available();
		case 'paid_through_stripe':
			return m.fund_err_paid_through_stripe();
		case 'duplicate_receipt':
			return m.fund_err_duplicate_receipt();
		case 'stripe_unavailable':
			return m.fund_err_stripe_unavailable();
		case 'subsidy_incomplete':
			return m.opendata_err_subsidy_incomplete();
		case 'second_signatory':
			return m.fund_err_second_signatory();
		case 'deliberation_in_future':
			return m.consortium_err_deliberation_in_future();
		case 'deliberation_too_old':
			return m.consortium_err_deliberation_too_old();
		case 'deliberation_number_format':
			return m.consortium_err_deliberation_number_format();
		case 'refunded_through_stripe':
			return m.money_err_refunded_through_stripe();
		case 'sent_in_future':
			return m.money_err_sent_in_future();
		case 'bank_reference_required':
			return m.money_err_bank_reference_required();
		case 'nothing_owed':
			return m.money_err_nothing_owed();
		case 'over_owed':
			return m.money_err_over_owed();
		case 'duplicate_refund':
			return m.money_err_duplicate_refund();
		default:
			return m.fund_err_invalid_transition();
	}
}

/** The HTTP status of a refused funds command. */
export function fundRefusalStatus(code: string): 400 | 403 | 404 {
	if (['forbidden', 'coordinators_only', 'signatories_only', 'partners_only', 'own_pledge', 'own_offer', 'own_account'].includes(code)) return 403;
	if (code === 'not_found') return 404;
	return 400;
}

/** The field of a funds form a refusal is about, if any; otherwise the message is about the form as a whole. */
export function fundRefusalField(code: string): string | null {
	switch (code) {
		case 'deadline_past':
			return 'deadline';
		case 'intent_over_member_cap':
		case 'intent_over_target':
			return 'amount';
		case 'threshold_over_target':
			return 'threshold';
		case 'deliberation_in_future':
		case 'deliberation_too_old':
			return 'date';
		case 'deliberation_number_format':
			return 'reference';
		default:
			return null;
	}
}
