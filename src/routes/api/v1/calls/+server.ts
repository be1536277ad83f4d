import type { RequestHandler } from './$types';
import { answer, apiJson, pageParams } from '$lib/server/api/http';
import { cursorFromOffset, offsetFromCursor } from '$lib/server/api/paging';
import { callFiltersFrom } from '$lib/server/calls/filters';
import { publicCallsPage } from '$lib/server/calls/api';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		const { limit, cursor } = pageParams(url);
		// The page's filters, by the same names: q, theme, status, region, departement, audience, budget, closes.
		const { data, nextOffset } = await publicCallsPage(callFiltersFrom(url), limit, offsetFromCursor(cursor));
		return apiJson({ data, next: cursorFromOffset(nextOffset) });
	});
