// A local HTTP server that plays Stripe's API for the calls the platform makes, records what it was
// sent, and honours idempotency keys as Stripe does (same key → same answer, nothing done twice).
// Tests point the platform's Stripe client at it (host, port, protocol) and sign webhooks with
// stripe.webhooks.generateTestHeaderString. It never reaches the network.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface RecordedRequest {
	method: string;
	path: string;
	params: Record<string, string>;
	idempotencyKey: string | null;
	authorization: string | null;
}

type StripeObject = Record<string, unknown> & { id: string };

export const TEST_SECRET_KEY = 'sk_test_entente_fake';
export const TEST_WEBHOOK_SECRET = 'whsec_entente_fake_secret';

export class FakeStripe {
	readonly requests: RecordedRequest[] = [];
	readonly objects = new Map<string, StripeObject>();
	private readonly replies = new Map<string, { status: number; body: unknown }>();
	private server: Server | undefined;
	private counter = 0;
	/** The next N creating calls answer 500 (to test retries and partial failures). */
	failNext = 0;
	port = 0;

	async start(port = 0) {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	async stop() {
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	get base() {
		return new URL(`http://127.0.0.1:${this.port}`);
	}

	private nextId(prefix: string) {
		this.counter++;
		return `${prefix}_fake${String(this.counter).padStart(6, '0')}`;
	}

	invoice(id: string) {
		return this.objects.get(id) as
			(StripeObject & { amount_due: number; amount_paid: number; amount_remaining: number; status: string; metadata: Record<string, string> }) | undefined;
	}

	/** Money arrives on an invoice (a bank transfer, all or part): returns the invoice as it now stands. */
	pay(invoiceId: string, amountCents: number) {
		const invoice = this.invoice(invoiceId);
		if (!invoice) throw new Error(`no invoice ${invoiceId}`);
		// A transfer beyond what the invoice asks is credited to the customer's balance: amount_overpaid.
		const applied = Math.min(invoice.amount_remaining, amountCents);
		invoice.amount_paid += applied;
		invoice.amount_remaining -= applied;
		if (amountCents > applied) invoice.amount_overpaid = Number(invoice.amount_overpaid ?? 0) + amountCents - applied;
		if (invoice.amount_remaining === 0) invoice.status = 'paid';
		return structuredClone(invoice);
	}

	/** A Checkout session completes (the partner paid): returns the session as it now stands. */
	completeCheckout(sessionId: string) {
		const session = this.objects.get(sessionId)!;
		session.payment_status = 'paid';
		session.status = 'complete';
		session.payment_intent = this.nextId('pi');
		return structuredClone(session);
	}

	/**
	 * A payer disputes the payment `paymentIntentId` (a card chargeback, a returned SEPA debit): a charge
	 * and a Dispute object as Stripe's API reference describes them (status needs_response, no balance
	 * transaction until the funds are withdrawn). Returns the dispute as it now stands.
	 */
	openDispute(paymentIntentId: string, amountCents: number) {
		const charge = {
			id: this.nextId('ch'),
			object: 'charge',
			amount: amountCents,
			currency: 'eur',
			payment_intent: paymentIntentId,
			disputed: true,
			metadata: {}
		};
		this.objects.set(charge.id, charge);
		const dispute = {
			id: this.nextId('dp'),
			object: 'dispute',
			amount: amountCents,
			currency: 'eur',
			charge: charge.id,
			payment_intent: paymentIntentId,
			reason: 'fraudulent',
			status: 'needs_response',
			is_charge_refundable: false,
			balance_transactions: [] as Record<string, unknown>[],
			created: Math.floor(Date.now() / 1000),
			livemode: false,
			metadata: {}
		};
		this.objects.set(dispute.id, dispute);
		return structuredClone(dispute);
	}

	private dispute(id: string) {
		const dispute = this.objects.get(id) as (StripeObject & { amount: number; status: string; balance_transactions: Record<string, unknown>[] }) | undefined;
		if (!dispute) throw new Error(`no dispute ${id}`);
		return dispute;
	}

	/** Stripe takes the disputed amount from the balance (charge.dispute.funds_withdrawn): one balance transaction. */
	withdrawDisputeFunds(id: string) {
		const dispute = this.dispute(id);
		dispute.balance_transactions.push({
			id: this.nextId('txn'),
			object: 'balance_transaction',
			amount: -dispute.amount,
			fee: 1500,
			type: 'adjustment',
			reporting_category: 'dispute',
			source: id
		});
		return structuredClone(dispute);
	}

	/**
	 * The dispute ends (charge.dispute.closed): won gives the withdrawn amount back (a second balance
	 * transaction, charge.dispute.funds_reinstated), lost keeps it with the payer's bank.
	 */
	closeDispute(id: string, outcome: 'won' | 'lost') {
		const dispute = this.dispute(id);
		if (outcome === 'won' && dispute.balance_transactions.length > 0)
			dispute.balance_transactions.push({
				id: this.nextId('txn'),
				object: 'balance_transaction',
				amount: dispute.amount,
				fee: 0,
				type: 'adjustment',
				reporting_category: 'dispute_reversal',
				source: id
			});
		dispute.status = outcome;
		return structuredClone(dispute);
	}

	/** A Stripe event carrying a snapshot of `object`. */
	event(type: string, object: unknown, id = this.nextId('evt')) {
		return {
			id,
			object: 'event',
			type,
			api_version: Stripe.API_VERSION,
			created: Math.floor(Date.now() / 1000),
			livemode: false,
			data: { object: structuredClone(object) }
		};
	}

	/** The body and the Stripe-Signature header of a delivery of `event`, signed with `secret` at `timestamp`. */
	static sign(event: unknown, secret = TEST_WEBHOOK_SECRET, timestamp = Math.floor(Date.now() / 1000)) {
		const payload = JSON.stringify(event);
		const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
		return { payload, signature };
	}

	/** A French IBAN (valid RIB key and IBAN check digits) for the `n`th customer: its virtual account. */
	static virtualIban(n: number) {
		const bank = '30001';
		const branch = '00794';
		const account = String(n).padStart(11, '0');
		const key = String(97 - Number((89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(account)) % 97n)).padStart(2, '0');
		const bban = `${bank}${branch}${account}${key}`;
		const check = String(98n - (BigInt(`${bban}152700`) % 97n)).padStart(2, '0');
		return `FR${check}${bban}`;
	}

	requestsTo(path: RegExp) {
		return this.requests.filter((r) => path.test(r.path));
	}

	private async handle(req: IncomingMessage, res: ServerResponse) {
		let raw = '';
		for await (const chunk of req) raw += chunk;
		const url = new URL(req.url ?? '/', 'http://fake');
		const params = Object.fromEntries(new URLSearchParams(req.method === 'GET' ? url.search : raw));
		const idempotencyKey = (req.headers['idempotency-key'] as string | undefined) ?? null;
		const recorded: RecordedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			params,
			idempotencyKey,
			authorization: (req.headers.authorization as string) ?? null
		};
		this.requests.push(recorded);
		const send = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json', 'request-id': this.nextId('req') });
			res.end(JSON.stringify(body));
		};
		// Test controls for another process (the end-to-end tests): pay an invoice, read it.
		if (url.pathname === '/_test/pay' && req.method === 'POST') return send(200, this.pay(params.invoice, Number(params.amount)));
		if (url.pathname === '/_test/requests')
			return send(
				200,
				this.requests.filter((r) => !r.path.startsWith('/_test'))
			);
		if (req.method === 'POST' && idempotencyKey) {
			const previous = this.replies.get(`${url.pathname} ${idempotencyKey}`);
			if (previous) return send(previous.status, previous.body);
		}
		if (req.method === 'POST' && this.failNext > 0) {
			this.failNext--;
			return send(500, { error: { type: 'api_error', message: 'Fake Stripe is failing on purpose.' } });
		}
		const { status, body } = this.route(req.method ?? 'GET', url.pathname, params);
		if (req.method === 'POST' && idempotencyKey && status < 500) this.replies.set(`${url.pathname} ${idempotencyKey}`, { status, body });
		send(status, body);
	}

	private metadata(params: Record<string, string>, prefix = 'metadata') {
		const found: Record<string, string> = {};
		for (const [key, value] of Object.entries(params)) {
			const match = new RegExp(`^${prefix.replace(/[[\]]/g, '\\$&')}\\[([^\\]]+)\\]$`).exec(key);
			if (match) found[match[1]] = value;
		}
		return found;
	}

	private route(method: string, path: string, params: Record<string, string>): { status: number; body: unknown } {
		const notFound = { status: 404, body: { error: { type: 'invalid_request_error', message: `No such object: ${path}` } } };
		const get = (id: string) => this.objects.get(id);
		const save = (object: StripeObject) => {
			this.objects.set(object.id, object);
			return { status: 200, body: structuredClone(object) };
		};
		let match: RegExpExecArray | null;
		if (method === 'POST' && path === '/v1/customers') {
			return save({ id: this.nextId('cus'), object: 'customer', name: params.name, metadata: this.metadata(params) });
		}
		if ((match = /^\/v1\/customers\/([^/]+)\/funding_instructions$/.exec(path)) && method === 'POST') {
			const customer = get(match[1]);
			if (!customer) return notFound;
			const invalid = (message: string) => ({ status: 400, body: { error: { type: 'invalid_request_error', message } } });
			if (params.funding_type !== 'bank_transfer') return invalid('funding_type must be bank_transfer.');
			if (!params.currency) return invalid('Missing required param: currency.');
			if (params['bank_transfer[type]'] !== 'eu_bank_transfer') return invalid('Only eu_bank_transfer is played by the fake.');
			const country = params['bank_transfer[eu_bank_transfer][country]'];
			if (!['BE', 'DE', 'ES', 'FR', 'IE', 'NL'].includes(country))
				return invalid('bank_transfer[eu_bank_transfer][country] must be one of BE, DE, ES, FR, IE, NL.');
			// Stripe returns the same funding instructions each time for a customer (and country).
			customer.funding_iban ??= FakeStripe.virtualIban(Number(match[1].replace(/\D/g, '')));
			return {
				status: 200,
				body: {
					object: 'funding_instructions',
					bank_transfer: {
						country,
						financial_addresses: [
							{
								type: 'iban',
								supported_networks: ['sepa'],
								iban: { account_holder_name: 'Stripe Technology Europe Limited', bic: 'SXPYFRP1', country: 'FR', iban: customer.funding_iban }
							}
						],
						type: 'eu_bank_transfer'
					},
					currency: params.currency,
					funding_type: 'bank_transfer',
					livemode: false
				}
			};
		}
		if (method === 'POST' && path === '/v1/invoices') {
			if (!params.customer || !get(params.customer)) return notFound;
			return save({
				id: this.nextId('in'),
				object: 'invoice',
				customer: params.customer,
				currency: params.currency,
				collection_method: params.collection_method,
				status: 'draft',
				amount_due: 0,
				amount_paid: 0,
				amount_remaining: 0,
				amount_overpaid: 0,
				total: 0,
				hosted_invoice_url: null,
				invoice_pdf: null,
				due_date: null,
				days_until_due: Number(params.days_until_due),
				metadata: this.metadata(params)
			});
		}
		if (method === 'POST' && path === '/v1/invoiceitems') {
			const invoice = this.invoice(params.invoice);
			if (!invoice || invoice.status !== 'draft') return notFound;
			const amount = Number(params.amount);
			invoice.amount_due += amount;
			invoice.amount_remaining += amount;
			invoice.total = Number(invoice.total ?? 0) + amount;
			return save({ id: this.nextId('ii'), object: 'invoiceitem', invoice: invoice.id, amount, currency: params.currency, description: params.description });
		}
		if ((match = /^\/v1\/invoices\/([^/]+)\/(finalize|send|void)$/.exec(path)) && method === 'POST') {
			const invoice = this.invoice(match[1]);
			if (!invoice) return notFound;
			if (match[2] === 'finalize' && invoice.status === 'draft') {
				invoice.status = 'open';
				invoice.hosted_invoice_url = `https://invoice.stripe.test/i/${invoice.id}`;
				invoice.invoice_pdf = `https://invoice.stripe.test/i/${invoice.id}/pdf`;
				invoice.due_date = Math.floor(Date.now() / 1000) + Number(invoice.days_until_due) * 86_400;
			}
			if (match[2] === 'void') {
				// An invoice that received a payment cannot be voided: a credit note adjusts it instead.
				if (invoice.amount_paid > 0 || invoice.status === 'paid')
					return { status: 400, body: { error: { type: 'invalid_request_error', message: 'You cannot void an invoice that has received a payment.' } } };
				invoice.status = 'void';
			}
			return { status: 200, body: structuredClone(invoice) };
		}
		if ((match = /^\/v1\/(invoices|checkout\/sessions|customers|charges|disputes)\/([^/]+)$/.exec(path)) && method === 'GET') {
			const object = get(match[2]);
			return object ? { status: 200, body: structuredClone(object) } : notFound;
		}
		if (method === 'POST' && path === '/v1/checkout/sessions') {
			const id = this.nextId('cs');
			return save({
				id,
				object: 'checkout.session',
				mode: params.mode,
				customer: params.customer,
				client_reference_id: params.client_reference_id,
				amount_total: Number(params['line_items[0][price_data][unit_amount]']) * Number(params['line_items[0][quantity]'] ?? 1),
				currency: params['line_items[0][price_data][currency]'],
				payment_status: 'unpaid',
				status: 'open',
				payment_intent: null,
				url: `http://127.0.0.1:${this.port}/checkout/${id}`,
				metadata: this.metadata(params)
			});
		}
		if (method === 'POST' && path === '/v1/credit_notes') {
			// Stripe's rule: a credit note first reduces the invoice's amount_remaining (pre_payment_amount),
			// the excess (post_payment_amount) must be exactly refunded, credited or marked out of band.
			const invoice = this.invoice(params.invoice) as
				(ReturnType<FakeStripe['invoice']> & { pre_payment_credit_notes_amount?: number; post_payment_credit_notes_amount?: number }) | undefined;
			if (!invoice) return notFound;
			const refuse = (message: string) => ({ status: 400, body: { error: { type: 'invalid_request_error', message } } });
			if (invoice.status !== 'open' && invoice.status !== 'paid') return refuse('A credit note needs a finalized, open or paid invoice.');
			let amount = Number(params.amount ?? 0);
			for (let i = 0; params[`lines[${i}][type]`]; i++) amount += Number(params[`lines[${i}][unit_amount]`]) * Number(params[`lines[${i}][quantity]`] ?? 1);
			const credited = (invoice.pre_payment_credit_notes_amount ?? 0) + (invoice.post_payment_credit_notes_amount ?? 0);
			if (!(amount > 0) || amount > invoice.amount_due - credited) return refuse('The credit note amount exceeds what is left of the invoice.');
			const pre = Math.min(amount, invoice.amount_remaining);
			const post = amount - pre;
			const refund = Number(params.refund_amount ?? 0);
			const outside = Number(params.credit_amount ?? 0) + Number(params.out_of_band_amount ?? 0);
			if (refund + outside !== post)
				return refuse(`The sum of refunds, customer balance credits, and outside of Stripe credits must equal the post_payment_amount (${post}).`);
			invoice.amount_remaining -= pre;
			invoice.pre_payment_credit_notes_amount = (invoice.pre_payment_credit_notes_amount ?? 0) + pre;
			invoice.post_payment_credit_notes_amount = (invoice.post_payment_credit_notes_amount ?? 0) + post;
			if (invoice.amount_remaining === 0) invoice.status = 'paid';
			const refunds = refund > 0 ? [{ refund: this.nextId('re'), amount_refunded: refund }] : [];
			return save({
				id: this.nextId('cn'),
				object: 'credit_note',
				invoice: invoice.id,
				status: 'issued',
				amount,
				pre_payment_amount: pre,
				post_payment_amount: post,
				refunds,
				metadata: this.metadata(params)
			});
		}
		if (method === 'POST' && path === '/v1/refunds') {
			return save({
				id: this.nextId('re'),
				object: 'refund',
				payment_intent: params.payment_intent ?? null,
				customer: params.customer ?? null,
				origin: params.origin ?? null,
				amount: Number(params.amount),
				status: 'succeeded',
				metadata: this.metadata(params)
			});
		}
		return notFound;
	}
}

/** Runs the fake as its own process (the end-to-end tests): `tsx tests/support/fake-stripe.ts <port>`. */
if (process.argv[1]?.endsWith('fake-stripe.ts')) {
	const fake = await new FakeStripe().start(Number(process.argv[2] ?? 12111));
	console.log(`fake Stripe listening on ${fake.base.href}`);
}
