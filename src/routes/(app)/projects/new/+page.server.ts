import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { createProject } from '$lib/server/projects/commands';
import { departementOfOrganisation, placeOptions } from '$lib/server/projects/queries';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { projectSchema } from '$lib/schemas/projects';
import { setFlash } from '$lib/server/http/flash';
import { projectRefusalTable } from '$lib/server/projects/refusals';
import { mayActForProposer } from '$lib/server/projects/policy';
import { refusalFailure } from '$lib/server/shared/refusal';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ locals }) => {
	requireUser();
	const acting = locals.actingOrganisation;
	const canPropose = mayActForProposer(acting, acting?.role).ok;
	return {
		canPropose,
		departements: (await placeOptions()).departements,
		home: acting ? await departementOfOrganisation(acting.id) : null
	};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies }) => {
		const { user } = requireUser();
		const parsed = parseForm(projectSchema, await request.formData());
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const acting = locals.actingOrganisation;
		if (!acting) return refusalFailure(projectRefusalTable, { code: 'not_a_city' });
		const result = await createProject(user, acting.id, parsed.data);
		if (!result.ok) return refusalFailure(projectRefusalTable, result);
		setFlash(cookies, m.project_created());
		redirect(303, `/projects/${result.id}`);
	}
};
