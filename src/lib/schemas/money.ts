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

/** A trimmed text, required and bounded. */
const text = (max: number, required: () => string, tooLong: () => string = () => m.err_too_long({ max: String(max) })) =>
	v.pipe(v.string(), v.trim(), v.nonEmpty(required), v.maxLength(max, tooLong));
/** The same, saying one thing of any bad value (an unknown reference, an invalid IBAN). */
const oneMessage = (max: number, message: () => string) => text(max, message, message);

/** A transfer seen on the bank statement: how much, and the bank's reference for it. */
const transfer = {
	amount: positive,
	bankReference: text(80, () => m.money_err_bank_reference_required())
};

export const offerApprovalSchema = v.object({
	offerId: id,
	reference: text(40, () => m.err_deliberation_number_required()),
	date: day
});

export const refundMadeSchema = v.object({ pledgeId: id, ...transfer, sentOn: day });

// A transfer that matches no expected payment: found by the structured reference the payer quoted.
export const unexpectedReceiptSchema = v.object({
	paymentReference: oneMessage(40, () => m.money_unexpected_unknown()),
	...transfer,
	receivedOn: day
});

// Money the coordinator put back to cover a deficit.
export const deficitCoverSchema = v.object({ ...transfer, receivedOn: day });

// The receiving account: lengths bounded here; IBAN and BIC checked by their own rules in the command.
export const accountSchema = v.object({
	holder: oneMessage(120, () => m.iban_err_holder_required()),
	iban: oneMessage(64, () => m.iban_err_iban_invalid()),
	bic: oneMessage(32, () => m.iban_err_bic_invalid())
});

export const accountApprovalSchema = v.object({ accountId: id });
