// How a command's refusal reaches a person: each aggregate has a union of refusal codes and ONE table that gives
// every code its message, its HTTP status and the form field it is about (funds/refusals.ts, consortia/refusals.ts).
// The table is checked with `satisfies RefusalTable<Code, Figures>`, so a code without an entry does not compile;
// `refusalFailure` turns any aggregate's refusal into the `fail()` of any form. Another aggregate (calls, projects,
// organisations) adopts it by writing its union and its table.

import { fail } from '@sveltejs/kit';
import { formFailure, type FieldErrors } from '$lib/schemas/parse';

export const refusalStatuses = [400, 403, 404, 409] as const;
export type RefusalStatus = (typeof refusalStatuses)[number];

/**
 * One refusal as a person meets it. `message` receives the figures the refusal carries (what is left under a cap…)
 * merged over the ones the page gives (the largest upload…); `field`, the form field the message sits beside.
 */
export interface RefusalEntry<Figures extends object = object> {
	message: (figures: Partial<Figures>) => string;
	status: RefusalStatus;
	field?: string;
}

export type RefusalTable<Code extends string, Figures extends object = object> = Record<Code, RefusalEntry<Figures>>;

/** The refusal of a command: its code, and the figures it may carry (LimitRefusal's `leftCents`…). */
export type RefusalOf<Code extends string, Figures extends object = object> = { code: Code } & Partial<Figures>;

/** What a form adds to a refusal: its name, the values to keep, figures of its own, and where its fields differ. */
export interface RefusalForm<Code extends string, Figures extends object> {
	/** Which form of the page failed, when a page has several. */
	form?: string;
	values?: Record<string, string>;
	figures?: Partial<Figures>;
	/** This form's own field for some codes (`null`: the form as a whole), over the table's. */
	fields?: Partial<Record<Code, string | null>>;
	/** Errors this form already has (kept beside the refusal's). */
	errors?: FieldErrors;
}

/** The message of a refusal, in the reader's language. */
export function refusalMessage<Code extends string, Figures extends object>(
	table: RefusalTable<Code, Figures>,
	refusal: RefusalOf<Code, Figures>,
	figures: Partial<Figures> = {}
): string {
	return table[refusal.code].message({ ...figures, ...refusal });
}

/** The field of a form a refusal is about, or null when its message is about the form as a whole. */
export function refusalField<Code extends string, Figures extends object>(
	table: RefusalTable<Code, Figures>,
	code: Code,
	fields: Partial<Record<Code, string | null>> = {}
): string | null {
	return code in fields ? (fields[code] ?? null) : (table[code].field ?? null);
}

/** The form state of a refused action: the message beside its field, or above the form. */
export function refusalState<Code extends string, Figures extends object>(
	table: RefusalTable<Code, Figures>,
	refusal: RefusalOf<Code, Figures>,
	{ form, values = {}, figures, fields, errors = {} }: RefusalForm<Code, Figures> = {}
) {
	const message = refusalMessage(table, refusal, figures);
	const field = refusalField(table, refusal.code, fields);
	return formFailure({ form, values, errors: field ? { ...errors, [field]: message } : errors, message: field ? undefined : message });
}

/** A refused form action: the table's status, with the message beside its field or above the form. */
export function refusalFailure<Code extends string, Figures extends object>(
	table: RefusalTable<Code, Figures>,
	refusal: RefusalOf<Code, Figures>,
	form: RefusalForm<Code, Figures> = {}
) {
	return fail(table[refusal.code].status, refusalState(table, refusal, form));
}
