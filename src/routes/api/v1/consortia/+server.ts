import type { RequestHandler } from './$types';
import { answer, apiJson, limitOf, nextCursor, offsetFrom, parseQuery } from '$lib/server/api/http';
import { operations } from '$lib/server/api/contract';
import { publicConsortiaPage } from '$lib/server/consortia/api';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		// The page's filters, by the same names: status, region, departement.
		const { cursor, limit, ...filters } = parseQuery(url, operations.listConsortia.query);
		const { data, nextOffset } = await publicConsortiaPage(filters, limitOf({ limit }), offsetFrom(cursor));
		return apiJson({ data, next: nextCursor('listConsortia', nextOffset === null ? null : { offset: nextOffset }) });
	});
