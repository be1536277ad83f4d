import type { RequestHandler } from './$types';
import { unknownPath } from '$lib/server/api/http';

// Any path under /api/v1 that names no operation: the API's JSON 404, never the site's HTML page.
export const fallback: RequestHandler = async () => unknownPath();
