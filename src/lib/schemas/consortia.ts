import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { day } from './fields';
import { isId } from '$lib/domain/ids';

const list = v.pipe(
	v.optional(v.union([v.string(), v.array(v.string())]), []),
	v.transform((value) => (Array.isArray(value) ? value : value === '' ? [] : [value]))
);

const wholeNumber = (min: number, max: number) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.regex(/^\d{1,3}$/, () => m.err_whole_number({ min: String(min), max: String(max) })),
		v.transform(Number),
		v.minValue(min, () => m.err_whole_number({ min: String(min), max: String(max) })),
		v.maxValue(max, () => m.err_whole_number({ min: String(min), max: String(max) }))
	);

export const consortiumSchema = v.object({
	name: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.err_consortium_name_required()),
		v.maxLength(150, () => m.err_too_long({ max: '150' }))
	),
	purpose: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.err_consortium_purpose_required()),
		v.maxLength(10_000, () => m.err_too_long({ max: '10000' }))
	),
	minMembers: wholeNumber(2, 100),
	minDepartements: wholeNumber(1, 101),
	allowedRegions: v.pipe(
		list,
		v.check(
			(codes) => codes.every((c) => /^\d{2,3}$/.test(c)),
			() => m.err_choice()
		)
	),
	projectIds: v.pipe(
		list,
		v.check(
			(ids) => ids.every(isId),
			() => m.err_choice()
		)
	)
});

export type ConsortiumInput = v.InferOutput<typeof consortiumSchema>;

export const deliberationSchema = v.object({
	memberId: v.pipe(v.string(), v.nonEmpty()),
	number: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.err_deliberation_number_required()),
		v.maxLength(40, () => m.err_too_long({ max: '40' }))
	),
	date: day,
	kind: v.optional(
		v.picklist(['council', 'president_delegation'], () => m.err_choice()),
		'council'
	)
});

export const withdrawalSchema = v.object({
	memberId: v.pipe(v.string(), v.nonEmpty()),
	reason: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(() => m.err_withdrawal_reason_required()),
		v.maxLength(2000, () => m.err_too_long({ max: '2000' }))
	)
});
