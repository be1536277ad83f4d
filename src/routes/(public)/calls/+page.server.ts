import type { PageServerLoad } from './$types';
import { CALLS_PAGE_SIZE, listPublicCalls } from '$lib/server/calls/queries';
import { callFiltersFrom } from '$lib/server/calls/filters';
import { pageFrom } from '$lib/server/projects/filters';

export const load: PageServerLoad = async ({ url }) => {
	const filters = callFiltersFrom(url);
	const page = pageFrom(url);
	const { calls, total } = await listPublicCalls(filters, (page - 1) * CALLS_PAGE_SIZE);
	return { filters, page, pageCount: Math.max(1, Math.ceil(total / CALLS_PAGE_SIZE)), total, calls };
};
