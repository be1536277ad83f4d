import type { RequestHandler } from './$types';
import { answer, apiJson, notFound, offsetFrom, parseQuery } from '$lib/server/api/http';
import { operations } from '$lib/server/api/contract';
import { publicFund } from '$lib/server/funds/api';

export const GET: RequestHandler = ({ params, url }) =>
	answer(async () => {
		// One page of the fund's pledges at a time; `pledgesCursor` (signed by this operation) asks for the next.
		const { pledgesCursor } = parseQuery(url, operations.getFund.query);
		const fund = await publicFund(params.id, offsetFrom(pledgesCursor));
		// A draft is its coordinator's alone, as on the site.
		return fund && fund.status !== 'draft' ? apiJson(fund) : notFound('getFund');
	});
