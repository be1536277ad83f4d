import type { RequestHandler } from './$types';
import { answer, apiJson, notFound } from '$lib/server/api/http';
import { publicFund } from '$lib/server/funds/api';

export const GET: RequestHandler = ({ params }) =>
	answer(async () => {
		const fund = await publicFund(params.id);
		return fund ? apiJson(fund) : notFound();
	});
