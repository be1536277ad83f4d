import type { RequestHandler } from './$types';
import { ATOM_HEADERS, openCallsFeed } from '$lib/server/alerts/feeds';
import { config } from '$lib/server/config';
import { getLocale } from '$lib/paraglide/runtime';

// The open calls as an Atom feed (RFC 4287).
export const GET: RequestHandler = async () => new Response(await openCallsFeed(config().origin, getLocale()), { headers: ATOM_HEADERS });
