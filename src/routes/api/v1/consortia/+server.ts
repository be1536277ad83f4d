import type { RequestHandler } from './$types';
import { answer, apiJson, pageParams } from '$lib/server/api/http';
import { cursorFromOffset, offsetFromCursor } from '$lib/server/api/paging';
import { consortiumFiltersFrom } from '$lib/server/consortia/filters';
import { publicConsortiaPage } from '$lib/server/consortia/api';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		const { limit, cursor } = pageParams(url);
		// The page's filters, by the same names: status, region, departement.
		const { data, nextOffset } = await publicConsortiaPage(consortiumFiltersFrom(url), limit, offsetFromCursor(cursor));
		return apiJson({ data, next: cursorFromOffset(nextOffset) });
	});
