import type { RequestHandler } from './$types';
import { answer, apiJson, notFound } from '$lib/server/api/http';
import { publicCall } from '$lib/server/calls/api';

export const GET: RequestHandler = ({ params }) =>
	answer(async () => {
		const call = await publicCall(params.id);
		return call ? apiJson(call) : notFound('getCall');
	});
