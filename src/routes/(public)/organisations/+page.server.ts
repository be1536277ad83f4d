import type { PageServerLoad } from './$types';
import { DIRECTORY_PAGE_SIZE, directoryFiltersFrom, searchDirectory } from '$lib/server/organisations/directory';
import { placeOptions } from '$lib/server/projects/queries';
import { pageFrom } from '$lib/server/projects/filters';
import * as m from '$lib/paraglide/messages';
import { ignoredFilters } from '$lib/domain/list-filters';

export const load: PageServerLoad = async ({ url }) => {
	const filters = directoryFiltersFrom(url);
	const page = pageFrom(url);
	const [{ organisations, total }, places] = await Promise.all([searchDirectory(filters, (page - 1) * DIRECTORY_PAGE_SIZE), placeOptions()]);
	const { kind, region, departement, band: population, theme } = filters;
	return {
		description: m.orgs_intro(),
		filters,
		ignored: ignoredFilters(url, { kind, region, departement, population, theme }),
		page,
		pageCount: Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE)),
		total,
		organisations,
		places
	};
};
