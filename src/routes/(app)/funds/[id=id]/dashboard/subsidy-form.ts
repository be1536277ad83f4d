// The subsidy fields of the approval form (SCDL subventions), read from the form and explained.
import type { SubsidyField, SubsidyProblem } from '$lib/domain/opendata/subsidy';
import * as m from '$lib/paraglide/messages';

export const subsidyFields: SubsidyField[] = ['conventionDate', 'decisionReference', 'nature', 'paymentConditions', 'paymentPeriod'];

export function subsidyFromForm(form: FormData): Record<SubsidyField, string> {
	return Object.fromEntries(subsidyFields.map((f) => [f, String(form.get(f) ?? '').slice(0, 1000)])) as Record<SubsidyField, string>;
}

const MESSAGE: Record<SubsidyProblem, () => string> = {
	required: m.opendata_err_required,
	date: m.opendata_err_date,
	too_long: m.opendata_err_too_long,
	nature: m.opendata_err_nature,
	period: m.opendata_err_period
};

export function subsidyErrors(errors: Partial<Record<SubsidyField, SubsidyProblem>>): Record<string, string> {
	return Object.fromEntries(Object.entries(errors).map(([field, problem]) => [field, MESSAGE[problem as SubsidyProblem]()]));
}
