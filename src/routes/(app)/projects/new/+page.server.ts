import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { createProject } from '$lib/server/projects/commands';
import { departementOfOrganisation, placeOptions } from '$lib/server/projects/queries';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { projectSchema } from '$lib/schemas/projects';
import { setFlash } from '$lib/server/http/flash';
import { projectRefusal } from '$lib/server/projects/refusals';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ locals }) => {
	requireUser();
	const acting = locals.actingOrganisation;
	const canPropose = Boolean(acting && ['city', 'intercommunality'].includes(acting.kind) && acting.verificationStatus === 'verified');
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
		if (!acting) return fail(403, formFailure({ values: {}, message: m.err_project_need_city() }));
		const result = await createProject(user, acting.id, parsed.data);
		if (!result.ok) return fail(400, formFailure({ message: projectRefusal(result.code) }));
		setFlash(cookies, m.project_created());
		redirect(303, `/projects/${result.id}`);
	}
};
