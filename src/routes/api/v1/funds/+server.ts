import type { RequestHandler } from './$types';
import { answer, apiJson, limitOf, nextCursor, offsetFrom, parseQuery } from '$lib/server/api/http';
import { operations } from '$lib/server/api/contract';
import { publicFundsPage } from '$lib/server/funds/api';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		// The page's filters, by the same names: status, consortium.
		const { cursor, limit, status, consortium } = parseQuery(url, operations.listFunds.query);
		const filters = { status: status ?? null, consortiumId: consortium ?? null };
		const { data, nextOffset } = await publicFundsPage(filters, limitOf({ limit }), offsetFrom(cursor));
		return apiJson({ data, next: nextCursor('listFunds', nextOffset === null ? null : { offset: nextOffset }) });
	});
