import type { RequestHandler } from './$types';
import { answer, apiJson, pageParams } from '$lib/server/api/http';
import { cursorFromOffset, offsetFromCursor } from '$lib/server/api/paging';
import { projectFiltersFrom } from '$lib/server/projects/filters';
import { publicProjectsPage } from '$lib/server/projects/api';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		const { limit, cursor } = pageParams(url);
		// The pages' filters, by the same names: q, theme, status, departement, region, seeking=1, sort.
		const { data, nextOffset } = await publicProjectsPage(projectFiltersFrom(url), limit, offsetFromCursor(cursor));
		return apiJson({ data, next: cursorFromOffset(nextOffset) });
	});
