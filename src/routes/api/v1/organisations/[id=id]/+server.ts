import type { RequestHandler } from './$types';
import { answer, apiJson, notFound } from '$lib/server/api/http';
import { publicOrganisation } from '$lib/server/organisations/api';

export const GET: RequestHandler = ({ params }) =>
	answer(async () => {
		const organisation = await publicOrganisation(params.id);
		return organisation ? apiJson(organisation) : notFound('getOrganisation');
	});
