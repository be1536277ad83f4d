import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole, requireUser } from '$lib/server/auth/guards';
import { updateProject } from '$lib/server/projects/commands';
import { departementsOf, findProject, placeOptions } from '$lib/server/projects/queries';
import { db } from '$lib/server/db';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { projectSchema } from '$lib/schemas/projects';
import { setFlash } from '$lib/server/http/flash';
import { centsToInput } from '$lib/domain/money';
import { projectEditable } from '$lib/domain/projects';
import { getLocale } from '$lib/paraglide/runtime';
import { projectRefusalTable } from '$lib/server/projects/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ params }) => {
	const project = await findProject(db(), params.id);
	if (!project) error(404, m.error_not_found());
	requireRole(project.proposerOrganisationId);
	if (!projectEditable(project.status)) error(403, m.err_project_not_editable());
	const places = await departementsOf([project.id]);
	return {
		project: { id: project.id, title: project.title },
		values: {
			title: project.title,
			summary: project.summary,
			description: project.description,
			theme: project.theme,
			estimatedBudget: centsToInput(project.estimatedBudgetCents, getLocale()),
			departements: (places.get(project.id) ?? []).map((d) => d.code).join(','),
			seekingPartners: project.seekingPartners ? 'on' : ''
		},
		departements: (await placeOptions()).departements
	};
};

export const actions: Actions = {
	default: async ({ request, params, cookies }) => {
		const { user } = requireUser();
		const parsed = parseForm(projectSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const result = await updateProject(user, params.id, parsed.data);
		if (!result.ok) return refusalFailure(projectRefusalTable, result);
		setFlash(cookies, m.project_saved());
		redirect(303, `/projects/${params.id}`);
	}
};
