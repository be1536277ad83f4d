import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { responsesOfOrganisation } from '$lib/server/calls/queries';

export const load: PageServerLoad = async ({ locals }) => {
	requireUser();
	const acting = locals.actingOrganisation;
	// Only the acting organisation's own responses; a member of several switches in the header.
	if (!acting || acting.kind !== 'startup') return { organisation: null, responses: [] };
	return { organisation: { name: acting.name }, responses: await responsesOfOrganisation(acting.id) };
};
