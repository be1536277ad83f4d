import type { PageServerLoad } from './$types';
import { listPublicProjects, placeOptions, PROJECTS_PAGE_SIZE } from '$lib/server/projects/queries';
import { pageFrom, projectFiltersFrom } from '$lib/server/projects/filters';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ url }) => {
	const filters = projectFiltersFrom(url);
	const page = pageFrom(url);
	const [{ projects, total }, places] = await Promise.all([listPublicProjects(filters, (page - 1) * PROJECTS_PAGE_SIZE), placeOptions()]);
	return { description: m.projects_intro(), filters, page, pageCount: Math.max(1, Math.ceil(total / PROJECTS_PAGE_SIZE)), total, projects, places };
};
