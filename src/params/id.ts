import type { ParamMatcher } from '@sveltejs/kit';
import { isId } from '$lib/domain/ids';

// A route parameter that names a platform object by its id: anything else is the ordinary 404 (or the
// JSON 404 of /api/v1/[...path]) before a load or an action runs.
export const match = ((param: string) => isId(param)) satisfies ParamMatcher;
