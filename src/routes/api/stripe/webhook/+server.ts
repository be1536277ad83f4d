import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { handleStripeWebhook } from '$lib/server/stripe/webhook';

// Stripe's events. The body is read raw: the signature covers the exact bytes sent.
export const POST: RequestHandler = async ({ request }) => {
	const raw = await request.text();
	const { status, body } = await handleStripeWebhook(raw, request.headers.get('stripe-signature'));
	return json(body, { status });
};
