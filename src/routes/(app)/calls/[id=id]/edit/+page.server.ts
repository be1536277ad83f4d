import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole, requireUser } from '$lib/server/auth/guards';
import { updateCall } from '$lib/server/calls/commands';
import { callDetails } from '$lib/server/calls/queries';
import { callRefusalTable } from '$lib/server/calls/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import { coordinatedConsortia } from '$lib/server/consortia/queries';
import { placeOptions } from '$lib/server/projects/queries';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { callSchema } from '$lib/schemas/calls';
import { setFlash } from '$lib/server/http/flash';
import { centsToInput } from '$lib/domain/money';
import { toParisInput } from '$lib/domain/dates';
import { getLocale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ params }) => {
	const details = await callDetails(params.id);
	if (!details) error(404, m.error_not_found());
	const { call, criteria } = details;
	requireRole(call.publisherOrganisationId);
	if (call.status !== 'draft') error(403, m.err_call_frozen());
	return {
		call: { id: call.id, title: call.title },
		publisherName: details.publisher.name,
		consortia: await coordinatedConsortia(call.publisherOrganisationId),
		regions: (await placeOptions()).regions,
		values: {
			title: call.title,
			challenge: call.challenge,
			theme: call.theme,
			budget: centsToInput(call.budgetCents, getLocale()),
			durationMonths: String(call.durationMonths),
			legalFrame: call.legalFrame,
			consortiumId: call.consortiumId ?? '',
			audience: call.audience,
			eligibilityMinMembers: call.eligibilityMinMembers === null ? '' : String(call.eligibilityMinMembers),
			eligibilityMinDepartements: call.eligibilityMinDepartements === null ? '' : String(call.eligibilityMinDepartements),
			eligibilityAllowedRegions: call.eligibilityAllowedRegions.join(','),
			opensAt: toParisInput(call.opensAt),
			closesAt: toParisInput(call.closesAt),
			questionsCloseAt: call.questionsCloseAt ? toParisInput(call.questionsCloseAt) : '',
			...Object.fromEntries(
				criteria.flatMap((c, i) => [
					[`criterionLabel${i}`, c.label],
					[`criterionWeight${i}`, String(c.weight)]
				])
			)
		}
	};
};

export const actions: Actions = {
	default: async ({ request, params, cookies }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const parsed = parseForm(callSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const result = await updateCall(user, params.id, parsed.data);
		if (!result.ok) return refusalFailure(callRefusalTable, result, { values: formValues(form) });
		setFlash(cookies, m.project_saved());
		redirect(303, `/calls/${params.id}`);
	}
};
