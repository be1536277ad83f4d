import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { ATOM_HEADERS, savedSearchFeed } from '$lib/server/alerts/feeds';
import { searchByToken } from '$lib/server/alerts/saved-searches';
import { config } from '$lib/server/config';
import { getLocale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';

// A saved search's feed: its token is the address (feed readers carry no session). It lists only public
// objects, so the token reveals nothing but the search itself.
export const GET: RequestHandler = async ({ params }) => {
	const search = await searchByToken(params.token);
	if (!search) error(404, m.error_not_found());
	const body = await savedSearchFeed(search, config().origin, getLocale());
	return new Response(body, { headers: { ...ATOM_HEADERS, 'cache-control': 'private, max-age=300' } });
};
