import type { RequestHandler } from './$types';
import { answer, apiJson, limitOf, nextCursor, offsetFrom, parseQuery } from '$lib/server/api/http';
import { operations } from '$lib/server/api/contract';
import { publicCallsPage } from '$lib/server/calls/api';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		// The page's filters, by the same names: q, theme, status, region, departement, audience, budget, closes.
		const { cursor, limit, q, ...filters } = parseQuery(url, operations.listCalls.query);
		const { data, nextOffset } = await publicCallsPage({ ...filters, q: q?.trim() || undefined }, limitOf({ limit }), offsetFrom(cursor));
		return apiJson({ data, next: nextCursor('listCalls', nextOffset === null ? null : { offset: nextOffset }) });
	});
