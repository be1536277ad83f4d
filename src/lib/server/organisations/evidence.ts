import { and, desc, eq } from 'drizzle-orm';
import { db, type Queryable, type Tx } from '../db';
import { authorityEvidence, type EvidencePurpose, type Organisation, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';

/** What a person files to show who empowers them: their function, and the act as a stored PDF. */
export interface EvidenceInput {
	function: string;
	file: string;
	fileName: string;
}

/** Communes and EPCI commit public money: a person acts for them on an act that says so. */
export function needsEvidence(kind: Organisation['kind']): boolean {
	return kind === 'city' || kind === 'intercommunality';
}

export async function fileEvidence(tx: Tx, user: User, organisationId: string, input: EvidenceInput & { purpose: EvidencePurpose; subjectEmail: string }) {
	const id = newId();
	await tx.insert(authorityEvidence).values({
		id,
		organisationId,
		purpose: input.purpose,
		subjectEmail: input.subjectEmail.trim().toLowerCase(),
		function: input.function.trim(),
		file: input.file,
		fileName: input.fileName,
		filedBy: user.id,
		createdAt: new Date()
	});
	await audit(
		tx,
		{ userId: user.id, organisationId },
		'evidence.filed',
		{ type: 'evidence', id },
		{
			purpose: input.purpose,
			subject: input.subjectEmail,
			function: input.function.trim()
		}
	);
	return id;
}

/** Whether verifying `organisation` still lacks the claimant's act. */
export async function evidenceRequired(q: Queryable, organisation: Organisation) {
	if (!needsEvidence(organisation.kind)) return false;
	const [row] = await q
		.select({ id: authorityEvidence.id })
		.from(authorityEvidence)
		.where(and(eq(authorityEvidence.organisationId, organisation.id), eq(authorityEvidence.purpose, 'claim')))
		.limit(1);
	return !row;
}

/** The acts filed for an organisation, newest first (for the verifier and the members page). */
export function evidenceOf(organisationId: string) {
	return db()
		.select({
			id: authorityEvidence.id,
			purpose: authorityEvidence.purpose,
			subjectEmail: authorityEvidence.subjectEmail,
			function: authorityEvidence.function,
			fileName: authorityEvidence.fileName,
			createdAt: authorityEvidence.createdAt
		})
		.from(authorityEvidence)
		.where(eq(authorityEvidence.organisationId, organisationId))
		.orderBy(desc(authorityEvidence.createdAt));
}

export async function evidenceFile(id: string) {
	const [row] = await db()
		.select({ file: authorityEvidence.file, name: authorityEvidence.fileName })
		.from(authorityEvidence)
		.where(eq(authorityEvidence.id, id));
	return row;
}
