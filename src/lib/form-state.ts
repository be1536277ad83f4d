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
