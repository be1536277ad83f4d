import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findOrganisationBySlug } from '$lib/server/organisations/queries';
import { officialDataOf, profileOf } from '$lib/server/organisations/profiles';
import { mayEditOrganisationProfile, maySeeOrganisation } from '$lib/server/organisations/policy';
import { projectsOfOrganisation } from '$lib/server/projects/queries';
import { callsOfOrganisation } from '$lib/server/calls/queries';
import { callsWonBy } from '$lib/server/calls/award';
import * as m from '$lib/paraglide/messages';
import { subsidyExport } from '$lib/server/opendata/subventions';
import { similarCitiesFor } from '$lib/server/partners/similar';
import { seekingPartnersFor } from '$lib/server/partners/seeking';

export const load: PageServerLoad = async ({ params, locals }) => {
	const organisation = await findOrganisationBySlug(params.slug);
	if (!organisation) error(404, m.error_not_found());
	const membership = locals.organisations.find((o) => o.id === organisation.id) ?? null;
	// An organisation nobody verified yet is visible to its own members and the platform admins only.
	if (!maySeeOrganisation(organisation.verificationStatus, membership?.role, locals.user?.isPlatformAdmin)) error(404, m.error_not_found());
	return {
		description: m.meta_organisation({ name: organisation.name }),
		organisation: {
			id: organisation.id,
			slug: organisation.slug,
			name: organisation.name,
			kind: organisation.kind,
			inseeCode: organisation.inseeCode,
			siren: organisation.siren,
			nafCode: organisation.nafCode,
			description: organisation.description,
			verificationStatus: organisation.verificationStatus,
			rejectionReason: membership || locals.user?.isPlatformAdmin ? organisation.rejectionReason : null,
			isDemo: organisation.isDemo
		},
		official: await officialDataOf(organisation),
		profile: await profileOf(organisation.id),
		canEditProfile: mayEditOrganisationProfile(membership?.role).ok,
		membership,
		// Drafts only for the organisation's own members.
		projects: (await projectsOfOrganisation(organisation.id)).filter((p) => membership || p.status !== 'draft'),
		calls: (await callsOfOrganisation(organisation.id)).filter((c) => membership || c.status !== 'draft'),
		// "Villes comme la vôtre" for a verified city or intercommunality, from public data only.
		similarCities:
			organisation.verificationStatus === 'verified' && (organisation.kind === 'city' || organisation.kind === 'intercommunality')
				? await similarCitiesFor(organisation.id)
				: null,
		seeking:
			organisation.verificationStatus === 'verified' && (organisation.kind === 'city' || organisation.kind === 'intercommunality')
				? await seekingPartnersFor(organisation.id)
				: null,
		// What a startup shows cities: the calls it won, public once each was declared decided.
		callsWon: organisation.kind === 'startup' ? await callsWonBy(organisation.id) : [],
		openData:
			organisation.kind === 'startup'
				? null
				: await subsidyExport({ organisationId: organisation.id }).then((e) => ({ rows: e.rows.length, withheld: e.withheld }))
	};
};
