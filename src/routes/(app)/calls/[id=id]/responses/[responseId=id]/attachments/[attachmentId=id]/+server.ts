import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { attachmentOf, responseForViewer } from '$lib/server/calls/queries';
import { pdfDownload } from '$lib/server/http/pdf';
import * as m from '$lib/paraglide/messages';

// A PDF joined to a response, for the startup's members and the call's evaluators only.
// Anyone else gets the same 404 as for an id that does not exist, so ids cannot be probed.
export const GET: RequestHandler = async ({ params }) => {
	const { user } = requireUser();
	const visible = await responseForViewer(user, params.id, params.responseId);
	// An evaluator reads nothing of a response before declaring they have no conflict with it.
	if (!visible || (visible.viewer === 'evaluator' && !visible.declared)) error(404, m.error_not_found());
	const attachment = await attachmentOf(params.responseId, params.attachmentId);
	if (!attachment) error(404, m.error_not_found());
	return pdfDownload(attachment.file, attachment.name, 'private, no-store');
};
