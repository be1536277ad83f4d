/**
 * What a form action returns to its page: which form it answered (a page may hold several), a success message,
 * or the refusal with its message, field errors and what was typed (see formFailure in $lib/schemas/parse).
 */
export interface FormState {
	form?: string;
	success?: string;
	message?: string;
	errors?: Record<string, string>;
	values?: Record<string, string>;
}

/** The action's answer when it was for the form `name`; undefined when the last answer was for another form. */
export function answerFor<F extends { form?: unknown }>(form: F | null | undefined, name: string): F | undefined {
	return form?.form === name ? form : undefined;
}

/** What one form field shows of an answer: its name, the value typed and the error given for that name. */
export interface FieldBinding {
	name: string;
	value: string | undefined;
	error: string | undefined;
}

/**
 * Binds a form's fields to what the action answered, by name: `const field = $derived(fieldsOf(values, errors))`,
 * then `<Field {...field('title')} label=… />` instead of repeating the name in `value` and `error`.
 */
export function fieldsOf(values?: Record<string, string> | null, errors?: Record<string, string> | null): (name: string) => FieldBinding {
	return (name) => ({ name, value: values?.[name], error: errors?.[name] });
}

/** fieldsOf for one form of a page that holds several: the fields show the last answer only if it was for `name`. */
export function fieldsFor(
	form: { form?: unknown; values?: Record<string, string>; errors?: Record<string, string> } | null | undefined,
	name: string
): (field: string) => FieldBinding {
	const answer = answerFor(form, name);
	return fieldsOf(answer?.values, answer?.errors);
}
