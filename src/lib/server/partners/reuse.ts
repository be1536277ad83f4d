import { eq } from 'drizzle-orm';
import { write } from '../db';
import { communes, indicatorMeasurements, projectBudgetLines, projectDepartements, projectIndicators, projectReuse, projects, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { roleIn } from '../organisations/queries';
import { indexProject } from '../projects/search-index';
import { copyReusableDocuments } from '../projects/documents';
import { reuseOf } from '../projects/links';
import { actingAs, recordInterest, type InterestOutcome } from './interests';
import type { IndicatorInput, BudgetLineInput, ReusablePart } from '../../domain/partners';

export interface ReuseInput {
	licence: string | null;
	repositoryUrl: string | null;
	contactName: string | null;
	contactEmail: string | null;
	reusableParts: ReusablePart[];
	budgetLines: BudgetLineInput[];
	indicators: IndicatorInput[];
}

/** Why the reuse record of a project is not written. */
export type ReuseRefusal = 'not_found' | 'forbidden' | 'not_editable';

/** A member of the proposing city sets what makes its project reusable, and which parts others may copy. */
export function setProjectReuse(user: User, projectId: string, input: ReuseInput): Promise<{ ok: true } | { ok: false; code: ReuseRefusal }> {
	return write(async (tx) => {
		const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
		if (!project) return { ok: false, code: 'not_found' };
		if (!(await roleIn(tx, project.proposerOrganisationId, user.id))) return { ok: false, code: 'forbidden' };
		// Outcomes are measured while the project runs, so only an abandoned project is closed to them.
		if (project.status === 'abandoned') return { ok: false, code: 'not_editable' };
		const now = new Date();
		const values = {
			licence: input.licence,
			repositoryUrl: input.repositoryUrl,
			contactName: input.contactName,
			contactEmail: input.contactEmail,
			reusableParts: input.reusableParts,
			updatedAt: now
		};
		await tx
			.insert(projectReuse)
			.values({ projectId, ...values })
			.onConflictDoUpdate({ target: projectReuse.projectId, set: values });
		await writeLines(tx, projectId, input.budgetLines, input.indicators);
		await audit(
			tx,
			{ userId: user.id, organisationId: project.proposerOrganisationId },
			'project.reuse_updated',
			{ type: 'project', id: projectId },
			{
				reusableParts: input.reusableParts,
				indicators: input.indicators.length
			}
		);
		return { ok: true };
	});
}

type Tx = Parameters<Parameters<typeof write>[0]>[0];

async function writeLines(tx: Tx, projectId: string, budgetLines: BudgetLineInput[], indicators: IndicatorInput[]) {
	await tx.delete(projectBudgetLines).where(eq(projectBudgetLines.projectId, projectId));
	if (budgetLines.length) {
		await tx.insert(projectBudgetLines).values(budgetLines.map((line, position) => ({ id: newId(), projectId, position, ...line })));
	}
	await tx.delete(projectIndicators).where(eq(projectIndicators.projectId, projectId));
	for (const [position, indicator] of indicators.entries()) {
		const id = newId();
		await tx
			.insert(projectIndicators)
			.values({ id, projectId, position, name: indicator.name, unit: indicator.unit, baseline: indicator.baseline, target: indicator.target });
		if (indicator.measurements.length) {
			await tx.insert(indicatorMeasurements).values(indicator.measurements.map((m) => ({ indicatorId: id, ...m })));
		}
	}
}

class Refused extends Error {
	constructor(readonly outcome: InterestOutcome) {
		super('refused');
	}
}

/**
 * "Reproduire ce projet": in one step, a draft project for the acting city copying what the owner marked
 * reusable, and the declaration that it replicates the original, for the owner to accept.
 */
export async function replicateProject(user: User, organisationId: string, originalId: string): Promise<InterestOutcome<{ projectId: string }>> {
	try {
		return await write(async (tx) => {
			const [original] = await tx.select().from(projects).where(eq(projects.id, originalId));
			if (!original) return { ok: false, code: 'not_found' };
			const acting = await actingAs(tx, user, organisationId);
			if (!acting) return { ok: false, code: 'not_signed_in' };
			const reuse = await reuseOf(originalId);
			const parts = new Set(reuse.reusableParts);
			const [home] = acting.organisation.inseeCode
				? await tx.select({ code: communes.departementCode }).from(communes).where(eq(communes.inseeCode, acting.organisation.inseeCode))
				: [];
			const places = home
				? [home.code]
				: (await tx.select({ code: projectDepartements.departementCode }).from(projectDepartements).where(eq(projectDepartements.projectId, originalId))).map(
						(p) => p.code
					);
			const id = newId();
			const now = new Date();
			const values = {
				title: original.title,
				summary: original.summary,
				description: parts.has('description') ? original.description : '',
				theme: original.theme,
				estimatedBudgetCents: parts.has('budget') ? original.estimatedBudgetCents : null,
				seekingPartners: false
			};
			await tx.insert(projects).values({ id, proposerOrganisationId: organisationId, createdBy: user.id, createdAt: now, updatedAt: now, ...values });
			if (places.length) await tx.insert(projectDepartements).values(places.map((departementCode) => ({ projectId: id, departementCode })));
			await indexProject(tx, { id, ...values });
			await tx.insert(projectReuse).values({
				projectId: id,
				licence: parts.has('licence') ? reuse.licence : null,
				repositoryUrl: parts.has('repository') ? reuse.repositoryUrl : null,
				reusableParts: [],
				updatedAt: now
			});
			// The original's targets are copied; its measurements are its own.
			await writeLines(
				tx,
				id,
				parts.has('budget') ? reuse.budgetLines : [],
				parts.has('indicators') ? reuse.indicators.map((i) => ({ ...i, measurements: [] })) : []
			);
			// Each document says whether it is reusable; the replica's copies are its own to mark.
			const documents = await copyReusableDocuments(tx, originalId, id, user.id, now);
			await audit(
				tx,
				{ userId: user.id, organisationId },
				'project.created',
				{ type: 'project', id },
				{ title: values.title, replicates: originalId, copied: [...parts], documents }
			);
			const declared = await recordInterest(tx, user, organisationId, originalId, 'replicate', { replicaProjectId: id });
			if (!declared.ok) throw new Refused(declared);
			return { ok: true, projectId: id };
		});
	} catch (error) {
		if (error instanceof Refused) return error.outcome as InterestOutcome<{ projectId: string }>;
		throw error;
	}
}
