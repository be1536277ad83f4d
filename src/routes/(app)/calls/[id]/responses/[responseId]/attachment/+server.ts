import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { responseForViewer } from '$lib/server/calls/queries';
import { readStoredFile } from '$lib/server/calls/uploads';
import * as m from '$lib/paraglide/messages';

/** RFC 6266: an ASCII fallback for old clients, and the exact name in UTF-8. */
function contentDisposition(name: string) {
	const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\]/g, '_');
	const utf8 = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

// The PDF joined to a response, for the startup's members and the call's evaluators only.
// Anyone else gets the same 404 as for an id that does not exist, so ids cannot be probed.
export const GET: RequestHandler = async ({ params }) => {
	const { user } = requireUser();
	const visible = await responseForViewer(user, params.id, params.responseId);
	// An evaluator reads nothing of a response before declaring they have no conflict with it.
	if (!visible || (visible.viewer === 'evaluator' && !visible.declared)) error(404, m.error_not_found());
	const { attachmentFile, attachmentName } = visible.response;
	if (!attachmentFile) error(404, m.error_not_found());
	let bytes: Buffer;
	try {
		bytes = await readStoredFile(attachmentFile);
	} catch (cause) {
		console.error(`attachment ${attachmentFile} of response ${params.responseId} is missing:`, cause);
		error(404, m.error_not_found());
	}
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'application/pdf',
			'content-length': String(bytes.length),
			'content-disposition': contentDisposition(attachmentName || 'document.pdf'),
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
};
