import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { parseEuros } from '$lib/domain/money';
import { parseParisDateTime } from '$lib/domain/dates';

// Fields shared by several forms.

/** An amount in euros → integer cents. */
export const amount = v.pipe(
	v.string(),
	v.trim(),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const cents = parseEuros(dataset.value);
		if (cents === null) {
			addIssue({ message: m.err_amount() });
			return NEVER;
		}
		return cents;
	})
);

export const optionalAmount = v.pipe(
	v.optional(v.string(), ''),
	v.trim(),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		if (dataset.value === '') return null;
		const cents = parseEuros(dataset.value);
		if (cents === null) {
			addIssue({ message: m.err_amount() });
			return NEVER;
		}
		return cents;
	})
);

/** A date and time typed in France (datetime-local) → the instant. */
export const dateTime = v.pipe(
	v.string(),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const date = parseParisDateTime(dataset.value);
		if (!date) {
			addIssue({ message: m.err_datetime() });
			return NEVER;
		}
		return date;
	})
);

/** Like dateTime, but an empty field is null. */
export const optionalDateTime = v.pipe(
	v.string(),
	v.trim(),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		if (dataset.value === '') return null;
		const date = parseParisDateTime(dataset.value);
		if (!date) {
			addIssue({ message: m.err_datetime() });
			return NEVER;
		}
		return date;
	})
);

/** A calendar day (YYYY-MM-DD) → noon UTC that day, which is the same day in France. */
export const day = v.pipe(
	v.string(),
	v.regex(/^\d{4}-\d{2}-\d{2}$/, () => m.err_date()),
	// 2026-02-31 would silently become 3 March: a day must read back as itself.
	v.check(
		(value) => {
			const date = new Date(`${value}T12:00:00Z`);
			return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
		},
		() => m.err_date()
	),
	v.transform((value) => new Date(`${value}T12:00:00Z`))
);

// NUL and other control characters, and the bidirectional overrides and isolates that make a name read
// in another order than it is stored ("Mairie‮ecnarF" shows as "MairieFrance"): never in a name.
// eslint-disable-next-line no-control-regex -- control characters are what this pattern exists to find
const HIDDEN_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u061c\u202a-\u202e\u2066-\u2069]/;

/** Refuses control and direction-override characters in a one-line name or title. */
export const visibleCharacters = v.check(
	(value: string) => !HIDDEN_IN_NAMES.test(value),
	() => m.sec_hidden_characters()
);
