import type { RequestHandler } from './$types';
import { answer, apiJson, notFound } from '$lib/server/api/http';
import { publicProject } from '$lib/server/projects/api';

export const GET: RequestHandler = ({ params }) =>
	answer(async () => {
		const project = await publicProject(params.id);
		return project ? apiJson(project) : notFound('getProject');
	});
