import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { callDetails } from '$lib/server/calls/queries';
import { documentOf } from '$lib/server/calls/documents';
import { pdfDownload } from '$lib/server/http/pdf';
import * as m from '$lib/paraglide/messages';

// A call's document is public with the call. A draft's documents are for the publisher's members and the
// platform admins only; anyone else gets the same 404 as for an id that does not exist.
export const GET: RequestHandler = async ({ params, locals }) => {
	const details = await callDetails(params.id);
	if (!details) error(404, m.error_not_found());
	const member = locals.organisations.some((o) => o.id === details.publisher.id);
	if (details.call.status === 'draft' && !member && !locals.user?.isPlatformAdmin) error(404, m.error_not_found());
	const document = await documentOf(params.id, params.documentId);
	if (!document) error(404, m.error_not_found());
	return pdfDownload(document.file, document.name, details.call.status === 'draft' ? 'private, no-store' : 'public, max-age=300');
};
