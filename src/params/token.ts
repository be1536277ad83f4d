import type { ParamMatcher } from '@sveltejs/kit';
import { isToken } from '$lib/domain/ids';

// The feed of a saved search. The links sent by email (invitations, password reset, address check,
// unsubscribe) take no matcher on purpose: a link cut by a mail client still gets the page that says the
// link is no longer valid and what to do, rather than a bare 404.
export const match = ((param: string) => isToken(param)) satisfies ParamMatcher;
