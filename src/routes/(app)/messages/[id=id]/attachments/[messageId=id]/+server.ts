import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { conversationAccess } from '$lib/server/conversations/policy';
import { messageAttachment } from '$lib/server/conversations/queries';
import { pdfDownload } from '$lib/server/http/pdf';
import * as m from '$lib/paraglide/messages';

// A PDF joined to a message, for the current members of the conversation's organisations only (the page's
// predicate). Anyone else, the platform's administrators included, gets the same 404 as for an id that does not exist.
export const GET: RequestHandler = async ({ params, locals }) => {
	const { user } = requireUser();
	const access = await conversationAccess(db(), user.id, params.id, locals.actingOrganisation?.id ?? null);
	if (!access) error(404, m.error_not_found());
	const attachment = await messageAttachment(params.id, params.messageId);
	if (!attachment) error(404, m.error_not_found());
	return pdfDownload(attachment.file, attachment.name, 'private, no-store');
};
