import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { logoBySlug } from '$lib/server/organisations/profiles';
import * as m from '$lib/paraglide/messages';

// A verified organisation's logo. Its type was read from its bytes when uploaded; nosniff keeps it an image.
export const GET: RequestHandler = async ({ params }) => {
	const logo = await logoBySlug(params.slug);
	if (!logo) error(404, m.error_not_found());
	return new Response(new Uint8Array(logo.bytes), {
		headers: {
			'content-type': logo.type,
			'content-length': String(logo.bytes.length),
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'",
			'cache-control': 'public, max-age=300'
		}
	});
};
