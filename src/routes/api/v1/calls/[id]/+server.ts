import type { RequestHandler } from './$types';
import { apiJson, notFound } from '$lib/server/api/http';
import { publicCall } from '$lib/server/calls/api';

export const GET: RequestHandler = async ({ params }) => {
	const call = await publicCall(params.id);
	return call ? apiJson(call) : notFound();
};
