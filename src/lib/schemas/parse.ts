import * as v from 'valibot';

export type FieldErrors = Record<string, string>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

// Never sent back to the page, whatever the outcome.
const secretFields = new Set(['password', 'currentPassword', 'newPassword']);

/** Validates a submitted form with its schema: the data, or the first error of each field and what was typed. */
export function parseForm<S extends v.GenericSchema>(schema: S, form: FormData): Parsed<v.InferOutput<S>> {
	// A field sent several times (a multiple select, checkboxes) becomes a list.
	const raw: Record<string, string | string[]> = {};
	for (const key of new Set(form.keys())) {
		const values = form.getAll(key).filter((value): value is string => typeof value === 'string');
		raw[key] = values.length > 1 ? values : (values[0] ?? '');
	}
	const result = v.safeParse(schema, raw);
	if (result.success) return { ok: true, data: result.output };
	const errors: FieldErrors = {};
	for (const issue of result.issues) {
		const field = v.getDotPath(issue) ?? 'form';
		errors[field] ??= issue.message;
	}
	return { ok: false, errors, values: formValues(form) };
}

/** What a person typed, to show it again (lists joined by commas, passwords never). */
export function formValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const key of new Set(form.keys())) {
		if (secretFields.has(key)) continue;
		values[key] = form
			.getAll(key)
			.filter((value): value is string => typeof value === 'string')
			.join(',');
	}
	return values;
}

export interface FormFailure {
	/** Which form of the page failed, when a page has several. */
	form?: string;
	values: Record<string, string>;
	errors: FieldErrors;
	/** A message about the form as a whole. */
	message?: string;
}

/** The data a refused form action returns: one shape for every form, so pages can read it. */
export function formFailure(state: Partial<FormFailure>): FormFailure {
	return { values: {}, errors: {}, ...state };
}
