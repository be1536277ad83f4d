import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { interestKinds, reusableParts, type ReusablePart } from '$lib/domain/partners';

export const interestSchema = v.object({
	kind: v.picklist(interestKinds, () => m.err_choice()),
	message: v.optional(
		v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(1000, () => m.err_too_long({ max: '1000' }))
		),
		''
	),
	replicaProjectId: v.pipe(
		v.optional(v.string(), ''),
		v.transform((value) => value || null)
	)
});

const optionalText = (max: number) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(max, () => m.err_too_long({ max: String(max) })),
		v.transform((value) => value || null)
	);

export const reuseSchema = v.object({
	licence: optionalText(100),
	repositoryUrl: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(300, () => m.err_too_long({ max: '300' })),
		v.check(
			(value) => value === '' || /^https:\/\/[^\s/]+\.[^\s]+$/.test(value),
			() => m.profile_err_url()
		),
		v.transform((value) => value || null)
	),
	contactName: optionalText(120),
	contactEmail: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(200, () => m.err_too_long({ max: '200' })),
		v.check(
			(value) => value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value),
			() => m.err_email_invalid()
		),
		v.transform((value) => value.toLowerCase() || null)
	),
	reusableParts: v.pipe(
		v.optional(v.union([v.string(), v.array(v.string())]), []),
		v.transform((value) => (Array.isArray(value) ? value : value === '' ? [] : [value])),
		v.check(
			(parts) => parts.every((p) => (reusableParts as readonly string[]).includes(p)),
			() => m.err_choice()
		),
		v.transform((parts) => [...new Set(parts)] as ReusablePart[])
	),
	budgetLines: v.optional(
		v.pipe(
			v.string(),
			v.maxLength(10_000, () => m.err_too_long({ max: '10000' }))
		),
		''
	),
	indicators: v.optional(
		v.pipe(
			v.string(),
			v.maxLength(10_000, () => m.err_too_long({ max: '10000' }))
		),
		''
	),
	measurements: v.optional(
		v.pipe(
			v.string(),
			v.maxLength(20_000, () => m.err_too_long({ max: '20000' }))
		),
		''
	)
});
