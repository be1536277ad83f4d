import type { RequestHandler } from './$types';
import { answer, apiJson, ApiError, encodeCursor, pageParams } from '$lib/server/api/http';
import { projectFiltersFrom } from '$lib/server/projects/filters';
import { publicProjectsPage } from '$lib/server/projects/api';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		const { limit, cursor } = pageParams(url);
		const offset = cursor === null ? 0 : Number(/^o(\d{1,7})$/.exec(cursor)?.[1] ?? NaN);
		if (!Number.isInteger(offset)) throw new ApiError(400, 'invalid_cursor', 'cursor must be a value returned as "next".');
		// The pages' filters, by the same names: q, theme, status, departement, region, seeking=1, sort.
		const { data, nextOffset } = await publicProjectsPage(projectFiltersFrom(url), limit, offset);
		return apiJson({ data, next: nextOffset === null ? null : encodeCursor(`o${nextOffset}`) });
	});
