import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';

const optionalText = (max: number) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(max, () => m.err_too_long({ max: String(max) })),
		v.transform((value) => value || null)
	);

const optionalEmail = v.pipe(
	v.optional(v.string(), ''),
	v.trim(),
	v.maxLength(200, () => m.err_too_long({ max: '200' })),
	v.check(
		(value) => value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value),
		() => m.err_email_invalid()
	),
	v.transform((value) => value.toLowerCase() || null)
);

const optionalPhone = v.pipe(
	v.optional(v.string(), ''),
	v.trim(),
	v.maxLength(30, () => m.err_too_long({ max: '30' })),
	v.check(
		(value) => value === '' || /^\+?[\d .()-]{6,}$/.test(value),
		() => m.profile_err_phone()
	),
	v.transform((value) => value || null)
);

const optionalUrl = v.pipe(
	v.optional(v.string(), ''),
	v.trim(),
	v.maxLength(300, () => m.err_too_long({ max: '300' })),
	v.check(
		(value) => {
			if (value === '') return true;
			try {
				const url = new URL(value);
				return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
			} catch {
				return false;
			}
		},
		() => m.profile_err_url()
	),
	v.transform((value) => value || null)
);

export const profileSchema = v.pipe(
	v.object({
		description: v.optional(
			v.pipe(
				v.string(),
				v.trim(),
				v.maxLength(2000, () => m.err_too_long({ max: '2000' }))
			),
			''
		),
		website: optionalUrl,
		contactEmail: optionalEmail,
		contactPhone: optionalPhone,
		references: v.optional(
			v.pipe(
				v.string(),
				v.trim(),
				v.maxLength(5000, () => m.err_too_long({ max: '5000' }))
			),
			''
		),
		referentName: optionalText(120),
		referentRole: optionalText(120),
		referentEmail: optionalEmail,
		referentPhone: optionalPhone,
		removeLogo: v.pipe(
			v.optional(v.string(), ''),
			v.transform((value) => value === 'on')
		)
	}),
	// A référent is a named person: an address alone would not say whom local businesses write to.
	v.forward(
		v.check(
			(p) => p.referentName !== null || (p.referentEmail === null && p.referentPhone === null && p.referentRole === null),
			() => m.profile_err_referent_name()
		),
		['referentName']
	)
);

export type ProfileInput = v.InferOutput<typeof profileSchema>;

/** A URL typed by a person, for links: only http(s). */
export { optionalUrl };
