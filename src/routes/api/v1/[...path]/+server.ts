import type { RequestHandler } from './$types';
import { unknownPath } from '$lib/server/api/http';

// Any path under /api/v1 that no route took — no operation, or an id the matcher refuses: the API's JSON
// 404 (the object's own under an object's path), never the site's HTML page.
export const fallback: RequestHandler = async ({ params }) => unknownPath(params.path);
