// Every way a funds command can refuse (funds, pledges, match offers, calls, receipts, refunds, disbursements, the
// receiving account), with its message, status and field in ONE table: a code without an entry does not compile.

import * as m from '$lib/paraglide/messages';
import { formatMoney } from '$lib/labels';
import { refusalField, refusalMessage, type RefusalTable } from '../shared/refusal';
import type { Outcome } from '../shared/outcome';

/** The figures a funds refusal may carry: what is left under a limit, for the person to correct the amount. */
export interface FundFigures {
	leftCents: number;
	/** Money a pending refund or an open dispute could take back (funds/cash.ts). */
	heldBackCents: number;
}

const left = (figures: Partial<FundFigures>) => ({ left: formatMoney(figures.leftCents ?? 0, 2) });

export const fundRefusals = {
	not_found: { message: m.fund_err_not_found, status: 404 },
	// Who may act (funds/policy.ts).
	forbidden: { message: m.fund_err_forbidden, status: 403 },
	coordinators_only: { message: m.fund_err_coordinators_only, status: 403 },
	signatories_only: { message: m.fund_err_signatories_only, status: 403 },
	partners_only: { message: m.fund_err_partners_only, status: 403 },
	own_pledge: { message: m.fund_err_own_pledge, status: 403 },
	own_offer: { message: m.money_err_own_offer, status: 403 },
	own_account: { message: m.iban_err_own_account, status: 403 },
	not_a_member: { message: m.fund_err_not_a_member, status: 400 },
	organisation_unverified: { message: m.fund_err_organisation_unverified, status: 400 },
	second_signatory: { message: m.fund_err_second_signatory, status: 400 },
	second_factor_required: { message: m.refusal_second_factor_required, status: 400 },
	// The fund and its state.
	consortium_not_active: { message: m.fund_err_consortium_not_active, status: 400 },
	deadline_past: { message: m.fund_err_deadline_past, status: 400, field: 'deadline' },
	amount_not_positive: { message: m.err_amount_positive, status: 400 },
	threshold_over_target: { message: m.err_threshold_over_target, status: 400, field: 'threshold' },
	fund_not_open: { message: m.fund_err_not_open, status: 400 },
	fund_not_funded: { message: m.fund_err_not_funded, status: 400 },
	invalid_transition: { message: m.fund_err_invalid_transition, status: 400 },
	// Pledges and their limits.
	intent_exists: { message: m.money_err_intent_exists, status: 400 },
	intent_over_member_cap: { message: (figures) => m.money_err_intent_over_cap(left(figures)), status: 400, field: 'amount' },
	intent_over_target: { message: (figures) => m.money_err_intent_over_target(left(figures)), status: 400, field: 'amount' },
	over_member_cap: { message: m.fund_err_over_member_cap, status: 400 },
	over_target: { message: m.fund_err_over_target, status: 400 },
	deliberation_in_future: { message: m.consortium_err_deliberation_in_future, status: 400, field: 'date' },
	deliberation_too_old: { message: m.consortium_err_deliberation_too_old, status: 400, field: 'date' },
	deliberation_number_format: { message: m.consortium_err_deliberation_number_format, status: 400, field: 'reference' },
	// Calls for payment and receipts.
	receiving_account_missing: { message: m.iban_err_account_missing, status: 400 },
	due_date_past: { message: m.fund_err_due_date_past, status: 400 },
	nothing_selected: { message: m.err_pledges_to_call, status: 400 },
	stripe_unavailable: { message: m.fund_err_stripe_unavailable, status: 400 },
	over_outstanding: { message: m.fund_err_over_outstanding, status: 400 },
	received_in_future: { message: m.fund_err_received_in_future, status: 400 },
	paid_through_stripe: { message: m.fund_err_paid_through_stripe, status: 400 },
	duplicate_receipt: { message: m.fund_err_duplicate_receipt, status: 400 },
	// Refunds owed and made.
	refunded_through_stripe: { message: m.money_err_refunded_through_stripe, status: 400 },
	sent_in_future: { message: m.money_err_sent_in_future, status: 400 },
	bank_reference_required: { message: m.money_err_bank_reference_required, status: 400 },
	nothing_owed: { message: m.money_err_nothing_owed, status: 400 },
	over_owed: { message: m.money_err_over_owed, status: 400 },
	duplicate_refund: { message: m.money_err_duplicate_refund, status: 400 },
	nothing_unapplied: { message: m.money_err_nothing_unapplied, status: 400 },
	over_unapplied: { message: m.money_err_over_unapplied, status: 400 },
	// A deficit made good.
	no_deficit: { message: m.money_err_no_deficit, status: 400 },
	over_deficit: { message: m.money_err_over_deficit, status: 400 },
	// Disbursements and the receiving account.
	invalid_beneficiary: { message: m.fund_err_invalid_beneficiary, status: 400 },
	over_available: { message: m.fund_err_over_available, status: 400 },
	held_back: {
		message: (figures) => m.money_err_held_back({ held: formatMoney(figures.heldBackCents ?? 0, 2), left: formatMoney(figures.leftCents ?? 0, 2) }),
		status: 400,
		field: 'amount'
	},
	subsidy_incomplete: { message: m.opendata_err_subsidy_incomplete, status: 400 },
	account_unchanged: { message: m.iban_err_unchanged, status: 400 }
} satisfies RefusalTable<string, FundFigures>;

export type FundRefusal = keyof typeof fundRefusals;
export type FundOutcome<T = object> = Outcome<T, FundRefusal>;

// The table, as the helpers of shared/refusal.ts read it.
const table: RefusalTable<FundRefusal, FundFigures> = fundRefusals;
export { table as fundRefusalTable };

/** The message for a refused funds command, in the reader's language. */
export function fundRefusal(code: FundRefusal, figures: Partial<FundFigures> = {}): string {
	return refusalMessage(table, { code }, figures);
}

/** The HTTP status of a refused funds command. */
export function fundRefusalStatus(code: FundRefusal) {
	return table[code].status;
}

/** The field of a funds form a refusal is about, if any; otherwise the message is about the form as a whole. */
export function fundRefusalField(code: FundRefusal): string | null {
	return refusalField(table, code);
}
