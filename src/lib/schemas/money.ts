import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { amount, day } from './fields';
import { ID_PATTERN } from '$lib/domain/ids';

// Schemas of the forms of issue #12's money paths (refunds made, …), shared by the page and the server.

const id = v.pipe(
	v.string(),
	v.regex(ID_PATTERN, () => m.err_choice())
);
const positive = v.pipe(
	amount,
	v.minValue(1, () => m.err_amount_positive())
);

export const offerApprovalSchema = v.object({
	offerId: id,
	reference: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.err_deliberation_number_required()),
		v.maxLength(40, () => m.err_too_long({ max: '40' }))
	),
	date: day
});

export const refundMadeSchema = v.object({
	pledgeId: id,
	amount: positive,
	bankReference: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.money_err_bank_reference_required()),
		v.maxLength(80, () => m.err_too_long({ max: '80' }))
	),
	sentOn: day
});

// A transfer that matches no expected payment: found by the structured reference the payer quoted.
export const unexpectedReceiptSchema = v.object({
	paymentReference: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.money_unexpected_unknown()),
		v.maxLength(40, () => m.money_unexpected_unknown())
	),
	amount: positive,
	bankReference: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.money_err_bank_reference_required()),
		v.maxLength(80, () => m.err_too_long({ max: '80' }))
	),
	receivedOn: day
});

// Money the coordinator put back to cover a deficit.
export const deficitCoverSchema = v.object({
	amount: positive,
	bankReference: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.money_err_bank_reference_required()),
		v.maxLength(80, () => m.err_too_long({ max: '80' }))
	),
	receivedOn: day
});

// The receiving account: lengths bounded here; IBAN and BIC checked by their own rules in the command.
export const accountSchema = v.object({
	holder: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.iban_err_holder_required()),
		v.maxLength(120, () => m.iban_err_holder_required())
	),
	iban: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.iban_err_iban_invalid()),
		v.maxLength(64, () => m.iban_err_iban_invalid())
	),
	bic: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.iban_err_bic_invalid()),
		v.maxLength(32, () => m.iban_err_bic_invalid())
	)
});

export const accountApprovalSchema = v.object({ accountId: id });
