import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { findProject } from '$lib/server/projects/queries';
import { setProjectReuse } from '$lib/server/partners/reuse';
import { reuseRefusalTable } from '$lib/server/partners/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import { reuseOf } from '$lib/server/projects/links';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { reuseSchema } from '$lib/schemas/partners';
import { parseBudgetLines, parseIndicators } from '$lib/domain/partners';
import { centsToInput, parseEuros } from '$lib/domain/money';
import { setFlash } from '$lib/server/http/flash';
import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import * as m from '$lib/paraglide/messages';

async function editable(id: string, locals: App.Locals) {
	const { user } = requireUser();
	const project = await findProject(db(), id);
	if (!project) error(404, m.error_not_found());
	if (!locals.organisations.some((o) => o.id === project.proposerOrganisationId)) error(403, m.error_forbidden());
	return { user, project };
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const { project } = await editable(params.id, locals);
	const reuse = await reuseOf(project.id);
	const number = (value: number | null) => (value === null ? '' : String(value).replace('.', getLocale() === 'fr' ? ',' : '.'));
	return {
		project: { id: project.id, title: project.title },
		values: {
			licence: reuse.licence ?? '',
			repositoryUrl: reuse.repositoryUrl ?? '',
			contactName: reuse.contactName ?? '',
			contactEmail: reuse.contactEmail ?? '',
			reusableParts: reuse.reusableParts.join(','),
			budgetLines: reuse.budgetLines.map((l) => `${l.label} ; ${centsToInput(l.amountCents, getLocale())}`).join('\n'),
			indicators: reuse.indicators.map((i) => `${i.name} ; ${i.unit} ; ${number(i.baseline)} ; ${number(i.target)}`).join('\n'),
			measurements: reuse.indicators.flatMap((i) => i.measurements.map((x) => `${i.name} ; ${x.measuredOn} ; ${number(x.value)}`)).join('\n')
		}
	};
};

export const actions: Actions = {
	default: async ({ params, locals, request, cookies }) => {
		const { user, project } = await editable(params.id, locals);
		const form = await request.formData();
		const parsed = parseForm(reuseSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const budget = parseBudgetLines(parsed.data.budgetLines, parseEuros);
		if (!budget.ok) return fail(400, formFailure({ values: formValues(form), errors: { budgetLines: m.reuse_err_line({ line: String(budget.line) }) } }));
		const indicators = parseIndicators(parsed.data.indicators, parsed.data.measurements);
		if (!indicators.ok) {
			return fail(400, formFailure({ values: formValues(form), errors: { [indicators.field]: m.reuse_err_line({ line: String(indicators.line) }) } }));
		}
		const result = await setProjectReuse(user, project.id, { ...parsed.data, budgetLines: budget.lines, indicators: indicators.indicators });
		if (!result.ok) return refusalFailure(reuseRefusalTable, result, { values: formValues(form) });
		setFlash(cookies, m.reuse_saved());
		redirect(303, `/projects/${project.id}#reuse`);
	}
};
