import type { RequestHandler } from './$types';
import { answer, apiJson } from '$lib/server/api/http';
import { apiIndex } from '$lib/server/api/openapi';

// /api/v1 itself: where to start (the OpenAPI document and each list), declared as getIndex.
export const GET: RequestHandler = ({ url }) => answer(async () => apiJson(apiIndex(url.origin)));
