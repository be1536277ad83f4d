import type { RequestHandler } from './$types';
import { answer, apiJson, notFound } from '$lib/server/api/http';
import { publicConsortium } from '$lib/server/consortia/api';

export const GET: RequestHandler = ({ params }) =>
	answer(async () => {
		const consortium = await publicConsortium(params.id);
		return consortium ? apiJson(consortium) : notFound('getConsortium');
	});
