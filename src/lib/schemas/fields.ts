import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { parseEuros } from '$lib/domain/money';

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
