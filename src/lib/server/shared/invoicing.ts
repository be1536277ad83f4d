// The port through which funds ask for an invoice without importing the Stripe adapter: funds call pledges
// (funds/payment-calls.ts) and stripe books what Stripe says back (stripe/webhook.ts), so each importing the other
// tied the two folders in a knot. The adapter (stripe/client.ts) provides the implementation when it is loaded;
// the platform's start loads it (through the workers), as does every test that points the platform at a Stripe.

import type { Organisation } from '../db/schema';

export interface InvoiceInfo {
	id: string;
	url: string | null;
	pdf: string | null;
	status: string;
	dueDate: Date;
	/** Where the payer sends its transfer; null when Stripe could not say at the call (asked again for the notice). */
	transfer: TransferAccount | null;
}

/** An account a payer funds by bank transfer: the customer's virtual IBAN at Stripe. */
export interface TransferAccount {
	iban: string;
	bic: string;
	holder: string;
}

export interface InvoiceRequest {
	pledgeId: string;
	fundId: string;
	fundName: string;
	amountCents: number;
	deliberation: string | null;
	organisation: Organisation;
}

export interface Invoicing {
	/** Whether invoices are made at all (Stripe configured); without, payments are recorded by hand. */
	enabled(): boolean;
	/** The invoice of a called pledge, made idempotently: asked again, the same invoice. */
	createPledgeInvoice(request: InvoiceRequest, now: Date): Promise<InvoiceInfo>;
	/** The virtual IBAN of a called pledge's invoice (recorded at the call, or asked now); null when unknown. */
	transferAccount(pledgeId: string): Promise<TransferAccount | null>;
}

let provided: Invoicing | null = null;

/** The adapter registers itself once, when its module is loaded. */
export function provideInvoicing(invoicing: Invoicing) {
	provided = invoicing;
}

/** The invoicing in use: none when no adapter was loaded, as when Stripe is not configured. */
export function invoicing(): Invoicing | null {
	return provided?.enabled() ? provided : null;
}
