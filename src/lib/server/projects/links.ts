import { and, asc, eq, inArray } from 'drizzle-orm';
import { db } from '../db';
import {
	indicatorMeasurements,
	organisations,
	projectBudgetLines,
	projectCoproposers,
	projectIndicators,
	projectInterests,
	projectReuse,
	projects
} from '../db/schema';

// What a project's page and its API show of the project's links, as reads of the project's own tables: its
// partners, its accepted replications and what makes it reusable. The rapprochements that create those links
// (requests, replication, the reuse form) are commands of partners/, which sits above projects/.

/** The accepted replications of several projects at once (for the API), by original project. */
export async function replicationsOf(projectIds: string[]) {
	const byProject = new Map<string, { organisationId: string; name: string; projectId: string | null }[]>();
	if (projectIds.length === 0) return byProject;
	const rows = await db()
		.select({
			originalId: projectInterests.projectId,
			organisationId: organisations.id,
			name: organisations.name,
			replicaId: projectInterests.replicaProjectId,
			replicaStatus: projects.status
		})
		.from(projectInterests)
		.innerJoin(organisations, eq(organisations.id, projectInterests.organisationId))
		.leftJoin(projects, eq(projects.id, projectInterests.replicaProjectId))
		.where(and(inArray(projectInterests.projectId, projectIds), eq(projectInterests.kind, 'replicate'), eq(projectInterests.status, 'accepted')))
		.orderBy(asc(organisations.name));
	for (const row of rows) {
		const list = byProject.get(row.originalId) ?? [];
		// A replica still in draft is not public: the city is named, not its project.
		list.push({ organisationId: row.organisationId, name: row.name, projectId: row.replicaStatus && row.replicaStatus !== 'draft' ? row.replicaId : null });
		byProject.set(row.originalId, list);
	}
	return byProject;
}

/** The accepted partners (co-proposers) of several projects at once, by project. */
export async function partnersOf(projectIds: string[]) {
	const byProject = new Map<string, { organisationId: string; name: string; projectId: string }[]>();
	if (projectIds.length === 0) return byProject;
	const rows = await db()
		.select({ projectId: projectCoproposers.projectId, organisationId: organisations.id, name: organisations.name })
		.from(projectCoproposers)
		.innerJoin(organisations, eq(organisations.id, projectCoproposers.organisationId))
		.where(and(inArray(projectCoproposers.projectId, projectIds), eq(projectCoproposers.status, 'accepted')))
		.orderBy(asc(organisations.name));
	for (const row of rows) byProject.set(row.projectId, [...(byProject.get(row.projectId) ?? []), row]);
	return byProject;
}

/** What makes a project reusable, in four queries: the licence and parts, budget lines, indicators, measurements. */
export async function reuseOf(projectId: string) {
	const [[reuse], budgetLines, indicators] = await Promise.all([
		db().select().from(projectReuse).where(eq(projectReuse.projectId, projectId)),
		db().select().from(projectBudgetLines).where(eq(projectBudgetLines.projectId, projectId)).orderBy(asc(projectBudgetLines.position)),
		db().select().from(projectIndicators).where(eq(projectIndicators.projectId, projectId)).orderBy(asc(projectIndicators.position))
	]);
	const measurements = indicators.length
		? await db()
				.select()
				.from(indicatorMeasurements)
				.where(
					inArray(
						indicatorMeasurements.indicatorId,
						indicators.map((i) => i.id)
					)
				)
				.orderBy(asc(indicatorMeasurements.measuredOn))
		: [];
	return {
		licence: reuse?.licence ?? null,
		repositoryUrl: reuse?.repositoryUrl ?? null,
		contactName: reuse?.contactName ?? null,
		contactEmail: reuse?.contactEmail ?? null,
		reusableParts: reuse?.reusableParts ?? [],
		budgetLines: budgetLines.map((l) => ({ label: l.label, amountCents: l.amountCents })),
		indicators: indicators.map((i) => ({
			name: i.name,
			unit: i.unit,
			baseline: i.baseline,
			target: i.target,
			measurements: measurements.filter((m) => m.indicatorId === i.id).map((m) => ({ measuredOn: m.measuredOn, value: m.value }))
		}))
	};
}
