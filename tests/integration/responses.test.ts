import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { extractText } from 'unpdf';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { responseAttachments, type User } from '$lib/server/db/schema';
import { createCall, publishCall } from '$lib/server/calls/commands';
import { removeAttachment, saveResponse, submitResponse, withdrawResponse } from '$lib/server/calls/responses';
import { attachmentsOf, responseOf, responsesOfOrganisation } from '$lib/server/calls/queries';
import { receiptPdf, receiptsOf } from '$lib/server/calls/receipts';
import { storePdf } from '$lib/server/uploads/store';
import type { ResponseInput } from '$lib/schemas/calls';
import { createUser, outboxFor, useTestDatabase } from './support';
import { callInput, organisationOf } from './fixtures-calls';

const uploadDir = mkdtempSync(join(tmpdir(), 'entente-uploads-'));
process.env.UPLOAD_DIR = uploadDir;
useTestDatabase();

async function realPdf(text: string) {
	const document = await PDFDocument.create();
	document.addPage([300, 200]).drawText(text, { x: 20, y: 100, size: 12 });
	return new Uint8Array(await document.save());
}
const upload = (bytes: Uint8Array, name: string) => new File([Buffer.from(bytes)], name, { type: 'application/pdf' });
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let cityAdmin: User, founder: User;
let city: string, startup: string, callId: string;

const answer = (price: number, confirmPrice?: boolean): ResponseInput => ({
	proposal: 'Des capteurs',
	price,
	durationMonths: 6,
	team: 'Deux personnes',
	references: '',
	confirmPrice
});

beforeAll(async () => {
	[cityAdmin, founder] = await Promise.all([createUser(), createUser()]);
	city = await organisationOf('city', 'arras', cityAdmin);
	startup = await organisationOf('startup', 'airsens', founder);
	const created = await createCall(cityAdmin, city, callInput());
	if (!created.ok) throw new Error(created.code);
	callId = created.id;
	expect(await publishCall(cityAdmin, callId)).toEqual({ ok: true });
});

describe('a response’s price', () => {
	it('asks to confirm a price of nothing or above the budget, once, and saves nothing until then', async () => {
		expect(await saveResponse(founder, callId, startup, answer(0), null)).toEqual({ ok: false, code: 'price_zero' });
		expect(await responseOf(callId, startup)).toBeUndefined();
		expect(await saveResponse(founder, callId, startup, answer(99_999_999_999_00), null)).toEqual({ ok: false, code: 'price_over_budget' });
		expect(await saveResponse(founder, callId, startup, answer(60_000_00), null)).toMatchObject({ ok: true });
		expect(await saveResponse(founder, callId, startup, answer(75_000_00, true), null)).toMatchObject({ ok: true });
		// The confirmed price is not asked again when the rest of the response changes.
		expect(await saveResponse(founder, callId, startup, answer(75_000_00), null)).toMatchObject({ ok: true });
		expect((await responseOf(callId, startup))?.priceCents).toBe(75_000_00);
		expect((await responsesOfOrganisation(startup)).map((r) => [r.callTitle, r.status])).toEqual([['Qualité de l’air', 'draft']]);
	});
});

describe('attachments', () => {
	it('takes real PDFs only: an empty file or one that merely starts with %PDF is refused', async () => {
		expect(await storePdf(upload(new Uint8Array(), 'vide.pdf'))).toEqual({ ok: false, code: 'empty' });
		const html = new TextEncoder().encode('%PDF-1.7\n<html><body>Pas un PDF</body></html>');
		expect(await storePdf(upload(html, 'faux.pdf'))).toEqual({ ok: false, code: 'not_pdf' });
		const bytes = await realPdf('Mémoire technique');
		const stored = await storePdf(upload(bytes, 'mémoire.pdf'));
		expect(stored).toMatchObject({ ok: true, name: 'mémoire.pdf', size: bytes.length, sha256: sha256(bytes) });
	});

	it('joins several named and typed PDFs, removes one, and acknowledges submission and withdrawal with the files’ hashes', async () => {
		const brief = await realPdf('Mémoire technique');
		const price = await realPdf('Offre de prix');
		const keep = async (bytes: Uint8Array, name: string, kind: 'technical_brief' | 'price_schedule' | 'certificate') => {
			const stored = await storePdf(upload(bytes, name));
			if (!stored.ok) throw new Error(stored.code);
			return { ...stored, kind };
		};
		const first = await saveResponse(founder, callId, startup, answer(75_000_00), await keep(brief, 'memoire.pdf', 'technical_brief'));
		if (!first.ok) throw new Error(first.code);
		await saveResponse(founder, callId, startup, answer(75_000_00), await keep(price, 'prix.pdf', 'price_schedule'));
		const extra = await keep(await realPdf('Kbis'), 'kbis.pdf', 'certificate');
		await saveResponse(founder, callId, startup, answer(75_000_00), extra);
		const joined = await attachmentsOf(first.id);
		expect(joined.map((a) => [a.name, a.kind])).toEqual([
			['memoire.pdf', 'technical_brief'],
			['prix.pdf', 'price_schedule'],
			['kbis.pdf', 'certificate']
		]);
		// Only a member of the startup removes one; its file goes with it.
		expect(await removeAttachment(cityAdmin, joined[2].id)).toEqual({ ok: false, code: 'startups_only' });
		expect(existsSync(join(uploadDir, extra.file))).toBe(true);
		expect(await removeAttachment(founder, joined[2].id)).toEqual({ ok: true });
		expect(existsSync(join(uploadDir, extra.file))).toBe(false);
		expect((await attachmentsOf(first.id)).map((a) => a.name)).toEqual(['memoire.pdf', 'prix.pdf']);

		expect(await submitResponse(founder, first.id)).toEqual({ ok: true });
		const [receipt] = await receiptsOf(first.id);
		expect(receipt).toMatchObject({ kind: 'submitted', callTitle: 'Qualité de l’air', organisationName: 'airsens', priceCents: 75_000_00 });
		// The hashes are those of the files as stored, read back from the disk.
		const stored = await db().select().from(responseAttachments).where(eq(responseAttachments.responseId, first.id)).orderBy(responseAttachments.addedAt);
		expect(receipt.files.map((f) => f.sha256)).toEqual(stored.map((a) => sha256(readFileSync(join(uploadDir, a.file)))));
		expect(receipt.files.map((f) => f.sha256)).toEqual([sha256(brief), sha256(price)]);

		const { text } = await extractText(await receiptPdf(receipt, 'https://entente.example', 'fr'), { mergePages: true });
		expect(text).toContain('Accusé de réception');
		expect(text).toContain('Réponse déposée');
		expect(text).toContain('Qualité de l’air');
		expect(text).toContain('airsens');
		expect(text).toContain(sha256(brief));
		expect(text).toContain(sha256(price));
		expect(text).toContain(receipt.at.toISOString());

		const mails = await outboxFor(founder.email);
		const submitted = mails.find((mail) => mail.subject.includes('réponse déposée'));
		expect(submitted?.textBody).toContain(`/calls/${callId}/responses/${first.id}/receipts/${receipt.id}`);

		expect(await withdrawResponse(founder, first.id)).toEqual({ ok: true });
		const receipts = await receiptsOf(first.id);
		expect(receipts.map((r) => r.kind).sort()).toEqual(['submitted', 'withdrawn']);
		expect((await outboxFor(founder.email)).some((mail) => mail.subject.includes('réponse retirée'))).toBe(true);
	});
});
