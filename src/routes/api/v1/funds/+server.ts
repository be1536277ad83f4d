import type { RequestHandler } from './$types';
import { answer, apiJson, pageParams } from '$lib/server/api/http';
import { cursorFromOffset, offsetFromCursor } from '$lib/server/api/paging';
import { fundFiltersFrom } from '$lib/server/funds/queries';
import { publicFundsPage } from '$lib/server/funds/api';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		const { limit, cursor } = pageParams(url);
		// The page's filters, by the same names: status, consortium.
		const { data, nextOffset } = await publicFundsPage(fundFiltersFrom(url), limit, offsetFromCursor(cursor));
		return apiJson({ data, next: cursorFromOffset(nextOffset) });
	});
