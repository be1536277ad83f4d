import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { findOrganisationBySlug } from '$lib/server/organisations/queries';
import { subsidyFile } from '$lib/server/opendata/http';
import * as m from '$lib/paraglide/messages';

// The subsidies this organisation granted through the platform's funds (its share of each), in SCDL
// subventions 2.1.1: the file its open-data portal publishes.
export const GET: RequestHandler = async ({ params }) => {
	const organisation = await findOrganisationBySlug(params.slug);
	if (!organisation || organisation.verificationStatus !== 'verified') error(404, m.error_not_found());
	return subsidyFile({ organisationId: organisation.id }, 'json', `subventions-${organisation.slug}`);
};
