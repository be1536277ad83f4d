// The states Stripe gives an invoice (https://docs.stripe.com/invoicing/overview#invoice-statuses), as the
// coordinator's dashboard names them.

export const stripeInvoiceStatuses = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type StripeInvoiceStatus = (typeof stripeInvoiceStatuses)[number];

export function isStripeInvoiceStatus(status: string): status is StripeInvoiceStatus {
	return (stripeInvoiceStatuses as readonly string[]).includes(status);
}
