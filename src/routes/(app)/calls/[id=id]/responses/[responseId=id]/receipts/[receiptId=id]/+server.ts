import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { responseForViewer } from '$lib/server/calls/queries';
import { findReceipt, receiptPdf } from '$lib/server/calls/receipts';
import { config } from '$lib/server/config';
import { getLocale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';

// A receipt is the responding organisation's own record: its members only.
export const GET: RequestHandler = async ({ params }) => {
	const { user } = requireUser();
	const visible = await responseForViewer(user, params.id, params.responseId);
	if (!visible || visible.viewer !== 'startup') error(404, m.error_not_found());
	const receipt = await findReceipt(params.responseId, params.receiptId);
	if (!receipt) error(404, m.error_not_found());
	const bytes = await receiptPdf(receipt, config().origin, getLocale());
	const day = receipt.at.toISOString().slice(0, 10);
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'application/pdf',
			'content-length': String(bytes.length),
			'content-disposition': `attachment; filename="accuse-reception-${receipt.kind}-${day}.pdf"`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
};
