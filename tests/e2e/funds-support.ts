// End-to-end helpers for funds and Stripe: move a fund past its deadline, and play Stripe's side.
import { createClient } from '@libsql/client';
import { expect } from '@playwright/test';
import Stripe from 'stripe';
import { E2E_DATABASE_URL } from './support';

const port = Number(process.env.E2E_PORT ?? 4173);
/** The second instance of the app, configured with Stripe against the local fake (playwright.config.ts). */
export const STRIPE_APP = `http://localhost:${port + 1}`;
export const STRIPE_APP_DATABASE_URL = 'file:tests/.tmp/db-stripe/e2e.db';
const FAKE_STRIPE = `http://127.0.0.1:${port + 2000}`;
const WEBHOOK_SECRET = 'whsec_entente_fake_secret';

/** The fund's deadline passes now; the server's settlement job (every 10 s) settles it. */
export async function passFundDeadline(fundId: string, databaseUrl = E2E_DATABASE_URL) {
	const client = createClient({ url: databaseUrl });
	try {
		await client.execute('PRAGMA busy_timeout = 5000');
		const result = await client.execute({ sql: "UPDATE funds SET deadline = ? WHERE id = ? AND status = 'open'", args: [Date.now() - 1000, fundId] });
		expect(result.rowsAffected, `the open fund ${fundId} passed its deadline`).toBe(1);
	} finally {
		client.close();
	}
}

/** Money arrives on an invoice in the fake Stripe; returns the invoice as Stripe now shows it. */
export async function payFakeInvoice(invoiceId: string, amountCents: number) {
	const response = await fetch(`${FAKE_STRIPE}/_test/pay`, {
		method: 'POST',
		body: new URLSearchParams({ invoice: invoiceId, amount: String(amountCents) })
	});
	expect(response.ok).toBe(true);
	return (await response.json()) as { id: string; amount_paid: number; status: string; metadata: Record<string, string> };
}

/** Delivers a signed Stripe event to the Stripe-configured instance. */
export async function deliverStripeEvent(type: string, object: unknown) {
	const event = {
		id: `evt_e2e_${Date.now()}_${Math.random().toString(36).slice(2)}`,
		object: 'event',
		type,
		api_version: Stripe.API_VERSION,
		created: Math.floor(Date.now() / 1000),
		livemode: false,
		data: { object }
	};
	const payload = JSON.stringify(event);
	const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
	const response = await fetch(`${STRIPE_APP}/api/stripe/webhook`, {
		method: 'POST',
		body: payload,
		headers: { 'content-type': 'application/json', 'stripe-signature': signature }
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
