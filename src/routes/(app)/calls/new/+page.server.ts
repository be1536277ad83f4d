import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { createCall } from '$lib/server/calls/commands';
import { callRefusalTable } from '$lib/server/calls/refusals';
import { mayActForPublisher } from '$lib/server/calls/policy';
import { refusalFailure } from '$lib/server/shared/refusal';
import { coordinatedConsortia } from '$lib/server/consortia/queries';
import { placeOptions } from '$lib/server/projects/queries';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { callSchema } from '$lib/schemas/calls';
import { setFlash } from '$lib/server/http/flash';
import { toParisInput } from '$lib/domain/dates';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ locals }) => {
	requireUser();
	const acting = locals.actingOrganisation;
	const day = 86_400_000;
	const opens = new Date(Math.ceil(Date.now() / day) * day + day);
	return {
		consortia: acting ? await coordinatedConsortia(acting.id) : [],
		regions: (await placeOptions()).regions,
		canPublish: mayActForPublisher(acting, acting?.role).ok,
		defaults: {
			opensAt: toParisInput(opens),
			closesAt: toParisInput(new Date(opens.getTime() + 42 * day)),
			durationMonths: '6',
			audience: 'startups',
			criterionLabel0: m.call_default_criterion_fit(),
			criterionWeight0: '40',
			criterionLabel1: m.call_default_criterion_team(),
			criterionWeight1: '30',
			criterionLabel2: m.call_default_criterion_price(),
			criterionWeight2: '30'
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const parsed = parseForm(callSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const acting = locals.actingOrganisation;
		if (!acting) return refusalFailure(callRefusalTable, { code: 'not_a_publisher' });
		const result = await createCall(user, acting.id, parsed.data);
		if (!result.ok) return refusalFailure(callRefusalTable, result, { values: formValues(form) });
		setFlash(cookies, m.call_created());
		redirect(303, `/calls/${result.id}`);
	}
};
