import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { db } from '../db';
import { organisations, projectCoproposers, projectInterests, projects } from '../db/schema';
import type { ReusablePart } from '../../domain/partners';
import { binaryCompare } from '../../domain/text';

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

/**
 * What makes a project reusable, in one statement whatever the project holds: the licence and parts, the
 * budget lines, the indicators with their measurements.
 */
export async function reuseOf(projectId: string) {
	const [row] = await db().all<{ reuse: string | null; budget_lines: string; indicators: string }>(sql`SELECT
		(SELECT json_object('licence', r.licence, 'repositoryUrl', r.repository_url, 'contactName', r.contact_name,
			'contactEmail', r.contact_email, 'reusableParts', json(r.reusable_parts)) FROM project_reuse r WHERE r.project_id = ${projectId}) AS reuse,
		(SELECT json_group_array(json_array(l.position, l.label, l.amount_cents)) FROM project_budget_lines l WHERE l.project_id = ${projectId}) AS budget_lines,
		(SELECT json_group_array(json_object('position', i.position, 'name', i.name, 'unit', i.unit, 'baseline', i.baseline, 'target', i.target,
			'measurements', json((SELECT json_group_array(json_array(m.measured_on, m.value)) FROM indicator_measurements m WHERE m.indicator_id = i.id))))
			FROM project_indicators i WHERE i.project_id = ${projectId}) AS indicators`);
	const reuse = row.reuse
		? (JSON.parse(row.reuse) as {
				licence: string | null;
				repositoryUrl: string | null;
				contactName: string | null;
				contactEmail: string | null;
				reusableParts: ReusablePart[];
			})
		: null;
	type Indicator = { position: number; name: string; unit: string; baseline: number | null; target: number | null; measurements: [string, number][] };
	const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position;
	const budgetLines = (JSON.parse(row.budget_lines) as [number, string, number][]).map(([position, label, amountCents]) => ({ position, label, amountCents }));
	const indicators = JSON.parse(row.indicators) as Indicator[];
	return {
		licence: reuse?.licence ?? null,
		repositoryUrl: reuse?.repositoryUrl ?? null,
		contactName: reuse?.contactName ?? null,
		contactEmail: reuse?.contactEmail ?? null,
		reusableParts: reuse?.reusableParts ?? [],
		budgetLines: budgetLines.sort(byPosition).map((l) => ({ label: l.label, amountCents: l.amountCents })),
		indicators: indicators.sort(byPosition).map((i) => ({
			name: i.name,
			unit: i.unit,
			baseline: i.baseline,
			target: i.target,
			measurements: i.measurements.map(([measuredOn, value]) => ({ measuredOn, value })).sort((a, b) => binaryCompare(a.measuredOn, b.measuredOn))
		}))
	};
}
