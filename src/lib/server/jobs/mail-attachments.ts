// What an email's attachment references name, rendered when the email is sent: the mail service knows no
// aggregate, so the worker that starts it gives it this.
import type { AttachmentRenderer } from '../mail/outbox';
import { paymentNoticeAttachment } from '../funds/payment-notice';
import { isLocale } from '$lib/paraglide/runtime';

export const renderMailAttachment: AttachmentRenderer = async (ref) => {
	const locale = isLocale(ref.locale) ? ref.locale : 'fr';
	if (ref.kind === 'payment_notice') return paymentNoticeAttachment(ref.id, locale);
	return null;
};
