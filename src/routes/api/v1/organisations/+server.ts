import type { RequestHandler } from './$types';
import { answer, apiJson, limitOf, nextCursor, parseQuery } from '$lib/server/api/http';
import { operations } from '$lib/server/api/contract';
import { publicOrganisations } from '$lib/server/organisations/api';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		const { cursor, q, kind, region, departement, population, theme, ...query } = parseQuery(url, operations.listOrganisations.query);
		const filters = { q: q?.trim() || undefined, kind, region, departement, band: population, theme };
		const { data, last } = await publicOrganisations(limitOf(query), cursor ?? null, filters);
		return apiJson({ data, next: nextCursor('listOrganisations', last ? { id: last } : null) });
	});
