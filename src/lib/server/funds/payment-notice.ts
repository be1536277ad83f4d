import { eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { db } from '../db';
import { consortia, funds, organisations, pledges, type User } from '../db/schema';
import { roleIn } from '../organisations/queries';
import { totalsByPledge } from './ledger';
import { accountInForce } from './receiving-account';
import { invoicing, type TransferAccount } from '../shared/invoicing';
import { formatIban, formatReference } from '../../domain/receiving-account';
import { formatEuros } from '$lib/domain/money';
import { dateTimeFormat } from '$lib/domain/intl';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import * as m from '$lib/paraglide/messages';

// The avis de paiement of a called pledge: what a comptable public needs to pay it by bank transfer
// (payer, payee and its approved account, amount, due date, the reference to quote, the délibération).

export type NoticeRefusal = 'not_found' | 'forbidden';

/**
 * The notice's content, for a person of the paying organisation or an admin or signatory of the
 * coordinating one.
 */
export async function paymentNoticeFor(user: User, pledgeId: string): Promise<{ ok: true; notice: PaymentNotice } | { ok: false; code: NoticeRefusal }> {
	const [row] = await db()
		.select({ organisationId: pledges.organisationId, coordinatorId: consortia.coordinatorOrganisationId })
		.from(pledges)
		.innerJoin(funds, eq(funds.id, pledges.fundId))
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.where(eq(pledges.id, pledgeId));
	if (!row) return { ok: false, code: 'not_found' };
	const [payerRole, coordinatorRole] = await Promise.all([roleIn(db(), row.organisationId, user.id), roleIn(db(), row.coordinatorId, user.id)]);
	if (!payerRole && coordinatorRole !== 'admin' && coordinatorRole !== 'signatory') return { ok: false, code: 'forbidden' };
	const notice = await paymentNoticeOf(pledgeId);
	return notice ? { ok: true, notice } : { ok: false, code: 'not_found' };
}

/**
 * The notice of a called (or paid) pledge, whoever asks (the caller has checked who may read it). It names the
 * account the payer must credit: the fund's approved receiving account, or with Stripe the invoice's virtual
 * IBAN (a transfer there is matched to the invoice by Stripe). Null when the pledge has no call or no account.
 */
export async function paymentNoticeOf(pledgeId: string): Promise<PaymentNotice | null> {
	const [row] = await db()
		.select({ pledge: pledges, fund: funds, consortium: consortia, payer: organisations.name })
		.from(pledges)
		.innerJoin(funds, eq(funds.id, pledges.fundId))
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(eq(pledges.id, pledgeId));
	if (!row) return null;
	const { pledge } = row;
	const coordinatorId = row.consortium.coordinatorOrganisationId;
	if (!pledge.paymentReference || !pledge.dueDate || !['called', 'paid'].includes(pledge.status)) return null;
	const [account, [payee], totals] = await Promise.all([
		pledge.stripeInvoiceId ? invoiceAccount(pledge) : accountInForce(coordinatorId),
		db().select({ name: organisations.name }).from(organisations).where(eq(organisations.id, coordinatorId)),
		totalsByPledge(db(), [pledge.id])
	]);
	if (!account) return null;
	const t = totals.get(pledge.id)!;
	return {
		fund: row.fund.name,
		consortium: row.consortium.name,
		payer: row.payer,
		payee: payee.name,
		holder: account.holder,
		iban: account.iban,
		bic: account.bic,
		viaStripe: Boolean(pledge.stripeInvoiceId),
		amountCents: pledge.amountCents,
		receivedCents: t.received,
		remainingCents: t.called,
		dueDate: pledge.dueDate,
		reference: pledge.paymentReference,
		deliberation: pledge.deliberationReference ? { reference: pledge.deliberationReference, date: pledge.deliberationDate } : null
	};
}

export interface PaymentNotice {
	fund: string;
	consortium: string;
	payer: string;
	payee: string;
	holder: string;
	iban: string;
	bic: string;
	/** The account is the invoice's virtual IBAN at Stripe, not the fund's own. */
	viaStripe: boolean;
	amountCents: number;
	receivedCents: number;
	remainingCents: number;
	dueDate: Date;
	reference: string;
	deliberation: { reference: string; date: Date | null } | null;
}

// The standard PDF fonts speak WinAnsi: Latin-1 and a few more. Other characters become "?", and the
// narrow spaces of French number formatting become plain ones.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const printable = (text: string) => text.replace(/[\u202f\u2009\u00a0]/g, ' ').replace(/[^\x20-\x7e\xa0-\xff]/g, (c) => (WIN_ANSI_EXTRA.has(c) ? c : '?'));

function wrap(text: string, font: PDFFont, size: number, width: number) {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const next = line ? `${line} ${word}` : word;
		if (line && font.widthOfTextAtSize(next, size) > width) {
			lines.push(line);
			line = word;
		} else line = next;
	}
	if (line) lines.push(line);
	return lines;
}

/** The notice as a one-page A4 PDF, in the reader's language (or in `locale`: an email's recipient's). */
export async function renderPaymentNotice(notice: PaymentNotice, issuedOn = new Date(), locale: Locale = getLocale()): Promise<Uint8Array> {
	const o = { locale };
	const date = (value: Date) => dateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(value);
	const money = (cents: number) => formatEuros(cents, locale, 2);
	const document = await PDFDocument.create();
	document.setTitle(printable(`${m.iban_notice_title({}, o)} — ${notice.fund} — ${notice.payer}`));
	document.setProducer('Entente');
	const page: PDFPage = document.addPage([595.28, 841.89]);
	const regular = await document.embedFont(StandardFonts.Helvetica);
	const bold = await document.embedFont(StandardFonts.HelveticaBold);
	const left = 56;
	const width = 595.28 - 2 * left;
	let y = 780;
	const text = (value: string, font = regular, size = 11, x = left) => page.drawText(printable(value), { x, y, size, font, color: rgb(0.1, 0.1, 0.15) });
	const paragraph = (value: string, size = 10) => {
		for (const line of wrap(printable(value), regular, size, width)) {
			text(line, regular, size);
			y -= size + 4;
		}
	};
	const row = (label: string, value: string, strong = false) => {
		text(label, regular, 10);
		for (const line of wrap(printable(value), strong ? bold : regular, 11, width - 170)) {
			text(line, strong ? bold : regular, 11, left + 170);
			y -= 16;
		}
		y -= 2;
	};

	text(m.iban_notice_title({}, o), bold, 20);
	y -= 30;
	row(m.iban_notice_fund({}, o), notice.fund);
	row(m.iban_notice_consortium({}, o), notice.consortium);
	row(m.iban_notice_payer({}, o), notice.payer);
	if (notice.deliberation) {
		const on = notice.deliberation.date ? date(notice.deliberation.date) : '';
		row(m.iban_notice_deliberation({}, o), m.iban_notice_deliberation_value({ reference: notice.deliberation.reference, date: on }, o));
	}
	y -= 8;
	row(m.iban_notice_amount({}, o), money(notice.amountCents), true);
	if (notice.receivedCents > 0) {
		row(m.iban_notice_received({}, o), money(notice.receivedCents));
		row(m.iban_notice_remaining({}, o), money(notice.remainingCents), true);
	}
	row(m.iban_notice_due({}, o), date(notice.dueDate), true);
	row(m.iban_notice_reference({}, o), formatReference(notice.reference), true);
	y -= 8;
	paragraph(notice.viaStripe ? m.money_notice_stripe_instructions({ payer: notice.payer }, o) : m.iban_notice_instructions({}, o));
	y -= 8;
	row(m.iban_notice_payee({}, o), notice.payee);
	row(m.iban_notice_holder({}, o), notice.holder);
	row(m.iban_iban({}, o), formatIban(notice.iban), true);
	row(m.iban_bic({}, o), notice.bic, true);
	y -= 16;
	paragraph(m.iban_notice_issued({ date: date(issuedOn) }, o), 9);
	return document.save();
}

/** What the call email says of one called pledge: the notice's essentials, so the email alone tells where to pay. */
export interface CallInstruction {
	payer: string;
	payee: string;
	amountCents: number;
	dueDate: Date;
	reference: string;
	/** Null when Stripe could not yet say which virtual IBAN the invoice has. */
	account: { holder: string; iban: string; bic: string } | null;
	viaStripe: boolean;
}

/**
 * The call email's text for the pledges of one organisation, in `locale`: amount, due date, reference, payee,
 * account holder, IBAN (in full, as on the notice and the pledges page: the email goes only to the payer's
 * admins and signatories) and BIC.
 */
export function callMailText(instructions: CallInstruction[], locale: Locale): string {
	const o = { locale };
	const date = (value: Date) => dateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(value);
	const blocks = instructions.map((i) =>
		[
			m.money_call_mail_amount({ amount: formatEuros(i.amountCents, locale, 2), date: date(i.dueDate) }, o),
			m.iban_notice_reference_line({ reference: formatReference(i.reference) }, o),
			...(i.account
				? [
						i.viaStripe ? m.money_notice_stripe_instructions({ payer: i.payer }, o) : m.iban_notice_instructions({}, o),
						m.money_call_mail_payee({ payee: i.payee, holder: i.account.holder }, o),
						m.money_call_mail_account({ iban: formatIban(i.account.iban), bic: i.account.bic }, o)
					]
				: [m.money_call_mail_account_unknown({}, o)])
		].join('\n')
	);
	if (instructions.every((i) => i.account)) blocks.push(m.money_call_mail_attached({}, o));
	return blocks.join('\n\n');
}

/** The notice as an email attachment, rendered when the email goes, in its recipient's language (mail/outbox.ts). */
export async function paymentNoticeAttachment(pledgeId: string, locale: Locale) {
	const notice = await paymentNoticeOf(pledgeId);
	if (!notice) return null;
	return {
		filename: `avis-de-paiement-${notice.reference}.pdf`,
		content: await renderPaymentNotice(notice, new Date(), locale),
		contentType: 'application/pdf'
	};
}

/** The invoice's virtual IBAN: as recorded at the call, or asked of Stripe now (null when it cannot say). */
async function invoiceAccount(pledge: typeof pledges.$inferSelect): Promise<TransferAccount | null> {
	if (pledge.stripeTransferIban && pledge.stripeTransferBic)
		return { iban: pledge.stripeTransferIban, bic: pledge.stripeTransferBic, holder: pledge.stripeTransferHolder ?? '' };
	const port = invoicing();
	return port ? port.transferAccount(pledge.id).catch(() => null) : null;
}
