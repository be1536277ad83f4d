import { and, asc, count, eq } from 'drizzle-orm';
import { db, write, type Tx } from '../db';
import { projectDocuments, projects, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { roleIn } from '../organisations/queries';
import { removeStoredFile, type StoredFile } from '../uploads/store';
import { MAX_PROJECT_DOCUMENTS } from '../../domain/project-documents';
import { mayChangeDocuments } from './policy';
import type { ProjectOutcome as Outcome } from './refusals';
// Loaded for what it does: a document added reaches the project's followers, whoever runs the command.
import '../observers/follow-steps';

// A project's PDFs (specifications, reviews, guides), public with the project; those its owner marks reusable
// are copied into the projects that replicate it. The file is checked and stored by uploads/store first.

/** The project, when this person may change its documents (the rule the page shows its forms by). */
async function changeableProject(tx: Tx, user: User, projectId: string) {
	const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
	if (!project) return { refusal: 'not_found' as const };
	const changing = mayChangeDocuments(await roleIn(tx, project.proposerOrganisationId, user.id), project.status);
	if (!changing.ok) return { refusal: changing.code };
	return { project };
}

/** A member of the proposer attaches a stored PDF; a refused one is deleted from the disk. */
export async function addProjectDocument(
	user: User,
	projectId: string,
	stored: Extract<StoredFile, { ok: true }>,
	input: { title: string; reusable: boolean }
): Promise<Outcome<{ id: string }>> {
	const outcome = await write(async (tx): Promise<Outcome<{ id: string }>> => {
		const changeable = await changeableProject(tx, user, projectId);
		if (changeable.refusal) return { ok: false, code: changeable.refusal };
		const [{ n }] = await tx.select({ n: count() }).from(projectDocuments).where(eq(projectDocuments.projectId, projectId));
		if (n >= MAX_PROJECT_DOCUMENTS) return { ok: false, code: 'too_many_documents' };
		const id = newId();
		await tx.insert(projectDocuments).values({
			id,
			projectId,
			title: input.title,
			file: stored.file,
			fileName: stored.name,
			size: stored.size,
			sha256: stored.sha256,
			reusable: input.reusable,
			uploadedBy: user.id,
			uploadedAt: new Date()
		});
		await audit(
			tx,
			{ userId: user.id, organisationId: changeable.project.proposerOrganisationId },
			'project.document_added',
			{ type: 'project', id: projectId },
			{ documentId: id, title: input.title, sha256: stored.sha256, reusable: input.reusable }
		);
		return { ok: true, id };
	});
	if (!outcome.ok) await removeStoredFile(stored.file);
	return outcome;
}

/** A member of the proposer marks a document reusable (copied by replications) or not. */
export function markProjectDocument(user: User, projectId: string, documentId: string, reusable: boolean): Promise<Outcome> {
	return write(async (tx) => {
		const changeable = await changeableProject(tx, user, projectId);
		if (changeable.refusal) return { ok: false, code: changeable.refusal };
		const updated = await tx
			.update(projectDocuments)
			.set({ reusable })
			.where(and(eq(projectDocuments.id, documentId), eq(projectDocuments.projectId, projectId)))
			.returning({ id: projectDocuments.id });
		if (updated.length === 0) return { ok: false, code: 'not_found' };
		await audit(
			tx,
			{ userId: user.id, organisationId: changeable.project.proposerOrganisationId },
			'project.document_updated',
			{ type: 'project', id: projectId },
			{ documentId, reusable }
		);
		return { ok: true };
	});
}

/** Removes a document; its file goes once committed, unless a replication's copy still points to it. */
export async function removeProjectDocument(user: User, projectId: string, documentId: string): Promise<Outcome> {
	let orphan: string | null = null;
	const outcome = await write(async (tx): Promise<Outcome> => {
		const changeable = await changeableProject(tx, user, projectId);
		if (changeable.refusal) return { ok: false, code: changeable.refusal };
		const [document] = await tx
			.select()
			.from(projectDocuments)
			.where(and(eq(projectDocuments.id, documentId), eq(projectDocuments.projectId, projectId)));
		if (!document) return { ok: false, code: 'not_found' };
		await tx.delete(projectDocuments).where(eq(projectDocuments.id, documentId));
		const [{ n }] = await tx.select({ n: count() }).from(projectDocuments).where(eq(projectDocuments.file, document.file));
		if (n === 0) orphan = document.file;
		await audit(
			tx,
			{ userId: user.id, organisationId: changeable.project.proposerOrganisationId },
			'project.document_removed',
			{ type: 'project', id: projectId },
			{ documentId, title: document.title }
		);
		return { ok: true };
	});
	if (outcome.ok) await removeStoredFile(orphan);
	return outcome;
}

/**
 * In the replicating transaction: the original's reusable documents become the replica's, pointing to the same
 * stored file (removing one keeps the file while another points to it).
 */
export async function copyReusableDocuments(tx: Tx, fromProjectId: string, toProjectId: string, userId: string, now: Date) {
	const reusable = await tx
		.select()
		.from(projectDocuments)
		.where(and(eq(projectDocuments.projectId, fromProjectId), eq(projectDocuments.reusable, true)))
		.orderBy(asc(projectDocuments.uploadedAt));
	if (reusable.length === 0) return 0;
	await tx.insert(projectDocuments).values(
		reusable.map((d) => ({
			id: newId(),
			projectId: toProjectId,
			title: d.title,
			file: d.file,
			fileName: d.fileName,
			size: d.size,
			sha256: d.sha256,
			reusable: false,
			uploadedBy: userId,
			uploadedAt: now
		}))
	);
	return reusable.length;
}

export function documentsOfProject(projectId: string) {
	return db()
		.select({
			id: projectDocuments.id,
			title: projectDocuments.title,
			fileName: projectDocuments.fileName,
			size: projectDocuments.size,
			sha256: projectDocuments.sha256,
			reusable: projectDocuments.reusable,
			uploadedAt: projectDocuments.uploadedAt
		})
		.from(projectDocuments)
		.where(eq(projectDocuments.projectId, projectId))
		.orderBy(asc(projectDocuments.uploadedAt), asc(projectDocuments.title));
}

export async function projectDocumentOf(projectId: string, documentId: string) {
	const [row] = await db()
		.select()
		.from(projectDocuments)
		.where(and(eq(projectDocuments.id, documentId), eq(projectDocuments.projectId, projectId)));
	return row;
}
