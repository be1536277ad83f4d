import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { deliberationFile } from '$lib/server/consortia/queries';
import { pdfDownload } from '$lib/server/http/pdf';
import * as m from '$lib/paraglide/messages';

// A council's délibération is a public act: its PDF is open to everyone, like the consortium page.
export const GET: RequestHandler = async ({ params }) => {
	const found = await deliberationFile(params.id, params.memberId);
	if (!found) error(404, m.error_not_found());
	return pdfDownload(found.file, found.name, 'public, max-age=3600');
};
