import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePlatformAdmin } from '$lib/server/auth/guards';
import { verificationQueue } from '$lib/server/admin/queries';
import { reviewOrganisation } from '$lib/server/organisations/commands';
import { formFailure, parseForm } from '$lib/schemas/parse';
import { reviewSchema } from '$lib/schemas/organisations';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async () => {
	requirePlatformAdmin();
	return { queue: await verificationQueue() };
};

export const actions: Actions = {
	review: async ({ request }) => {
		const { user } = requirePlatformAdmin();
		const form = await request.formData();
		const parsed = parseForm(reviewSchema, form);
		const organisationId = String(form.get('organisationId') ?? '');
		if (!parsed.ok) return fail(400, formFailure({ form: organisationId, values: parsed.values, errors: parsed.errors }));
		const result = await reviewOrganisation(
			user,
			parsed.data.organisationId,
			parsed.data.verdict === 'verified' ? { verdict: 'verified' } : { verdict: 'rejected', reason: parsed.data.reason }
		);
		if (!result.ok) {
			return fail(400, formFailure({ form: organisationId, message: m.admin_review_gone() }));
		}
		return {
			success: parsed.data.verdict === 'verified' ? m.admin_verified_done() : m.admin_rejected_done()
		};
	}
};
