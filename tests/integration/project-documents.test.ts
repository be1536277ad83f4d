// A project's documents: its proposer's members attach PDFs (checked before and after reading), mark them
// reusable or not, remove them; a replication copies the reusable ones, and the file stays while a copy needs it.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { and, eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { auditEvents, type User } from '$lib/server/db/schema';
import { createProject, transitionProject } from '$lib/server/projects/commands';
import { addProjectDocument, documentsOfProject, markProjectDocument, removeProjectDocument } from '$lib/server/projects/documents';
import { MAX_ATTACHMENT_BYTES, storeUploadedPdf } from '$lib/server/uploads/store';
import { replicateProject } from '$lib/server/partners/reuse';
import { publicProject } from '$lib/server/projects/api';
import { MAX_PROJECT_DOCUMENTS } from '$lib/domain/project-documents';
import { createUser, useTestDatabase } from './support';
import { insertPlaces, organisation } from './partners-support';

const uploadDir = mkdtempSync(join(tmpdir(), 'entente-project-docs-'));
process.env.UPLOAD_DIR = uploadDir;
useTestDatabase();

async function realPdf(text: string) {
	const document = await PDFDocument.create();
	document.addPage([300, 200]).drawText(text, { x: 20, y: 100, size: 12 });
	return new Uint8Array(await document.save());
}
const pdfFile = (bytes: Uint8Array, name: string, type = 'application/pdf') => new File([Buffer.from(bytes)], name, { type });

async function stored(text: string) {
	const result = await storeUploadedPdf(pdfFile(await realPdf(text), `${text}.pdf`));
	if (!result.ok) throw new Error(result.code);
	return result;
}

let bethuneAdmin: User, bethuneMember: User, cahorsAdmin: User, outsider: User;
let bethune: string, cahors: string;

async function project(title: string, publish = true) {
	const created = await createProject(bethuneAdmin, bethune, {
		title,
		summary: 'Un guichet unique.',
		description: 'Le principe.',
		theme: 'public_services',
		estimatedBudget: null,
		departements: ['62'],
		seekingPartners: true
	});
	if (!created.ok) throw new Error(created.code);
	if (publish) await transitionProject(bethuneAdmin, created.id, 'published');
	return created.id;
}

const auditOf = (projectId: string) =>
	db()
		.select({ action: auditEvents.action, details: auditEvents.details, actor: auditEvents.actorUserId })
		.from(auditEvents)
		.where(and(eq(auditEvents.objectType, 'project'), eq(auditEvents.objectId, projectId)));

beforeAll(async () => {
	await insertPlaces();
	[bethuneAdmin, bethuneMember, cahorsAdmin, outsider] = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
	bethune = await organisation(
		'city',
		'Béthune',
		[
			[bethuneAdmin, 'admin'],
			[bethuneMember, 'member']
		],
		{ inseeCode: '62119' }
	);
	cahors = await organisation('city', 'Cahors', [[cahorsAdmin, 'admin']]);
});

describe('project documents', () => {
	it('checks the file before and after reading it, and keeps its SHA-256', async () => {
		const huge = {
			size: MAX_ATTACHMENT_BYTES + 1,
			type: 'application/pdf',
			name: 'x.pdf',
			arrayBuffer: () => Promise.reject(new Error('read'))
		} as unknown as File;
		expect(await storeUploadedPdf(huge)).toEqual({ ok: false, code: 'too_large' });
		const html = { size: 10, type: 'text/html', name: 'x.pdf', arrayBuffer: () => Promise.reject(new Error('read')) } as unknown as File;
		expect(await storeUploadedPdf(html)).toEqual({ ok: false, code: 'not_pdf' });
		expect(await storeUploadedPdf(pdfFile(new TextEncoder().encode('%PDF-1.7 not really'), 'faux.pdf'))).toEqual({ ok: false, code: 'not_pdf' });
		const bytes = await realPdf('bilan');
		const kept = await storeUploadedPdf(pdfFile(bytes, 'bilan.pdf'));
		expect(kept).toMatchObject({ ok: true, name: 'bilan.pdf', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
	});

	it('are attached, marked and removed by the proposer’s members only, with an audit event each', async () => {
		const id = await project('Guichet unique');
		for (const someone of [outsider, cahorsAdmin]) {
			const file = await stored('refused');
			expect(await addProjectDocument(someone, id, file, { title: 'Bilan', reusable: true })).toEqual({ ok: false, code: 'forbidden' });
			// A refused document leaves nothing on the disk.
			expect(existsSync(join(uploadDir, file.file))).toBe(false);
		}
		expect(await addProjectDocument(bethuneMember, 'nope', await stored('x'), { title: 'Bilan', reusable: true })).toEqual({ ok: false, code: 'not_found' });
		const spec = await stored('cahier');
		const added = await addProjectDocument(bethuneMember, id, spec, { title: 'Cahier des charges', reusable: true });
		expect(added.ok).toBe(true);
		const { id: documentId } = added as { ok: true; id: string };
		expect(await documentsOfProject(id)).toMatchObject([{ id: documentId, title: 'Cahier des charges', reusable: true, sha256: spec.sha256, size: spec.size }]);

		expect(await markProjectDocument(outsider, id, documentId, false)).toEqual({ ok: false, code: 'forbidden' });
		expect(await markProjectDocument(bethuneAdmin, id, 'nope', false)).toEqual({ ok: false, code: 'not_found' });
		expect(await markProjectDocument(bethuneAdmin, id, documentId, false)).toEqual({ ok: true });
		expect((await documentsOfProject(id))[0].reusable).toBe(false);

		expect(await removeProjectDocument(cahorsAdmin, id, documentId)).toEqual({ ok: false, code: 'forbidden' });
		expect(await removeProjectDocument(bethuneAdmin, id, documentId)).toEqual({ ok: true });
		expect(await documentsOfProject(id)).toEqual([]);
		expect(existsSync(join(uploadDir, spec.file))).toBe(false);

		expect((await auditOf(id)).filter((e) => e.action.startsWith('project.document_'))).toEqual([
			{ action: 'project.document_added', actor: bethuneMember.id, details: { documentId, title: 'Cahier des charges', sha256: spec.sha256, reusable: true } },
			{ action: 'project.document_updated', actor: bethuneAdmin.id, details: { documentId, reusable: false } },
			{ action: 'project.document_removed', actor: bethuneAdmin.id, details: { documentId, title: 'Cahier des charges' } }
		]);
	});

	it('are closed once the project is abandoned, and bounded in number', async () => {
		const id = await project('Éclairage');
		for (let i = 0; i < MAX_PROJECT_DOCUMENTS; i++) {
			expect((await addProjectDocument(bethuneAdmin, id, await stored(`doc${i}`), { title: `Document ${i}`, reusable: false })).ok).toBe(true);
		}
		const extra = await stored('extra');
		expect(await addProjectDocument(bethuneAdmin, id, extra, { title: 'Un de trop', reusable: false })).toEqual({ ok: false, code: 'too_many_documents' });
		expect(existsSync(join(uploadDir, extra.file))).toBe(false);
		expect(await transitionProject(bethuneAdmin, id, 'abandoned')).toEqual({ ok: true });
		expect(await addProjectDocument(bethuneAdmin, id, await stored('late'), { title: 'Tard', reusable: false })).toEqual({ ok: false, code: 'not_editable' });
	});

	it('that are reusable are copied by a replication; the file stays while the copy points to it', async () => {
		const id = await project('Guichet à reproduire');
		const guide = await stored('guide');
		const own = await stored('interne');
		await addProjectDocument(bethuneAdmin, id, guide, { title: 'Guide de mise en œuvre', reusable: true });
		await addProjectDocument(bethuneAdmin, id, own, { title: 'Notes internes', reusable: false });
		// The API shows them with the project, and which are reusable.
		expect((await publicProject(id))?.reuse.documents).toMatchObject([
			{ title: 'Guide de mise en œuvre', reusable: true, sha256: guide.sha256 },
			{ title: 'Notes internes', reusable: false }
		]);
		const replica = await replicateProject(cahorsAdmin, cahors, id);
		if (!replica.ok) throw new Error(replica.code);
		const copies = await documentsOfProject(replica.projectId);
		expect(copies).toMatchObject([{ title: 'Guide de mise en œuvre', sha256: guide.sha256, reusable: false }]);
		const created = (await auditOf(replica.projectId)).find((e) => e.action === 'project.created');
		expect(created?.details).toMatchObject({ replicates: id, documents: 1 });

		// Béthune removes its guide: Cahors' copy still downloads the same file.
		const [original] = (await documentsOfProject(id)).filter((d) => d.title.startsWith('Guide'));
		expect(await removeProjectDocument(bethuneAdmin, id, original.id)).toEqual({ ok: true });
		expect(existsSync(join(uploadDir, guide.file))).toBe(true);
		expect(await removeProjectDocument(cahorsAdmin, replica.projectId, copies[0].id)).toEqual({ ok: true });
		expect(existsSync(join(uploadDir, guide.file))).toBe(false);
	});
});
