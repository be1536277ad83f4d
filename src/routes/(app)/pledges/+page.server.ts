import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { fundsOpenTo, pledgesOfOrganisation, pledgesShapedBy } from '$lib/server/funds/queries';
import { approvePledge, pledgeApprovalRefusal } from '$lib/server/funds/commands';
import { db } from '$lib/server/db';
import { refundsMadeTo } from '$lib/server/funds/refunds';
import { approversOf } from '$lib/server/funds/approvers';
import { approvalForm, mayApprovePledge } from '$lib/server/funds/policy';
import { fundRefusalTable } from '$lib/server/funds/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import { setFlash } from '$lib/server/http/flash';
import { formFailure, formValues, parseForm } from '$lib/schemas/parse';
import { approvalSchema, pledgeIdSchema } from '$lib/schemas/funds';
import { stripeEnabled } from '$lib/server/stripe/client';
import { createCheckoutSession, pledgeForCheckout } from '$lib/server/stripe/payments';
import { config } from '$lib/server/config';
import { parisDay } from '$lib/domain/consortia';
import { countdown } from '$lib/countdown';
import { formatMoney } from '$lib/labels';
import * as m from '$lib/paraglide/messages';
import { requireSecondFactor } from '$lib/server/auth/second-factor-guard';
import { isId } from '$lib/domain/ids';
import { pageFrom } from '$lib/server/projects/filters';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { user } = requireUser();
	const acting = locals.actingOrganisation;
	if (!acting) return { acting: null, pledges: [], history: { page: 1, pageCount: 1, length: 0 }, toApprove: [], toPay: [], openFunds: [], today: '' };
	const now = new Date();
	const [{ pledges, total, page, pageCount, toApprove, toPay }, openFunds] = await Promise.all([
		pledgesOfOrganisation(acting.id, now, pageFrom(url)),
		fundsOpenTo(acting.id, now)
	]);
	const signatory = mayApprovePledge(acting.role).ok;
	const [shaped, refunds, approvers] = await Promise.all([
		signatory
			? pledgesShapedBy(
					user.id,
					toApprove.map((p) => p.id)
				)
			: new Set<string>(),
		refundsMadeTo([...pledges, ...toPay].filter((p) => p.totals.refunded + p.totals.returned > 0).map((p) => p.id)),
		// Who may approve each intent, by name: never "a signatory will approve it" when none can.
		approversOf(
			acting.id,
			toApprove.map((p) => p.id)
		)
	]);
	const row = (p: (typeof pledges)[number]) => ({
		id: p.id,
		fundId: p.fundId,
		fundName: p.fundName,
		consortiumName: p.consortiumName,
		amountCents: p.amountCents,
		status: p.status,
		isMatch: p.matchOfferId !== null,
		receivedCents: p.totals.received,
		outstandingCents: p.totals.called,
		dueDate: p.dueDate,
		overdue: p.overdue,
		enteredAt: p.enteredAt,
		invoice: p.stripeInvoiceId ? { url: p.stripeInvoiceUrl, pdf: p.stripeInvoicePdf } : null,
		// The reference to quote and the avis de paiement that names the account (with Stripe, the invoice's virtual IBAN).
		paymentReference: p.paymentReference,
		transfer: p.stripeTransferIban && p.stripeTransferBic ? { iban: p.stripeTransferIban, bic: p.stripeTransferBic } : null,
		owedCents: p.totals.owed,
		unappliedCents: p.totals.unapplied,
		refunds: refunds.get(p.id) ?? []
	});
	return {
		acting: { name: acting.name, signatory },
		// The history one page at a time (`?page=2`); what to approve and to pay is listed whole above it.
		pledges: pledges.map(row),
		history: { page, pageCount, length: total },
		toApprove: toApprove.map((p) => ({
			...row(p),
			fundDeadline: p.fundDeadline,
			countdown: countdown(p.fundDeadline, now),
			note: p.note,
			approval: approvalForm(mayApprovePledge(acting.role, shaped.has(p.id))),
			approvers: approvers.get(p.id) ?? []
		})),
		toPay: toPay.map((p) => ({
			...row(p),
			// A partner may pay its called match by card or SEPA debit through Stripe Checkout.
			checkout: stripeEnabled() && p.matchOfferId !== null && (acting.role === 'admin' || signatory)
		})),
		openFunds: openFunds.map((f) => ({ ...f, countdown: countdown(f.deadline, now) })),
		today: parisDay(now)
	};
};

export const actions: Actions = {
	checkout: async ({ request, locals }) => {
		const { user } = requireUser();
		const parsed = parseForm(pledgeIdSchema, await request.formData());
		const acting = locals.actingOrganisation;
		if (!parsed.ok || !acting) return fail(400, formFailure({ form: 'checkout', values: {}, errors: {}, message: m.fund_err_not_found() }));
		if (!stripeEnabled()) return fail(400, formFailure({ form: 'checkout', values: {}, errors: {}, message: m.pledges_page_checkout_unavailable() }));
		const pledge = await pledgeForCheckout(parsed.data.pledgeId, acting.id, user.id);
		if (!pledge) return fail(403, formFailure({ form: 'checkout', values: {}, errors: {}, message: m.fund_err_forbidden() }));
		let url: string;
		try {
			url = await createCheckoutSession(pledge, config().origin);
		} catch (error) {
			console.error('stripe: creating a Checkout session failed', error);
			return fail(503, formFailure({ form: 'checkout', values: {}, errors: {}, message: m.fund_err_stripe_unavailable() }));
		}
		redirect(303, url);
	},
	approve: async ({ request, cookies }) => {
		const { user } = requireUser();
		const form = await request.formData();
		const values = formValues(form);
		const pledgeId = String(form.get('pledgeId') ?? '');
		const name = `approve-${isId(pledgeId) ? pledgeId : ''}`;
		// Who may approve first: a non-signatory is refused here, not sent to type a code.
		const notAllowed = await pledgeApprovalRefusal(db(), user.id, pledgeId.slice(0, 64));
		if (notAllowed) return refusalFailure(fundRefusalTable, { code: notAllowed }, { form: name, values });
		// Then the authenticator's code (and back to this page): nothing changes without it.
		requireSecondFactor();
		const parsed = parseForm(approvalSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: name, values, errors: parsed.errors }));
		const { reference, date } = parsed.data;
		const result = await approvePledge(user, parsed.data.pledgeId, { reference, date });
		if (!result.ok) return refusalFailure(fundRefusalTable, result, { form: name, values });
		setFlash(
			cookies,
			result.matchedCents > 0
				? m.funds_page_approved_matched({ reference, matched: formatMoney(result.matchedCents, 2) })
				: m.funds_page_approved({ reference })
		);
		redirect(303, '/pledges');
	}
};
