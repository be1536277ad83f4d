import type { ParamMatcher } from '@sveltejs/kit';
import { isSlug } from '$lib/domain/ids';

// An organisation's slug: a path that cannot be one answers the ordinary 404 before any query.
export const match = ((param: string) => isSlug(param)) satisfies ParamMatcher;
