import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { fundDashboard, type DashboardList, type DashboardPages } from '$lib/server/funds/dashboard';
import { coordinatingFund } from '$lib/server/funds/policy';
import { db } from '$lib/server/db';
import { stripeEnabled } from '$lib/server/stripe/client';
import { INVOICE_DAYS } from '$lib/server/stripe/payments';
import { callPledges, decideDisbursement, proposeDisbursement, recordReceipt } from '$lib/server/funds/commands';
import { fundRefusalTable, type FundFigures, type FundRefusal } from '$lib/server/funds/refusals';
import { refusalFailure } from '$lib/server/shared/refusal';
import { recordRefundMade } from '$lib/server/funds/refunds';
import { pledgeByPaymentReference, recordUnappliedReturned, unappliedOfFund } from '$lib/server/funds/unapplied';
import { accountApprovalSchema, accountSchema, deficitCoverSchema, refundMadeSchema, unexpectedReceiptSchema } from '$lib/schemas/money';
import { recordDeficitCovered } from '$lib/server/funds/deficit';
import { approveReceivingAccount, proposeReceivingAccount, receivingAccountOf } from '$lib/server/funds/receiving-account';
import type { AccountProblem } from '$lib/domain/receiving-account';
import { formFailure, formValues, parseForm, type FieldErrors } from '$lib/schemas/parse';
import { callSchema, disbursementDecisionSchema, disbursementSchema, receiptSchema } from '$lib/schemas/funds';
import { fundTakesPayments, shareBp } from '$lib/domain/funds';
import { parisDay } from '$lib/domain/consortia';
import { formatMoney } from '$lib/labels';
import * as m from '$lib/paraglide/messages';
import { recordSubsidyDetails } from '$lib/server/funds/subsidy-records';
import { subsidyErrors, subsidyFromForm } from './subsidy-form';
import { requireSecondFactor } from '$lib/server/auth/second-factor-guard';
import { isId } from '$lib/domain/ids';

/**
 * The coordinator's working page: whoever coordinates the fund now, as every coordinator's command asks it
 * (coordinatingFund in funds/policy.ts). Everyone else is refused here, in every action, and again by each command.
 */
async function coordinatorAccess(fundId: string) {
	const { user } = requireUser();
	const access = await coordinatingFund(db(), user, fundId);
	if (access.refusal === 'not_found') error(404, m.error_not_found());
	if (access.refusal) error(403, m.dashboard_coordinators_only());
	return {
		user,
		fund: access.fund,
		coordinatorOrganisationId: access.consortium.coordinatorOrganisationId,
		role: access.role,
		// What the dashboard would otherwise read again: the fund, its consortium and coordinator, as just read.
		header: {
			fund: access.fund,
			consortiumName: access.consortium.name,
			coordinatorOrganisationId: access.consortium.coordinatorOrganisationId,
			coordinatorName: access.coordinatorName
		}
	};
}

/** Refusals that belong to one field of a form, so the message sits beside it. */
const FIELD_OF: Record<string, Partial<Record<FundRefusal, string>>> = {
	call: { due_date_past: 'dueDate', nothing_selected: 'pledgeIds' },
	receipt: { amount_not_positive: 'amount', received_in_future: 'receivedOn', duplicate_receipt: 'bankReference' },
	propose: { amount_not_positive: 'amount', over_available: 'amount', held_back: 'amount', invalid_beneficiary: 'beneficiary' },
	decide: {},
	refund: {
		amount_not_positive: 'amount',
		over_owed: 'amount',
		sent_in_future: 'sentOn',
		bank_reference_required: 'bankReference',
		duplicate_refund: 'bankReference'
	},
	unexpected: { amount_not_positive: 'amount', received_in_future: 'receivedOn', bank_reference_required: 'bankReference', duplicate_receipt: 'bankReference' },
	return: {
		amount_not_positive: 'amount',
		over_unapplied: 'amount',
		sent_in_future: 'sentOn',
		bank_reference_required: 'bankReference',
		duplicate_refund: 'bankReference'
	},
	deficit: {
		amount_not_positive: 'amount',
		over_deficit: 'amount',
		received_in_future: 'receivedOn',
		bank_reference_required: 'bankReference',
		duplicate_receipt: 'bankReference'
	},
	account: {}
};

const accountProblem: Record<AccountProblem, () => string> = {
	holder_required: m.iban_err_holder_required,
	iban_invalid: m.iban_err_iban_invalid,
	bic_invalid: m.iban_err_bic_invalid,
	bic_country: m.iban_err_bic_country
};

function refused(kind: keyof typeof FIELD_OF, form: string, code: FundRefusal, values: Record<string, string>, figures: Partial<FundFigures> = {}) {
	return refusalFailure(fundRefusalTable, { code }, { form, values, figures, fields: FIELD_OF[kind] });
}

/** What a recorded transfer did: paid (in part or in full) what was due, and what it brought beyond that. */
function receiptDone(amount: number, result: { paid: boolean; unappliedCents: number }) {
	const money = formatMoney(amount, 2);
	if (result.unappliedCents > 0) return m.money_receipt_unapplied_done({ amount: money, unapplied: formatMoney(result.unappliedCents, 2) });
	return result.paid ? m.dashboard_receipt_paid_done({ amount: money }) : m.dashboard_receipt_partial_done({ amount: money });
}

/** An id sent by the page, safe to name a form with. */
const idFrom = (form: FormData, key: string) => {
	const id = String(form.get(key) ?? '');
	return isId(id) ? id : '';
};

/** The page of each list the URL asks for (`?call=2`), 1 when absent or not a page number. */
function pagesFrom(url: URL): DashboardPages {
	const page = (list: DashboardList) => {
		const value = url.searchParams.get(list) ?? '1';
		return /^[1-9][0-9]{0,3}$/.test(value) ? Number(value) : 1;
	};
	return {
		approval: page('approval'),
		call: page('call'),
		payment: page('payment'),
		refunds: page('refunds'),
		members: page('members'),
		disbursements: page('disbursements')
	};
}

/** Where a list stands, for its previous / next links. */
const position = (list: { page: number; pageCount: number; length: number }) => ({ page: list.page, pageCount: list.pageCount, length: list.length });

export const load: PageServerLoad = async ({ params, url }) => {
	const { user, role, coordinatorOrganisationId, header } = await coordinatorAccess(params.id);
	const now = new Date();
	// One page of each list at a time: the page's size and its queries do not grow with the fund.
	const [board, account, unapplied] = await Promise.all([
		fundDashboard(params.id, { now, pages: pagesFrom(url), header }),
		receivingAccountOf(coordinatorOrganisationId),
		unappliedOfFund(params.id)
	]);
	if (!board) error(404, m.error_not_found());
	const { fund } = board;
	return {
		fund: {
			id: fund.id,
			name: fund.name,
			kind: fund.kind,
			status: fund.status,
			rule: fund.rule,
			targetCents: fund.targetCents,
			thresholdCents: fund.thresholdCents,
			deadline: fund.deadline
		},
		consortium: { id: fund.consortiumId, name: board.consortiumName },
		coordinatorName: board.coordinatorName,
		role,
		totals: board.totals,
		memberCap: board.memberCap,
		takesPayments: fundTakesPayments(fund.status),
		lists: {
			approval: position(board.awaitingApproval),
			call: position(board.awaitingCall),
			payment: position(board.awaitingPayment),
			refunds: position(board.refundsOwed),
			members: position(board.members),
			disbursements: position(board.disbursementList)
		},
		/** Disbursements awaiting a decision in the whole list (they come first). */
		disbursementsProposed: board.disbursementList.proposed,
		awaitingApproval: board.awaitingApproval.rows.map((p) => ({
			id: p.id,
			organisation: p.organisationName,
			intentCents: p.totals.intent,
			enteredAt: p.enteredAt,
			enteredBy: p.enteredByName ?? ''
		})),
		awaitingCall: board.awaitingCall.rows.map((p) => ({
			id: p.id,
			organisation: p.organisationName,
			approvedCents: p.totals.approved,
			isMatch: p.matchOfferId !== null,
			deliberation: p.deliberationReference ?? '',
			approvedAt: p.approvedAt
		})),
		awaitingPayment: board.awaitingPayment.rows.map((p) => ({
			id: p.id,
			organisation: p.organisationName,
			dueCents: p.totals.called,
			receivedCents: p.totals.received,
			dueDate: p.dueDate,
			overdue: p.overdue,
			// Stripe's last known view of the invoice, beside the platform's figures.
			stripe: p.stripeInvoiceId
				? { invoiceId: p.stripeInvoiceId, url: p.stripeInvoiceUrl, status: p.stripeStatus ?? 'open', paidCents: p.stripePaidCents ?? 0 }
				: null
		})),
		overdueCount: board.overdueCount,
		refundsOwed: board.refundsOwed.rows.map((p) => ({
			id: p.id,
			organisationId: p.organisationId,
			organisation: p.organisationName,
			owedCents: p.totals.owed,
			refundedCents: p.totals.refunded,
			throughStripe: Boolean(p.stripeInvoiceId || p.stripePaymentIntentId)
		})),
		refundsByHand: board.refundsOwed.byHand,
		unapplied,
		// The coordinator's own people see the whole IBAN: they check it against the bank details.
		account: {
			current: account.current && {
				holder: account.current.holder,
				iban: account.current.iban,
				bic: account.current.bic,
				approvedAt: account.current.approvedAt
			},
			pending: account.pending && {
				id: account.pending.id,
				holder: account.pending.holder,
				iban: account.pending.iban,
				bic: account.pending.bic,
				enteredBy: account.pending.enteredByName,
				enteredAt: account.pending.enteredAt,
				mine: account.pending.enteredBy === user.id
			}
		},
		members: board.members.rows.map((member) => ({
			organisationId: member.organisationId,
			name: member.name,
			intentCents: member.totals.intent,
			committedCents: member.totals.committed,
			receivedCents: member.totals.received,
			capCents: member.cap,
			capShareBp: member.cap === null ? null : shareBp(member.totals.committed, member.cap)
		})),
		disbursements: board.disbursements.map((d) => ({
			id: d.id,
			beneficiary: d.beneficiary,
			amountCents: d.amountCents,
			description: d.description,
			status: d.status,
			proposedAt: d.proposedAt,
			proposedBy: d.proposedByName,
			mine: d.proposedBy === user.id,
			decidedAt: d.decidedAt,
			rejectionReason: d.rejectionReason,
			subsidy: d.subsidy
		})),
		beneficiaries: board.beneficiaries.map((b) => ({ value: `${b.kind}:${b.id}`, name: b.name })),
		today: parisDay(now),
		stripe: stripeEnabled(),
		invoiceDueDay: parisDay(new Date(now.getTime() + INVOICE_DAYS * 86_400_000))
	};
};

export const actions: Actions = {
	call: async ({ params, request }) => {
		const { user, fund } = await coordinatorAccess(params.id);
		const form = await request.formData();
		const values = formValues(form);
		const parsed = parseForm(callSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'call', values, errors: parsed.errors }));
		const result = await callPledges(user, fund.id, parsed.data.pledgeIds, parsed.data.dueDate);
		if (!result.ok) return refused('call', 'call', result.code, values);
		return { form: 'call', success: m.dashboard_called_done({ count: String(result.called) }) };
	},
	receipt: async ({ params, request }) => {
		const { user } = await coordinatorAccess(params.id);
		const form = await request.formData();
		const values = formValues(form);
		const name = `receipt-${idFrom(form, 'pledgeId')}`;
		const parsed = parseForm(receiptSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: name, values, errors: parsed.errors }));
		const { pledgeId, amount, bankReference, receivedOn } = parsed.data;
		// The command checks that this person coordinates the pledge's own fund.
		const result = await recordReceipt(user, pledgeId, { amountCents: amount, bankReference, receivedOn });
		if (!result.ok) return refused('receipt', name, result.code, values);
		return { form: 'receipts', success: receiptDone(amount, result) };
	},
	unexpected: async ({ params, request }) => {
		const { user, fund } = await coordinatorAccess(params.id);
		const form = await request.formData();
		const values = formValues(form);
		const parsed = parseForm(unexpectedReceiptSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'unexpected', values, errors: parsed.errors }));
		const { paymentReference, amount, bankReference, receivedOn } = parsed.data;
		const pledgeId = await pledgeByPaymentReference(fund.id, paymentReference);
		if (!pledgeId) return fail(400, formFailure({ form: 'unexpected', values, errors: { paymentReference: m.money_unexpected_unknown() } }));
		const result = await recordReceipt(user, pledgeId, { amountCents: amount, bankReference, receivedOn });
		if (!result.ok) return refused('unexpected', 'unexpected', result.code, values);
		return { form: 'unapplied', success: receiptDone(amount, result) };
	},
	returnUnapplied: async ({ params, request }) => {
		const { user } = await coordinatorAccess(params.id);
		const form = await request.formData();
		const values = formValues(form);
		const name = `return-${idFrom(form, 'pledgeId')}`;
		const parsed = parseForm(refundMadeSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: name, values, errors: parsed.errors }));
		const { pledgeId, amount, bankReference, sentOn } = parsed.data;
		// The command checks that this person coordinates the pledge's own fund.
		const result = await recordUnappliedReturned(user, pledgeId, { amountCents: amount, bankReference, sentOn });
		if (!result.ok) return refused('return', name, result.code, values);
		const money = formatMoney(amount, 2);
		return { form: 'unapplied', success: result.done ? m.money_return_done_all({ amount: money }) : m.money_return_done_part({ amount: money }) };
	},
	propose: async ({ params, request }) => {
		const { user, fund } = await coordinatorAccess(params.id);
		const form = await request.formData();
		const values = formValues(form);
		const parsed = parseForm(disbursementSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'propose', values, errors: parsed.errors }));
		const [kind, id] = parsed.data.beneficiary.split(':');
		const result = await proposeDisbursement(user, fund.id, {
			projectId: kind === 'project' ? id : null,
			responseId: kind === 'response' ? id : null,
			amountCents: parsed.data.amount,
			description: parsed.data.description
		});
		if (!result.ok) return refused('propose', 'propose', result.code, values, 'heldBackCents' in result ? result : {});
		return { form: 'disbursements', success: m.dashboard_proposed_done() };
	},
	refund: async ({ params, request }) => {
		const { user } = await coordinatorAccess(params.id);
		const form = await request.formData();
		const values = formValues(form);
		const name = `refund-${idFrom(form, 'pledgeId')}`;
		const parsed = parseForm(refundMadeSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: name, values, errors: parsed.errors }));
		const { pledgeId, amount, bankReference, sentOn } = parsed.data;
		// The command checks that this person coordinates the pledge's own fund.
		const result = await recordRefundMade(user, pledgeId, { amountCents: amount, bankReference, sentOn });
		if (!result.ok) return refused('refund', name, result.code, values);
		const money = formatMoney(amount, 2);
		return { form: 'refunds', success: result.done ? m.money_refunds_done_all({ amount: money }) : m.money_refunds_done_part({ amount: money }) };
	},
	coverDeficit: async ({ params, request }) => {
		const { user, fund } = await coordinatorAccess(params.id);
		// Asks for the authenticator's code first (then back to this page): nothing changes without it.
		requireSecondFactor();
		const form = await request.formData();
		const values = formValues(form);
		const parsed = parseForm(deficitCoverSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'deficit', values, errors: parsed.errors }));
		const { amount, bankReference, receivedOn } = parsed.data;
		// The command checks that this person is a signatory of the organisation coordinating the fund now.
		const result = await recordDeficitCovered(user, fund.id, { amountCents: amount, bankReference, receivedOn });
		if (!result.ok) return refused('deficit', 'deficit', result.code, values);
		const money = formatMoney(amount, 2);
		return {
			form: 'deficit-done',
			success:
				result.deficitCents > 0
					? m.money_deficit_cover_done_part({ amount: money, deficit: formatMoney(result.deficitCents, 2) })
					: m.money_deficit_cover_done_all({ amount: money })
		};
	},
	account: async ({ params, request }) => {
		const { user, fund } = await coordinatorAccess(params.id);
		const form = await request.formData();
		const values = formValues(form);
		const parsed = parseForm(accountSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'account', values, errors: parsed.errors }));
		const result = await proposeReceivingAccount(user, fund.id, parsed.data);
		if (!result.ok && result.code === 'account_invalid' && 'problems' in result) {
			const errors = Object.fromEntries(Object.entries(result.problems).map(([field, problem]) => [field, accountProblem[problem]()]));
			return fail(400, formFailure({ form: 'account', values, errors }));
		}
		if (!result.ok) return refused('account', 'account', result.code, values);
		return { form: 'account-done', success: m.iban_proposed_done() };
	},
	approveAccount: async ({ params, request }) => {
		const { user, fund } = await coordinatorAccess(params.id);
		// Asks for the authenticator's code first (then back to this page): nothing changes without it.
		requireSecondFactor();
		const form = await request.formData();
		const parsed = parseForm(accountApprovalSchema, form);
		if (!parsed.ok) return fail(400, formFailure({ form: 'approve-account', values: {}, errors: {}, message: m.err_choice() }));
		const result = await approveReceivingAccount(user, fund.id, parsed.data.accountId);
		if (!result.ok) return refused('account', 'approve-account', result.code, {});
		return { form: 'account-done', success: m.iban_approved_done() };
	},
	decide: async ({ params, request }) => {
		const { user } = await coordinatorAccess(params.id);
		// Asks for the authenticator's code first (then back to this page): nothing changes without it.
		requireSecondFactor();
		const form = await request.formData();
		const values = formValues(form);
		const name = `decide-${idFrom(form, 'disbursementId')}`;
		const decision = form.get('decision');
		const parsed = parseForm(disbursementDecisionSchema, form);
		const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
		if (decision !== 'approve' && decision !== 'reject') errors.decision = m.err_choice();
		if (decision === 'reject' && parsed.ok && !parsed.data.reason) errors.reason = m.err_reason_required();
		if (!parsed.ok || Object.keys(errors).length) return fail(400, formFailure({ form: name, values, errors, message: errors.decision }));
		if (decision === 'approve') {
			// What the law asks to publish is recorded first; the approval then refuses without it.
			const recorded = await recordSubsidyDetails(user, parsed.data.disbursementId, subsidyFromForm(form));
			if (!recorded.ok && recorded.code === 'invalid') return fail(400, formFailure({ form: name, values, errors: subsidyErrors(recorded.errors) }));
			if (!recorded.ok) return refused('decide', name, recorded.code, values);
		}
		// The command checks that this person is a signatory coordinating the disbursement's own fund.
		const result = await decideDisbursement(
			user,
			parsed.data.disbursementId,
			decision === 'approve' ? { approve: true } : { approve: false, reason: parsed.data.reason }
		);
		if (!result.ok) return refused('decide', name, result.code, values, 'heldBackCents' in result ? result : {});
		return { form: 'disbursements', success: decision === 'approve' ? m.dashboard_approved_done() : m.dashboard_rejected_done() };
	}
};
