import type { RequestHandler } from './$types';
import { answer, apiJson, encodeCursor, pageParams } from '$lib/server/api/http';
import { publicOrganisations } from '$lib/server/organisations/api';

export const GET: RequestHandler = ({ url }) =>
	answer(async () => {
		const { limit, cursor } = pageParams(url);
		const { data, last } = await publicOrganisations(limit, cursor);
		return apiJson({ data, next: last ? encodeCursor(last) : null });
	});
