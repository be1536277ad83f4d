import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { paymentNoticeFor, renderPaymentNotice } from '$lib/server/funds/payment-notice';
import * as m from '$lib/paraglide/messages';

// The avis de paiement of a called pledge, for the paying organisation and the coordinator.
export const GET: RequestHandler = async ({ params }) => {
	const { user } = requireUser();
	const found = await paymentNoticeFor(user, params.id);
	if (!found.ok) error(found.code === 'forbidden' ? 403 : 404, found.code === 'forbidden' ? m.error_forbidden() : m.error_not_found());
	const pdf = await renderPaymentNotice(found.notice);
	return new Response(pdf as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="avis-de-paiement-${found.notice.reference}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
