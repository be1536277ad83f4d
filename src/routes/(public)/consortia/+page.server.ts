import type { PageServerLoad } from './$types';
import { CONSORTIA_PAGE_SIZE, listConsortia } from '$lib/server/consortia/queries';
import { placeOptions } from '$lib/server/projects/queries';
import { pageFrom } from '$lib/server/projects/filters';
import { consortiumFiltersFrom } from '$lib/server/consortia/filters';
import { mayCreateConsortium } from '$lib/server/consortia/policy';
import * as m from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ url, locals }) => {
	const filters = consortiumFiltersFrom(url);
	const page = pageFrom(url);
	const [{ consortia, total }, places] = await Promise.all([listConsortia(filters, (page - 1) * CONSORTIA_PAGE_SIZE), placeOptions()]);
	const acting = locals.actingOrganisation;
	return {
		description: m.consortia_intro(),
		filters,
		page,
		pageCount: Math.max(1, Math.ceil(total / CONSORTIA_PAGE_SIZE)),
		total,
		places,
		// The same predicate as the creation page's and the command's.
		canCreate: mayCreateConsortium(acting, acting?.role).ok,
		consortia: consortia.map(({ consortium, members, report, covered }) => ({
			id: consortium.id,
			name: consortium.name,
			status: consortium.status,
			coordinator: members.find((m) => m.organisationId === consortium.coordinatorOrganisationId)?.name ?? '',
			memberCount: report.members.count,
			minMembers: report.members.required,
			rulesHold: report.holds,
			covered
		}))
	};
};
