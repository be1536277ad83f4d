import type { FormState } from '$lib/form-state';

/** What a form action of the dashboard returns: a success message, or the refusal with its field errors. */
export type { FormState };

/**
 * The refusal of one row's form (`receipt-<id>`, `refund-<id>`…) whose form is no longer on the page, for the
 * section's own message area. A second post of the same receipt (a reload without JavaScript) is refused, but the
 * first one paid the pledge, so its form is gone: without this the refusal would be shown nowhere.
 */
export function strayRefusal(form: FormState | null | undefined, prefix: string, ids: readonly string[]): string | undefined {
	const name = form?.form;
	if (!name?.startsWith(`${prefix}-`) || ids.some((id) => name === `${prefix}-${id}`)) return undefined;
	return form?.message ?? Object.values(form?.errors ?? {})[0];
}
