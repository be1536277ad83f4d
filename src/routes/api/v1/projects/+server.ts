import type { RequestHandler } from './$types';
import { answer, apiJson, limitOf, nextCursor, offsetFrom, parseQuery } from '$lib/server/api/http';
import { operations } from '$lib/server/api/contract';
import { publicProjectsPage } from '$lib/server/projects/api';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		// The pages' filters, by the same names: q, theme, status, departement, region, seeking=1, sort.
		const { cursor, q, seeking, ...query } = parseQuery(url, operations.listProjects.query);
		const { theme, status, departement, region, sort } = query;
		const filters = { q: q?.trim() || undefined, theme, status, departement, region, seekingPartners: seeking === '1' || undefined, sort };
		const { data, nextOffset } = await publicProjectsPage(filters, limitOf(query), offsetFrom(cursor));
		return apiJson({ data, next: nextCursor('listProjects', nextOffset === null ? null : { offset: nextOffset }) });
	});
