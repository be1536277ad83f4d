import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guards';
import { findOrganisationBySlug } from '$lib/server/organisations/queries';
import { setOrganisationSiret } from '$lib/server/organisations/siret';
import { subsidyExport } from '$lib/server/opendata/subventions';
import { organisationRefusalTable } from '$lib/server/organisations/refusals';
import { maySetSiret } from '$lib/server/organisations/policy';
import { refusalFailure } from '$lib/server/shared/refusal';
import * as m from '$lib/paraglide/messages';

// The organisation's open data: its SIRET (set by an admin) and the subsidy files it can publish.

async function organisationOf(slug: string) {
	const organisation = await findOrganisationBySlug(slug);
	if (!organisation) error(404, m.error_not_found());
	return organisation;
}

export const load: PageServerLoad = async ({ params }) => {
	const organisation = await organisationOf(params.slug);
	const { membership } = requireRole(organisation.id);
	const { rows, withheld } = await subsidyExport({ organisationId: organisation.id });
	return {
		organisation: { id: organisation.id, slug: organisation.slug, name: organisation.name, siren: organisation.siren, siret: organisation.siret },
		isAdmin: maySetSiret(membership.role).ok,
		rows: rows.length,
		withheld
	};
};

export const actions: Actions = {
	siret: async ({ params, request }) => {
		const organisation = await organisationOf(params.slug);
		// The command checks the current membership again.
		const { user } = requireRole(organisation.id, 'admin');
		const siret = String((await request.formData()).get('siret') ?? '').slice(0, 100);
		const result = await setOrganisationSiret(user, organisation.id, siret);
		if (!result.ok) {
			if (result.code === 'not_found') error(404, m.error_not_found());
			if (result.code === 'forbidden') error(403, m.opendata_siret_admins_only());
			return refusalFailure(organisationRefusalTable, result, { form: 'siret', values: { siret } });
		}
		return { form: 'siret', success: result.siret ? m.opendata_siret_saved() : m.opendata_siret_cleared() };
	}
};
