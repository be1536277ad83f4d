import { desc, eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { db, type Tx } from '../db';
import { consortia, organisations, responseAttachments, responseReceipts, type Call, type Response, type ResponseReceipt } from '../db/schema';
import { newId } from '../auth/tokens';
import { readStoredFile, sha256Hex } from '../uploads/store';
import { formatEuros } from '../../domain/money';
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

function instant(at: Date, locale: Locale) {
	return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
		dateStyle: 'long',
		timeStyle: 'medium',
		timeZone: 'Europe/Paris'
	}).format(at);
}

/** The SHA-256 of an attachment: recorded at upload, or read from the stored file for older ones. */
async function hashOf(attachment: { file: string; sha256: string | null }) {
	if (attachment.sha256) return attachment.sha256;
	try {
		return sha256Hex(await readStoredFile(attachment.file));
	} catch {
		return 'missing';
	}
}

/** Records the acknowledgement of a submission or withdrawal, in the transaction that made it. */
export async function writeReceipt(tx: Tx, response: Response, call: Call, kind: 'submitted' | 'withdrawn', userId: string, at: Date) {
	const [who] = await tx
		.select({ organisation: organisations.name, consortium: consortia.name })
		.from(organisations)
		.leftJoin(consortia, eq(consortia.id, response.consortiumId ?? ''))
		.where(eq(organisations.id, response.startupOrganisationId));
	const attachments = await tx.select().from(responseAttachments).where(eq(responseAttachments.responseId, response.id)).orderBy(responseAttachments.addedAt);
	const files = [];
	for (const a of attachments) files.push({ name: a.name, kind: a.kind, size: a.size, sha256: await hashOf(a) });
	const organisationName = who?.consortium ? `${who.consortium} (${who.organisation})` : (who?.organisation ?? '');
	const id = newId();
	await tx
		.insert(responseReceipts)
		.values({ id, responseId: response.id, kind, at, callTitle: call.title, organisationName, priceCents: response.priceCents, files, userId });
	return { id, organisationName, atText: (locale: Locale) => instant(at, locale) };
}

export function receiptsOf(responseId: string) {
	return db().select().from(responseReceipts).where(eq(responseReceipts.responseId, responseId)).orderBy(desc(responseReceipts.at));
}

export async function findReceipt(responseId: string, receiptId: string) {
	const [row] = await db().select().from(responseReceipts).where(eq(responseReceipts.id, receiptId));
	return row && row.responseId === responseId ? row : undefined;
}

// The standard fonts of PDF write WinAnsi only: anything else (narrow no-break spaces from Intl, rare
// letters in a name) is replaced rather than failing the receipt.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
function printable(text: string) {
	return text.replace(/[\u202f\u00a0\u2009]/g, ' ').replace(/[^\x20-\x7e\xa0-\xff]/g, (c) => (WIN_ANSI_EXTRA.includes(c) ? c : '?'));
}

function attachmentKindLabel(kind: string, locale: Locale) {
	const o = { locale };
	switch (kind) {
		case 'technical_brief':
			return m.attach_kind_technical_brief({}, o);
		case 'price_schedule':
			return m.attach_kind_price_schedule({}, o);
		case 'certificate':
			return m.attach_kind_certificate({}, o);
		default:
			return m.attach_kind_other({}, o);
	}
}

/** The receipt as a one-or-more-page PDF, in `locale`. */
export async function receiptPdf(receipt: ResponseReceipt, origin: string, locale: Locale): Promise<Uint8Array> {
	const o = { locale };
	const document = await PDFDocument.create();
	document.setTitle(printable(m.receipt_pdf_title({}, o)));
	document.setCreationDate(receipt.at);
	const font = await document.embedFont(StandardFonts.Helvetica);
	const bold = await document.embedFont(StandardFonts.HelveticaBold);
	const mono = await document.embedFont(StandardFonts.Courier);
	let page = document.addPage([595, 842]);
	let y = 790;
	const line = (text: string, options: { size?: number; f?: typeof font; gap?: number } = {}) => {
		const size = options.size ?? 11;
		// Long values (a call's title) wrap on words to the page's width.
		const words = printable(text).split(' ');
		let current = '';
		const rows: string[] = [];
		for (const word of words) {
			const next = current ? `${current} ${word}` : word;
			if ((options.f ?? font).widthOfTextAtSize(next, size) > 495 && current) {
				rows.push(current);
				current = word;
			} else current = next;
		}
		rows.push(current);
		for (const row of rows) {
			if (y < 60) {
				page = document.addPage([595, 842]);
				y = 790;
			}
			page.drawText(row, { x: 50, y, size, font: options.f ?? font });
			y -= size + 5;
		}
		y -= options.gap ?? 0;
	};
	line(m.receipt_pdf_title({}, o), { size: 18, f: bold, gap: 8 });
	line(receipt.kind === 'submitted' ? m.receipt_pdf_submitted({}, o) : m.receipt_pdf_withdrawn({}, o), { size: 13, f: bold, gap: 10 });
	line(`${m.receipt_pdf_call({}, o)} ${receipt.callTitle}`);
	line(`${m.receipt_pdf_organisation({}, o)} ${receipt.organisationName}`);
	line(`${m.receipt_pdf_at({}, o)} ${instant(receipt.at, locale)} (${receipt.at.toISOString()})`);
	line(`${m.receipt_pdf_price({}, o)} ${formatEuros(receipt.priceCents, locale)}`, { gap: 10 });
	line(m.receipt_pdf_files({ count: String(receipt.files.length) }, o), { f: bold, gap: 4 });
	if (receipt.files.length === 0) line(m.receipt_pdf_no_files({}, o));
	for (const file of receipt.files) {
		line(`${file.name} (${attachmentKindLabel(file.kind, locale)}, ${file.size} ${m.receipt_pdf_bytes({}, o)})`);
		line(`SHA-256 ${file.sha256}`, { size: 9, f: mono, gap: 4 });
	}
	y -= 10;
	line(`${m.receipt_pdf_reference({}, o)} ${receipt.id}`, { size: 9 });
	line(m.receipt_pdf_footer({ origin }, o), { size: 9 });
	return document.save();
}
