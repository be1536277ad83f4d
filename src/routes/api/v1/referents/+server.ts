import type { RequestHandler } from './$types';
import { answer, apiJson, limitOf, nextCursor, parseQuery } from '$lib/server/api/http';
import { operations } from '$lib/server/api/contract';
import { publicReferents } from '$lib/server/organisations/api';

// The référents numériques for TPE/PME named by verified cities and intercommunalities.
export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		const { cursor, region, departement, ...query } = parseQuery(url, operations.listReferents.query);
		const { data, last } = await publicReferents(limitOf(query), cursor ?? null, { region, departement });
		return apiJson({ data, next: nextCursor('listReferents', last ? { id: last } : null) });
	});
