import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { projectDetails } from '$lib/server/projects/queries';
import { projectDocumentOf } from '$lib/server/projects/documents';
import { pdfDownload } from '$lib/server/http/pdf';
import { mayReadProjectDocuments } from '$lib/domain/project-documents';
import * as m from '$lib/paraglide/messages';

// A project's document is public with the project; a draft's is for its proposer's members and the platform
// admins, anyone else gets the same 404 as for an id that does not exist.
export const GET: RequestHandler = async ({ params, locals }) => {
	const details = await projectDetails(params.id);
	if (!details) error(404, m.error_not_found());
	const member = locals.organisations.some((o) => o.id === details.proposer.id);
	if (!mayReadProjectDocuments(details.project.status, member, Boolean(locals.user?.isPlatformAdmin))) error(404, m.error_not_found());
	const document = await projectDocumentOf(params.id, params.documentId);
	if (!document) error(404, m.error_not_found());
	return pdfDownload(document.file, document.fileName, details.project.status === 'draft' ? 'private, no-store' : 'public, max-age=300');
};
