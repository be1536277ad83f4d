import type { RequestHandler } from './$types';
import { apiJson, notFound } from '$lib/server/api/http';
import { publicFund } from '$lib/server/funds/api';

export const GET: RequestHandler = async ({ params }) => {
	const fund = await publicFund(params.id);
	return fund ? apiJson(fund) : notFound();
};
