import type { PageServerLoad } from './$types';
import { DIRECTORY_PAGE_SIZE, directoryFiltersFrom, referentsPage } from '$lib/server/organisations/directory';
import { placeOptions } from '$lib/server/projects/queries';
import { pageFrom } from '$lib/server/projects/filters';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ url }) => {
	const { region, departement } = directoryFiltersFrom(url);
	const page = pageFrom(url);
	const [{ referents, total }, places] = await Promise.all([referentsPage({ region, departement }, (page - 1) * DIRECTORY_PAGE_SIZE), placeOptions()]);
	return {
		description: m.referents_intro(),
		filters: { region, departement },
		page,
		pageCount: Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE)),
		total,
		referents,
		places
	};
};
