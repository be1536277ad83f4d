import type { RequestHandler } from './$types';
import { answer, apiJson, limitOf, notFound, parseQuery, seqFrom } from '$lib/server/api/http';
import { operations } from '$lib/server/api/contract';
import { publicLedgerPage } from '$lib/server/funds/api';
import { fundExists } from '$lib/server/funds/queries';

export const GET: RequestHandler = ({ params, url }) =>
	answer(async () => {
		const { cursor, limit } = parseQuery(url, operations.listFundLedger.query);
		const afterSeq = seqFrom(cursor);
		if (!(await fundExists(params.id))) return notFound('listFundLedger');
		return apiJson(await publicLedgerPage(params.id, limitOf({ limit }), afterSeq));
	});
