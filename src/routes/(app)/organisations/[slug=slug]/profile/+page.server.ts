import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { findOrganisationBySlug } from '$lib/server/organisations/queries';
import { profileOf, readLogo, updateProfile } from '$lib/server/organisations/profiles';
import { organisationRefusalTable } from '$lib/server/organisations/refusals';
import { mayEditOrganisationProfile } from '$lib/server/organisations/policy';
import { refusalFailure } from '$lib/server/shared/refusal';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { profileSchema } from '$lib/schemas/profiles';
import { hasReferent } from '$lib/domain/partners';
import { setFlash } from '$lib/server/http/flash';
import * as m from '$lib/paraglide/messages';

async function editable(slug: string, locals: App.Locals) {
	const { user } = requireUser();
	const organisation = await findOrganisationBySlug(slug);
	if (!organisation) error(404, m.error_not_found());
	const role = locals.organisations.find((o) => o.id === organisation.id)?.role ?? null;
	if (!mayEditOrganisationProfile(role).ok) error(403, m.error_forbidden());
	return { user, organisation };
}

export const load: PageServerLoad = async ({ params, locals }) => {
	const { organisation } = await editable(params.slug, locals);
	return {
		organisation: { id: organisation.id, slug: organisation.slug, name: organisation.name, kind: organisation.kind, description: organisation.description },
		withReferent: hasReferent(organisation.kind),
		profile: await profileOf(organisation.id)
	};
};

export const actions: Actions = {
	default: async ({ params, locals, request, cookies }) => {
		const { user, organisation } = await editable(params.slug, locals);
		const form = await request.formData();
		const parsed = parseForm(profileSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ values: parsed.values, errors: parsed.errors }));
		const upload = form.get('logo');
		const logo = await readLogo(upload instanceof File ? upload : null);
		if (!logo.ok) return refusalFailure(organisationRefusalTable, logo, { values: formValues(form) });
		const result = await updateProfile(user, organisation.id, parsed.data, logo.logo);
		if (!result.ok) return refusalFailure(organisationRefusalTable, result);
		setFlash(cookies, m.profile_saved());
		redirect(303, `/organisations/${organisation.slug}`);
	}
};
