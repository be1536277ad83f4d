// Calls for payment and receipts: the coordinator asks approved pledges for their money and records what arrives.

import { and, eq, inArray } from 'drizzle-orm';
import { db, write, type Queryable, type Tx } from '../db';
import { funds, ledgerEntries, organisations, pledges, stripeRefunds, type Pledge, type User } from '../db/schema';
import { audit, type Actor } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import type { FundOutcome } from './refusals';
import { appendEntry, totalsByPledge } from './ledger';
import { invoicing, type InvoiceInfo } from '../shared/invoicing';
import { canPledge, fundTakesPayments } from '../../domain/funds';
import { parisDay } from '../../domain/consortia';
import { creditorReference } from '../../domain/receiving-account';
import { accountInForce } from './receiving-account';
import { loadPledge, peopleOf } from './support';
import { receiveUnapplied } from './unapplied';
import { callMailText, type CallInstruction } from './payment-notice';
import { coordinatingFund } from './policy';

/** The structured reference a payer quotes: RF, its key, and 16 characters of the pledge's id (unique, stable). */
export const paymentReferenceOf = (pledgeId: string) => creditorReference(pledgeId.slice(0, 16));

/** Checks a call of `pledgeIds` by `user`: the coordinator, pledges approved, the fund taking payments. */
async function checkCall(tx: Queryable, user: User, fundId: string, pledgeIds: string[], dueDate: Date, now: Date) {
	const coordinator = await coordinatingFund(tx, user, fundId);
	if (coordinator.refusal) return { ok: false as const, code: coordinator.refusal };
	if (!fundTakesPayments(coordinator.fund.status)) return { ok: false as const, code: 'fund_not_open' as const };
	if (parisDay(dueDate) < parisDay(now)) return { ok: false as const, code: 'due_date_past' as const };
	if (pledgeIds.length === 0) return { ok: false as const, code: 'nothing_selected' as const };
	// Members must be told where to pay: no call before a second person has approved the account.
	const account = await accountInForce(coordinator.consortium.coordinatorOrganisationId, tx);
	if (!account) return { ok: false as const, code: 'receiving_account_missing' as const };
	const rows = await tx
		.select({ pledge: pledges, organisation: organisations })
		.from(pledges)
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(and(eq(pledges.fundId, fundId), inArray(pledges.id, pledgeIds)));
	if (rows.length !== new Set(pledgeIds).size) return { ok: false as const, code: 'not_found' as const };
	if (rows.some((r) => !canPledge(r.pledge.status, 'call'))) return { ok: false as const, code: 'invalid_transition' as const };
	return { ok: true as const, coordinator, account, rows };
}

/**
 * The coordinator calls approved pledges: payment is requested by `dueDate`. With Stripe, each pledge
 * first gets its invoice (due in 30 days, payable by bank transfer), made before the transaction with
 * idempotency keys: a retry after a failure finds the same invoices instead of making new ones.
 */
export async function callPledges(
	user: User,
	fundId: string,
	pledgeIds: string[],
	dueDate: Date,
	now = new Date(),
	options: { viaStripe?: boolean } = {}
): Promise<FundOutcome<{ called: number }>> {
	const invoices = new Map<string, InvoiceInfo>();
	const invoicer = invoicing();
	if (options.viaStripe ?? invoicer !== null) {
		const check = await checkCall(db(), user, fundId, pledgeIds, dueDate, now);
		if (!check.ok) return check;
		try {
			if (!invoicer) throw new Error('Stripe is not configured');
			for (const { pledge, organisation } of check.rows) {
				invoices.set(
					pledge.id,
					await invoicer.createPledgeInvoice(
						{
							pledgeId: pledge.id,
							fundId,
							fundName: check.coordinator.fund.name,
							amountCents: pledge.amountCents,
							deliberation: pledge.deliberationReference,
							organisation
						},
						now
					)
				);
			}
		} catch (error) {
			console.error('stripe: creating an invoice failed', error);
			if (invoices.size === 0) return { ok: false, code: 'stripe_unavailable' };
			// Those already invoiced are called below; the others stay approved and can be called again.
			pledgeIds = [...invoices.keys()];
		}
	}
	const outcome = await write(async (tx) => {
		// A concurrent call (another tab, a retry) already called some of these pledges with the very
		// invoice the idempotency keys gave us both: that call is this one, done. Never void it.
		const held = invoices.size
			? await tx
					.select({ id: pledges.id, invoiceId: pledges.stripeInvoiceId, status: pledges.status })
					.from(pledges)
					.where(inArray(pledges.id, [...invoices.keys()]))
			: [];
		const alreadyCalled = new Set(held.filter((p) => p.status !== 'approved' && p.invoiceId === invoices.get(p.id)?.id).map((p) => p.id));
		const toCall = pledgeIds.filter((id) => !alreadyCalled.has(id));
		if (toCall.length === 0 && alreadyCalled.size > 0) return { ok: true as const, called: 0 };
		const check = await checkCall(tx, user, fundId, toCall, dueDate, now);
		if (!check.ok) {
			// Invoices were sent for a call that did not happen (the fund settled meanwhile…): void them,
			// except those a pledge holds (its call happened).
			for (const [pledgeId, invoice] of invoices) {
				if (alreadyCalled.has(pledgeId) || held.some((p) => p.invoiceId === invoice.id)) continue;
				await tx
					.insert(stripeRefunds)
					.values({ id: newId(), pledgeId, kind: 'void', amountCents: 0, nextAttemptAt: now, createdAt: now, stripeObjectId: invoice.id });
			}
			return check;
		}
		const { coordinator, account, rows } = check;
		const [payee] = await tx
			.select({ name: organisations.name })
			.from(organisations)
			.where(eq(organisations.id, coordinator.consortium.coordinatorOrganisationId));
		const instructions = new Map<string, CallInstruction>();
		for (const { pledge, organisation } of rows) {
			const invoice = invoices.get(pledge.id);
			const due = invoice?.dueDate ?? dueDate;
			await tx
				.update(pledges)
				.set({
					status: 'called',
					calledBy: user.id,
					calledAt: now,
					dueDate: due,
					// Given once: a pledge called again (after a refused invoice…) keeps the reference its payer has.
					paymentReference: pledge.paymentReference ?? paymentReferenceOf(pledge.id),
					updatedAt: now,
					...(invoice
						? {
								stripeInvoiceId: invoice.id,
								stripeInvoiceUrl: invoice.url,
								stripeInvoicePdf: invoice.pdf,
								stripeStatus: invoice.status,
								stripePaidCents: 0,
								stripeTransferIban: invoice.transfer?.iban ?? null,
								stripeTransferBic: invoice.transfer?.bic ?? null,
								stripeTransferHolder: invoice.transfer?.holder ?? null
							}
						: {})
				})
				.where(eq(pledges.id, pledge.id));
			await appendEntry(tx, {
				fundId,
				kind: 'call',
				amountCents: pledge.amountCents,
				pledgeId: pledge.id,
				isMatch: pledge.matchOfferId !== null,
				organisationId: pledge.organisationId,
				reference: invoice ? `${invoice.id} — ${due.toISOString().slice(0, 10)}` : due.toISOString().slice(0, 10),
				actorUserId: user.id,
				at: now
			});
			await audit(
				tx,
				coordinator.actor,
				'pledge.called',
				{ type: 'pledge', id: pledge.id },
				{
					fundId,
					amountCents: pledge.amountCents,
					due: due.toISOString().slice(0, 10),
					invoice: invoice?.id ?? null
				}
			);
			// What the avis de paiement says, in the email's own text: with Stripe, the invoice's virtual IBAN.
			instructions.set(pledge.id, {
				payer: organisation.name,
				payee: payee.name,
				amountCents: pledge.amountCents,
				dueDate: due,
				reference: pledge.paymentReference ?? paymentReferenceOf(pledge.id),
				account: invoice ? invoice.transfer : account,
				viaStripe: Boolean(invoice)
			});
		}
		// Each paying organisation is told what to pay, to whom and with which reference, with the avis de paiement
		// of its own pledges attached (rendered when the email goes).
		const organisationIds = [...new Set(rows.map((r) => r.pledge.organisationId))];
		for (const organisationId of organisationIds) {
			const own = rows.filter((r) => r.pledge.organisationId === organisationId).map((r) => r.pledge.id);
			await notify(tx, await peopleOf(tx, [organisationId], ['admin', 'signatory']), {
				type: 'fund.pledge_called',
				params: { fund: coordinator.fund.name, date: (invoices.values().next().value?.dueDate ?? dueDate).toISOString() },
				link: '/pledges',
				attachments: own.map((id) => ({ kind: 'payment_notice' as const, id })),
				mailDetails: (locale) =>
					callMailText(
						own.map((id) => instructions.get(id)!),
						locale
					)
			});
		}
		return { ok: true as const, called: rows.length };
	});
	return outcome;
}

export interface Receipt {
	amountCents: number;
	bankReference: string;
	receivedOn: Date;
}

/**
 * The coordinator records money received for a pledge by bank transfer. What the pledge still expects is a
 * receipt (fully received, the pledge is paid); anything beyond it (an invoice overpaid, paid twice, paid
 * after the fund failed or the pledge was released) is recorded as unapplied money of the organisation that
 * paid it, to be sent back: money in the account is never left out of the ledger.
 */
export async function recordReceipt(
	user: User,
	pledgeId: string,
	receipt: Receipt,
	now = new Date()
): Promise<FundOutcome<{ paid: boolean; unappliedCents: number }>> {
	return write(async (tx) => {
		const row = await loadPledge(tx, pledgeId);
		if (!row) return { ok: false, code: 'not_found' };
		const coordinator = await coordinatingFund(tx, user, row.fund.id);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		// Money for a Stripe invoice arrives through Stripe: recording it by hand as well would count it twice.
		if (row.pledge.stripeInvoiceId || row.pledge.stripeCheckoutSessionId) return { ok: false, code: 'paid_through_stripe' };
		if (receipt.receivedOn.toISOString().slice(0, 10) > parisDay(now)) return { ok: false, code: 'received_in_future' };
		if (!Number.isSafeInteger(receipt.amountCents) || receipt.amountCents <= 0) return { ok: false, code: 'amount_not_positive' };
		const reference = receipt.bankReference.trim();
		if (!reference) return { ok: false, code: 'bank_reference_required' };
		// One bank transfer is recorded once: a second submission of the same form changes nothing.
		const [recorded] = await tx
			.select({ seq: ledgerEntries.seq })
			.from(ledgerEntries)
			.where(and(eq(ledgerEntries.pledgeId, pledgeId), inArray(ledgerEntries.kind, ['receipt', 'unapplied']), eq(ledgerEntries.reference, reference)))
			.limit(1);
		if (recorded) return { ok: false, code: 'duplicate_receipt' };
		const expected = canPledge(row.pledge.status, 'receive') ? (await totalsByPledge(tx, [pledgeId])).get(pledgeId)!.called : 0;
		const applied = Math.min(expected, receipt.amountCents);
		let paid = false;
		if (applied > 0) {
			const result = await receive(tx, row.pledge, coordinator.actor, { ...receipt, amountCents: applied, bankReference: reference }, now);
			if (!result.ok) return result;
			paid = result.paid;
		}
		const unappliedCents = receipt.amountCents - applied;
		if (unappliedCents > 0) await receiveUnapplied(tx, row.pledge, unappliedCents, reference, now, [], coordinator.actor);
		return { ok: true, paid, unappliedCents };
	});
}

/**
 * Money received for a pledge, in the caller's transaction: by hand (the coordinator) or from a payment
 * provider (Stripe). Refuses more than what is still expected.
 */
export async function receive(tx: Tx, pledge: Pledge, actor: Actor, receipt: Receipt, now = new Date()): Promise<FundOutcome<{ paid: boolean }>> {
	if (!canPledge(pledge.status, 'receive')) return { ok: false, code: 'invalid_transition' };
	if (receipt.receivedOn.toISOString().slice(0, 10) > parisDay(now)) return { ok: false, code: 'received_in_future' };
	if (!Number.isSafeInteger(receipt.amountCents) || receipt.amountCents <= 0) return { ok: false, code: 'amount_not_positive' };
	const outstanding = (await totalsByPledge(tx, [pledge.id])).get(pledge.id)!.called;
	if (receipt.amountCents > outstanding) return { ok: false, code: 'over_outstanding' };
	const reference = receipt.bankReference.trim();
	await appendEntry(tx, {
		fundId: pledge.fundId,
		kind: 'receipt',
		amountCents: receipt.amountCents,
		pledgeId: pledge.id,
		isMatch: pledge.matchOfferId !== null,
		organisationId: pledge.organisationId,
		reference,
		actorUserId: actor.userId,
		at: now
	});
	const paid = receipt.amountCents === outstanding;
	if (paid) await tx.update(pledges).set({ status: 'paid', updatedAt: now }).where(eq(pledges.id, pledge.id));
	await audit(
		tx,
		actor,
		'pledge.payment_received',
		{ type: 'pledge', id: pledge.id },
		{
			fundId: pledge.fundId,
			amountCents: receipt.amountCents,
			bankReference: reference,
			receivedOn: receipt.receivedOn.toISOString().slice(0, 10),
			paid
		}
	);
	const [fund] = await tx.select({ name: funds.name }).from(funds).where(eq(funds.id, pledge.fundId));
	await notify(tx, await peopleOf(tx, [pledge.organisationId], ['admin', 'signatory']), {
		type: paid ? 'fund.pledge_paid' : 'fund.payment_received',
		params: { fund: fund.name },
		link: '/pledges'
	});
	return { ok: true, paid };
}
