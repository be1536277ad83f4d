import type { PageServerLoad } from './$types';
import { listPublicProjects, placeOptions, PROJECTS_PAGE_SIZE } from '$lib/server/projects/queries';
import { pageFrom, projectFiltersFrom } from '$lib/server/projects/filters';
import * as m from '$lib/paraglide/messages';
import { ignoredFilters } from '$lib/domain/list-filters';
import { formatMoney } from '$lib/labels';

export const load: PageServerLoad = async ({ url }) => {
	const filters = projectFiltersFrom(url);
	const page = pageFrom(url);
	const [{ projects, total }, places] = await Promise.all([listPublicProjects(filters, (page - 1) * PROJECTS_PAGE_SIZE), placeOptions()]);
	const { theme, status, region, departement, seekingPartners: seeking, sort } = filters;
	return {
		description: m.projects_intro(),
		filters,
		ignored: ignoredFilters(url, { theme, status, region, departement, seeking, sort }),
		page,
		pageCount: Math.max(1, Math.ceil(total / PROJECTS_PAGE_SIZE)),
		total,
		// Worded here rather than in the page: the first number formatter a browser builds loads its ICU
		// data, about 300 ms of main thread on a slow phone, and the page would pay it on hydration.
		count: m.projects_count({ count: total }),
		projects: projects.map((project) => ({
			...project,
			budget: project.estimatedBudgetCents === null ? null : formatMoney(project.estimatedBudgetCents)
		})),
		places
	};
};
