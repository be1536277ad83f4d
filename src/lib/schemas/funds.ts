import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { fundKinds, thresholdRules } from '$lib/domain/funds';
import { ID_PATTERN, isId } from '$lib/domain/ids';
import { amount, dateTime, day, optionalAmount } from './fields';

// One schema per funds form, shared by the page and the server.

const text = (max: number, required: () => string) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(required),
		v.maxLength(max, () => m.err_too_long({ max: String(max) }))
	);

const positive = v.pipe(
	amount,
	v.minValue(1, () => m.err_amount_positive())
);
const optionalPositive = v.pipe(
	optionalAmount,
	v.check(
		(cents) => cents === null || cents > 0,
		() => m.err_amount_positive()
	)
);

/** A percentage typed by a person ("25", "12,5") → a number, within bounds. */
const percent = (min: number, max: number) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.regex(/^\d{1,4}([.,]\d{1,2})?$/, () => m.err_percent({ min: String(min), max: String(max) })),
		v.transform((value) => Number(value.replace(',', '.'))),
		v.minValue(min, () => m.err_percent({ min: String(min), max: String(max) })),
		v.maxValue(max, () => m.err_percent({ min: String(min), max: String(max) }))
	);

const optionalPercent = (min: number, max: number) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.union([
			v.pipe(
				v.literal(''),
				v.transform(() => null)
			),
			percent(min, max)
		])
	);

const id = v.pipe(
	v.string(),
	v.regex(ID_PATTERN, () => m.err_choice())
);

const checkbox = v.pipe(
	v.optional(v.string(), ''),
	v.transform((value) => value === 'on' || value === 'true')
);

export const fundSchema = v.pipe(
	v.object({
		consortiumId: id,
		kind: v.picklist(fundKinds, () => m.err_choice()),
		name: text(150, () => m.err_fund_name_required()),
		purpose: text(10_000, () => m.err_fund_purpose_required()),
		target: positive,
		threshold: optionalPositive,
		rule: v.picklist(thresholdRules, () => m.err_choice()),
		deadline: dateTime,
		capAmount: optionalPositive,
		capShare: optionalPercent(1, 100)
	}),
	v.forward(
		v.check(
			(input) => input.threshold === null || input.threshold <= input.target,
			() => m.err_threshold_over_target()
		),
		['threshold']
	)
);
export type FundFormInput = v.InferOutput<typeof fundSchema>;

export const pledgeSchema = v.object({
	amount: positive,
	note: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(500, () => m.err_too_long({ max: '500' }))
	)
});

export const amendSchema = v.object({ pledgeId: id, amount: positive });

export const pledgeIdSchema = v.object({ pledgeId: id });

export const approvalSchema = v.object({
	pledgeId: id,
	reference: text(40, () => m.err_deliberation_number_required()),
	date: day
});

export const matchOfferSchema = v.object({
	ratio: percent(1, 1000),
	capPerPledge: optionalPositive,
	totalCap: positive,
	onlyIfThresholdReached: checkbox
});

const ids = v.pipe(
	v.optional(v.union([v.string(), v.array(v.string())]), []),
	v.transform((value) => (Array.isArray(value) ? value : value === '' ? [] : [value])),
	v.check(
		(list) => list.length > 0,
		() => m.err_pledges_to_call()
	),
	v.check(
		(list) => list.every(isId),
		() => m.err_choice()
	)
);

export const callSchema = v.object({ pledgeIds: ids, dueDate: day });

export const receiptSchema = v.object({
	pledgeId: id,
	amount: positive,
	bankReference: text(80, () => m.err_bank_reference_required()),
	receivedOn: day
});

export const disbursementSchema = v.object({
	beneficiary: v.pipe(
		v.string(),
		v.check(
			(value) => /^(project|response):/.test(value) && isId(value.slice(value.indexOf(':') + 1)),
			() => m.err_beneficiary_required()
		)
	),
	amount: positive,
	description: text(2000, () => m.err_disbursement_description_required())
});

export const disbursementDecisionSchema = v.object({
	disbursementId: id,
	reason: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(2000, () => m.err_too_long({ max: '2000' }))
	)
});
