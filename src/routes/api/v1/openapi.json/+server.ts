import type { RequestHandler } from './$types';
import { apiJson } from '$lib/server/api/http';
import { openApiDocument } from '$lib/server/api/openapi';

export const GET: RequestHandler = ({ url }) => apiJson(openApiDocument(url.origin));
