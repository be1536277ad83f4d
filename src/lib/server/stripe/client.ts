import Stripe from 'stripe';
import { config, type StripeSettings } from '../config';
import { provideInvoicing } from '../shared/invoicing';
import { createPledgeInvoice, invoiceTransferAccount } from './payments';

// The one Stripe client of the platform. Without keys there is none, and payments are recorded by hand.

let override: StripeSettings | null | undefined;
let client: Stripe | undefined;

/** Tests point the platform at a local fake Stripe (or turn Stripe off) without touching the environment. */
export function useStripeSettings(settings: StripeSettings | null | undefined) {
	override = settings;
	client = undefined;
}

export function stripeSettings(): StripeSettings | null {
	return override !== undefined ? override : config().stripe;
}

export const stripeEnabled = () => stripeSettings() !== null;

export function stripe(): Stripe {
	const settings = stripeSettings();
	if (!settings) throw new Error('Stripe is not configured (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET).');
	if (!client) {
		const base = settings.apiBase;
		client = new Stripe(settings.secretKey, {
			maxNetworkRetries: 2,
			timeout: 20_000,
			telemetry: false,
			appInfo: { name: 'Entente' },
			...(base
				? {
						host: base.hostname,
						port: base.port || (base.protocol === 'https:' ? 443 : 80),
						protocol: base.protocol === 'http:' ? 'http' : 'https'
					}
				: {})
		});
	}
	return client;
}

/** The idempotency key of one step of one object: a retry of that step never repeats it in Stripe. */
export const idempotencyKey = (object: string, id: string, step: string) => `entente:${object}:${id}:${step}`;

// Funds ask for invoices through shared/invoicing.ts: this adapter answers once loaded.
provideInvoicing({
	enabled: () => stripeEnabled(),
	createPledgeInvoice: (request, now) => createPledgeInvoice(request, now),
	transferAccount: (pledgeId) => invoiceTransferAccount(pledgeId)
});
