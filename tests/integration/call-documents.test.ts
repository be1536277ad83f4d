import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { callDocuments, organisations, type User } from '$lib/server/db/schema';
import { closeDueCalls, createCall, publishCall } from '$lib/server/calls/commands';
import { saveResponse, submitResponse, withdrawResponse } from '$lib/server/calls/responses';
import { addCallDocument, changesOf, documentsOf, removeCallDocument, storeCallDocument } from '$lib/server/calls/documents';
import { MAX_ATTACHMENT_BYTES } from '$lib/server/uploads/store';
import { setFollowing } from '$lib/server/follows/follows';
import { publicCall } from '$lib/server/calls/api';
import { MAX_CALL_DOCUMENTS } from '$lib/domain/call-documents';
import type { ResponseInput } from '$lib/schemas/calls';
import { createUser, outboxFor, useTestDatabase } from './support';
import { callInput, organisation } from './fixtures-calls';

const uploadDir = mkdtempSync(join(tmpdir(), 'entente-call-docs-'));
process.env.UPLOAD_DIR = uploadDir;
useTestDatabase();

const DAY = 86_400_000;

async function realPdf(text: string) {
	const document = await PDFDocument.create();
	document.addPage([300, 200]).drawText(text, { x: 20, y: 100, size: 12 });
	return new Uint8Array(await document.save());
}
const pdfFile = (bytes: Uint8Array, name: string, type = 'application/pdf') => new File([Buffer.from(bytes)], name, { type });
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function stored(text: string, name = 'cahier-des-charges.pdf') {
	const result = await storeCallDocument(pdfFile(await realPdf(text), name));
	if (!result.ok) throw new Error(result.code);
	return result;
}

const answer: ResponseInput = { proposal: 'Des capteurs', price: 50_000_00, durationMonths: 6, team: 'Deux', references: '' };

async function notificationTypes(user: User) {
	const rows = await db().query.notifications.findMany({ where: (n, { eq }) => eq(n.userId, user.id) });
	return rows.map((n) => n.type);
}

let cityAdmin: User, cityMember: User, otherCityAdmin: User, drafter: User, submitter: User, withdrawer: User, follower: User, bystander: User;
let city: string, startups: string[];

beforeAll(async () => {
	[cityAdmin, cityMember, otherCityAdmin, drafter, submitter, withdrawer, follower, bystander] = await Promise.all(
		Array.from({ length: 8 }, () => createUser())
	);
	city = await organisation('city', 'arras', [
		[cityAdmin, 'admin'],
		[cityMember, 'member']
	]);
	await organisation('city', 'lens', [[otherCityAdmin, 'admin']]);
	startups = await Promise.all([drafter, submitter, withdrawer].map((u, i) => organisation('startup', `s${i}`, [[u, 'admin']])));
});

describe('the file given for a call document', () => {
	it('is refused by its size or claimed type before a byte is read, then by its bytes', async () => {
		const unread = (size: number, type: string) =>
			({
				size,
				type,
				name: 'x.pdf',
				arrayBuffer: () => {
					throw new Error('the body was read');
				}
			}) as unknown as File;
		expect(await storeCallDocument(unread(MAX_ATTACHMENT_BYTES + 1, 'application/pdf'))).toEqual({ ok: false, code: 'too_large' });
		expect(await storeCallDocument(unread(1000, 'text/html'))).toEqual({ ok: false, code: 'not_pdf' });
		expect(await storeCallDocument(pdfFile(new Uint8Array(), 'vide.pdf'))).toEqual({ ok: false, code: 'empty' });
		const html = new TextEncoder().encode('%PDF-1.7\n<html><body>pas un PDF</body></html>');
		expect(await storeCallDocument(pdfFile(html, 'faux.pdf'))).toEqual({ ok: false, code: 'not_pdf' });
		// A browser that claims nothing, or a generic type, is judged on the bytes alone.
		expect((await storeCallDocument(pdfFile(await realPdf('ok'), 'ok.pdf', 'application/octet-stream'))).ok).toBe(true);
	});
});

describe('call documents', () => {
	it('a draft’s documents change freely and silently; once open, only an admin changes them, each change dated, listed and sent to those concerned', async () => {
		const created = await createCall(cityAdmin, city, callInput({ title: 'Capteurs de qualité de l’air' }));
		if (!created.ok) throw new Error(created.code);
		const callId = created.id;

		// Draft: any member of the publisher; nobody else.
		const draftDoc = await stored('Version 1', 'reglement.pdf');
		const added = await addCallDocument(cityMember, callId, draftDoc);
		expect(added.ok).toBe(true);
		const outsider = await stored('Intrus');
		expect(await addCallDocument(otherCityAdmin, callId, outsider)).toEqual({ ok: false, code: 'forbidden' });
		expect(existsSync(join(uploadDir, outsider.file))).toBe(false); // a refused file is not kept
		expect(await addCallDocument(drafter, callId, await stored('Intrus'))).toEqual({ ok: false, code: 'forbidden' });
		expect(await changesOf(callId)).toEqual([]); // nothing public yet

		expect(await publishCall(cityAdmin, callId)).toEqual({ ok: true });
		const ids: string[] = [];
		for (const [i, user] of [drafter, submitter, withdrawer].entries()) {
			const saved = await saveResponse(user, callId, startups[i], answer, null);
			if (!saved.ok) throw new Error(saved.code);
			ids.push(saved.id);
		}
		await submitResponse(submitter, ids[1]);
		await submitResponse(withdrawer, ids[2]);
		await withdrawResponse(withdrawer, ids[2]);
		expect(await setFollowing(follower, 'call', callId, true)).toEqual({ ok: true });

		// Open: a plain member may no longer change them.
		expect(await addCallDocument(cityMember, callId, await stored('Membre'))).toEqual({ ok: false, code: 'forbidden' });
		expect(await removeCallDocument(cityMember, callId, added.ok ? added.id : '')).toEqual({ ok: false, code: 'forbidden' });

		const bytes = await realPdf('Cahier des charges, version 2');
		const spec = await storeCallDocument(pdfFile(bytes, 'cdc.pdf'));
		if (!spec.ok) throw new Error(spec.code);
		const at = new Date(Date.now() + 60_000);
		const specAdded = await addCallDocument(cityAdmin, callId, { ...spec, name: 'Cahier des charges.pdf' }, 'Section 4 précisée.', at);
		if (!specAdded.ok) throw new Error(specAdded.code);
		const listed = await documentsOf(callId);
		expect(listed.map((d) => d.name)).toEqual(['reglement.pdf', 'Cahier des charges.pdf']);
		expect(listed[1].sha256).toBe(sha256(bytes));
		const [row] = await db().select().from(callDocuments).where(eq(callDocuments.id, specAdded.id));
		expect(sha256(readFileSync(join(uploadDir, row.file)))).toBe(sha256(bytes));
		expect(await changesOf(callId)).toEqual([
			{ id: expect.any(String), kind: 'document_added', documentName: 'Cahier des charges.pdf', note: 'Section 4 précisée.', at }
		]);

		// Told: the startups with a draft or a submitted response, and the followers; by email too.
		for (const told of [drafter, submitter, follower]) expect(await notificationTypes(told)).toContain('call.documents_changed');
		for (const untold of [withdrawer, bystander, cityAdmin]) expect(await notificationTypes(untold)).not.toContain('call.documents_changed');
		expect((await outboxFor(submitter.email)).some((mail) => mail.subject.includes('Cahier des charges.pdf'))).toBe(true);

		// Removing one is a dated change too; the file goes, the record of it stays.
		const removedAt = new Date(Date.now() + 120_000);
		expect(await removeCallDocument(cityAdmin, callId, added.ok ? added.id : '', 'Remplacé par le cahier des charges.', removedAt)).toEqual({ ok: true });
		expect(existsSync(join(uploadDir, draftDoc.file))).toBe(false);
		expect((await documentsOf(callId)).map((d) => d.name)).toEqual(['Cahier des charges.pdf']);
		expect((await changesOf(callId)).map((c) => [c.kind, c.documentName, c.at])).toEqual([
			['document_removed', 'reglement.pdf', removedAt],
			['document_added', 'Cahier des charges.pdf', at]
		]);
		expect(await removeCallDocument(cityAdmin, callId, 'no-such-document')).toEqual({ ok: false, code: 'not_found' });
		// The API says what the page shows.
		const api = (await publicCall(callId))!;
		expect(api.documents.map((d) => [d.name, d.sha256, d.url])).toEqual([
			['Cahier des charges.pdf', sha256(bytes), `/calls/${callId}/documents/${specAdded.id}`]
		]);
		expect(api.changes.map((c) => [c.kind, c.documentName, c.note])).toEqual([
			['document_removed', 'reglement.pdf', 'Remplacé par le cahier des charges.'],
			['document_added', 'Cahier des charges.pdf', 'Section 4 précisée.']
		]);

		// At most ten at once.
		for (let i = (await documentsOf(callId)).length; i < MAX_CALL_DOCUMENTS; i++) {
			expect((await addCallDocument(cityAdmin, callId, await stored(`Annexe ${i}`))).ok).toBe(true);
		}
		const extra = await stored('Une de trop');
		expect(await addCallDocument(cityAdmin, callId, extra)).toEqual({ ok: false, code: 'too_many_documents' });
		expect(existsSync(join(uploadDir, extra.file))).toBe(false);

		// After the deadline, the documents are the record of what startups answered.
		await closeDueCalls(new Date(Date.now() + 40 * DAY));
		const [first] = await documentsOf(callId);
		expect(await removeCallDocument(cityAdmin, callId, first.id)).toEqual({ ok: false, code: 'documents_frozen' });
	});

	it('an unverified publisher attaches nothing', async () => {
		const verifiedCall = await createCall(cityAdmin, city, callInput({ title: 'Capteurs de qualité de l’air' }));
		if (!verifiedCall.ok) throw new Error(verifiedCall.code);
		await write(async (tx) => {
			await tx.update(organisations).set({ verificationStatus: 'unverified' }).where(eq(organisations.id, city));
		});
		expect(await addCallDocument(cityAdmin, verifiedCall.id, await stored('x'))).toEqual({ ok: false, code: 'organisation_unverified' });
		await write(async (tx) => {
			await tx.update(organisations).set({ verificationStatus: 'verified' }).where(eq(organisations.id, city));
		});
	});
});
