import type { RequestHandler } from './$types';
import { answer, apiJson, encodeCursor, pageParams } from '$lib/server/api/http';
import { publicReferents } from '$lib/server/organisations/api';
import { directoryFiltersFrom } from '$lib/server/organisations/directory';

// The référents numériques for TPE/PME named by verified cities and intercommunalities.
export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		const { limit, cursor } = pageParams(url);
		const { region, departement } = directoryFiltersFrom(url);
		const { data, last } = await publicReferents(limit, cursor, { region, departement });
		return apiJson({ data, next: last ? encodeCursor(last) : null });
	});
