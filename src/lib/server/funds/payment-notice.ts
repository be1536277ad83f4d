import { eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { db } from '../db';
import { consortia, funds, organisations, pledges, type User } from '../db/schema';
import { roleIn } from '../organisations/queries';
import { totalsByPledge } from './ledger';
import { accountInForce } from './receiving-account';
import { formatIban, formatReference } from '../../domain/receiving-account';
import { formatDate, formatMoney } from '$lib/labels';
import * as m from '$lib/paraglide/messages';

// The avis de paiement of a called pledge: what a comptable public needs to pay it by bank transfer
// (payer, payee and its approved account, amount, due date, the reference to quote, the délibération).

export type NoticeRefusal = 'not_found' | 'forbidden';

/**
 * The notice's content, for a person of the paying organisation or an admin or signatory of the
 * coordinating one. Only for a pledge called without Stripe: a Stripe invoice names its own account.
 */
export async function paymentNoticeFor(user: User, pledgeId: string): Promise<{ ok: true; notice: PaymentNotice } | { ok: false; code: NoticeRefusal }> {
	const [row] = await db()
		.select({ pledge: pledges, fund: funds, consortium: consortia, payer: organisations.name })
		.from(pledges)
		.innerJoin(funds, eq(funds.id, pledges.fundId))
		.innerJoin(consortia, eq(consortia.id, funds.consortiumId))
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(eq(pledges.id, pledgeId));
	if (!row) return { ok: false, code: 'not_found' };
	const coordinatorId = row.consortium.coordinatorOrganisationId;
	const [payerRole, coordinatorRole] = await Promise.all([roleIn(db(), row.pledge.organisationId, user.id), roleIn(db(), coordinatorId, user.id)]);
	if (!payerRole && coordinatorRole !== 'admin' && coordinatorRole !== 'signatory') return { ok: false, code: 'forbidden' };
	const { pledge } = row;
	if (!pledge.paymentReference || !pledge.dueDate || pledge.stripeInvoiceId || !['called', 'paid'].includes(pledge.status))
		return { ok: false, code: 'not_found' };
	const [account, [payee], totals] = await Promise.all([
		accountInForce(coordinatorId),
		db().select({ name: organisations.name }).from(organisations).where(eq(organisations.id, coordinatorId)),
		totalsByPledge(db(), [pledge.id])
	]);
	if (!account) return { ok: false, code: 'not_found' };
	const t = totals.get(pledge.id)!;
	return {
		ok: true,
		notice: {
			fund: row.fund.name,
			consortium: row.consortium.name,
			payer: row.payer,
			payee: payee.name,
			holder: account.holder,
			iban: account.iban,
			bic: account.bic,
			amountCents: pledge.amountCents,
			receivedCents: t.received,
			remainingCents: t.called,
			dueDate: pledge.dueDate,
			reference: pledge.paymentReference,
			deliberation: pledge.deliberationReference ? { reference: pledge.deliberationReference, date: pledge.deliberationDate } : null
		}
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

/** The notice as a one-page A4 PDF, in the reader's language. */
export async function renderPaymentNotice(notice: PaymentNotice, issuedOn = new Date()): Promise<Uint8Array> {
	const document = await PDFDocument.create();
	document.setTitle(printable(`${m.iban_notice_title()} — ${notice.fund} — ${notice.payer}`));
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

	text(m.iban_notice_title(), bold, 20);
	y -= 30;
	row(m.iban_notice_fund(), notice.fund);
	row(m.iban_notice_consortium(), notice.consortium);
	row(m.iban_notice_payer(), notice.payer);
	if (notice.deliberation) {
		const date = notice.deliberation.date ? formatDate(notice.deliberation.date) : '';
		row(m.iban_notice_deliberation(), m.iban_notice_deliberation_value({ reference: notice.deliberation.reference, date }));
	}
	y -= 8;
	row(m.iban_notice_amount(), formatMoney(notice.amountCents, 2), true);
	if (notice.receivedCents > 0) {
		row(m.iban_notice_received(), formatMoney(notice.receivedCents, 2));
		row(m.iban_notice_remaining(), formatMoney(notice.remainingCents, 2), true);
	}
	row(m.iban_notice_due(), formatDate(notice.dueDate), true);
	row(m.iban_notice_reference(), formatReference(notice.reference), true);
	y -= 8;
	paragraph(m.iban_notice_instructions());
	y -= 8;
	row(m.iban_notice_payee(), notice.payee);
	row(m.iban_notice_holder(), notice.holder);
	row(m.iban_iban(), formatIban(notice.iban), true);
	row(m.iban_bic(), notice.bic, true);
	y -= 16;
	paragraph(m.iban_notice_issued({ date: formatDate(issuedOn) }), 9);
	return document.save();
}
