import type { PageServerLoad } from './$types';
import { CALLS_PAGE_SIZE, listPublicCalls } from '$lib/server/calls/queries';
import { callFiltersFrom } from '$lib/server/calls/filters';
import { pageFrom } from '$lib/server/projects/filters';
import { placeOptions } from '$lib/server/projects/queries';
import * as m from '$lib/paraglide/messages';
import { ignoredFilters } from '$lib/domain/list-filters';

export const load: PageServerLoad = async ({ url }) => {
	const filters = callFiltersFrom(url);
	const page = pageFrom(url);
	const [{ calls, total }, places] = await Promise.all([listPublicCalls(filters, (page - 1) * CALLS_PAGE_SIZE), placeOptions()]);
	const { theme, status, region, departement, audience, budget, closes } = filters;
	return {
		description: m.meta_calls(),
		filters,
		ignored: ignoredFilters(url, { theme, status, region, departement, audience, budget, closes }),
		page,
		pageCount: Math.max(1, Math.ceil(total / CALLS_PAGE_SIZE)),
		total,
		calls,
		places
	};
};
