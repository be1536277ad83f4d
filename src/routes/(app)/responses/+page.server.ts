import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { responsesOfOrganisation } from '$lib/server/calls/queries';
import { callsFollowedBy } from '$lib/server/follows/follows';
import { searchesOf } from '$lib/server/alerts/saved-searches';

export const load: PageServerLoad = async ({ locals }) => {
	const { user } = requireUser();
	const acting = locals.actingOrganisation;
	// The calls followed and the searches saved are the person's own, whoever they act for.
	const [followed, searches] = await Promise.all([callsFollowedBy(user.id), searchesOf(user.id)]);
	const mine = {
		followed,
		searches: searches.filter((s) => s.target === 'calls').map(({ id, query, label, token }) => ({ id, query, label, token }))
	};
	// Only the acting organisation's own responses; a member of several switches in the header.
	if (!acting || acting.kind !== 'startup') return { organisation: null, responses: [], ...mine };
	return { organisation: { name: acting.name }, responses: await responsesOfOrganisation(acting.id), ...mine };
};
