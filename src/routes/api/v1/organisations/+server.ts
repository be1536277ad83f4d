import type { RequestHandler } from './$types';
import { answer, apiJson, encodeCursor, pageParams } from '$lib/server/api/http';
import { publicOrganisations } from '$lib/server/organisations/api';
import { directoryFiltersFrom } from '$lib/server/organisations/directory';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		const { limit, cursor } = pageParams(url);
		const { data, last } = await publicOrganisations(limit, cursor, directoryFiltersFrom(url));
		return apiJson({ data, next: last ? encodeCursor(last) : null });
	});
