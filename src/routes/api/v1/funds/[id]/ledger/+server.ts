import type { RequestHandler } from './$types';
import { answer, apiJson, notFound, pageParams } from '$lib/server/api/http';
import { publicLedgerPage, seqFromCursor } from '$lib/server/funds/api';
import { fundExists } from '$lib/server/funds/queries';

export const GET: RequestHandler = ({ params, url }) =>
	answer(async () => {
		const { limit, cursor } = pageParams(url);
		const afterSeq = seqFromCursor(cursor);
		if (!(await fundExists(params.id))) return notFound();
		return apiJson(await publicLedgerPage(params.id, limit, afterSeq));
	});
