import { and, asc, count, desc, eq, exists, inArray, ne, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { db, type Queryable } from '../db';
import { communes, departements, organisations, projectDepartements, projects, type ProjectCoproposer } from '../db/schema';
import { binaryCompare } from '../../domain/text';
import { ftsQuery } from '../../domain/search';
import type { ProjectSort, ProjectStatus, ProjectTheme } from '../../domain/projects';

export const PROJECTS_PAGE_SIZE = 20;

export interface ProjectFilters {
	q?: string;
	theme?: ProjectTheme;
	departement?: string;
	region?: string;
	status?: ProjectStatus;
	seekingPartners?: boolean;
	sort?: ProjectSort;
}

/** The conditions for the public list: never a draft. */
export function publicListConditions(filters: ProjectFilters): SQL | undefined {
	const conditions: (SQL | undefined)[] = [ne(projects.status, 'draft')];
	if (filters.theme) conditions.push(eq(projects.theme, filters.theme));
	if (filters.status && filters.status !== 'draft') conditions.push(eq(projects.status, filters.status));
	if (filters.seekingPartners) conditions.push(eq(projects.seekingPartners, true));
	if (filters.departement) {
		conditions.push(
			exists(
				db()
					.select({ one: sql`1` })
					.from(projectDepartements)
					.where(and(eq(projectDepartements.projectId, projects.id), eq(projectDepartements.departementCode, filters.departement)))
			)
		);
	}
	if (filters.region) {
		conditions.push(
			exists(
				db()
					.select({ one: sql`1` })
					.from(projectDepartements)
					.innerJoin(departements, eq(departements.code, projectDepartements.departementCode))
					.where(and(eq(projectDepartements.projectId, projects.id), eq(departements.regionCode, filters.region)))
			)
		);
	}
	const match = filters.q ? ftsQuery(filters.q) : null;
	if (match) {
		conditions.push(sql`${projects.id} IN (SELECT project_id FROM projects_search WHERE projects_search MATCH ${match})`);
	}
	return and(...conditions);
}

const listColumns = {
	id: projects.id,
	title: projects.title,
	summary: projects.summary,
	theme: projects.theme,
	status: projects.status,
	estimatedBudgetCents: projects.estimatedBudgetCents,
	seekingPartners: projects.seekingPartners,
	publishedAt: projects.publishedAt,
	proposerId: organisations.id,
	proposerName: organisations.name,
	proposerSlug: organisations.slug
};

/**
 * A page of published projects and the total, in three queries whatever the page size: the page,
 * the count, and the départements of the projects on the page.
 */
export async function listPublicProjects(filters: ProjectFilters, offset = 0, limit = PROJECTS_PAGE_SIZE) {
	const where = publicListConditions(filters);
	const order =
		filters.sort === 'budget'
			? [sql`${projects.estimatedBudgetCents} IS NULL`, desc(projects.estimatedBudgetCents), desc(projects.publishedAt)]
			: filters.sort === 'title'
				? [asc(sql`${projects.title} COLLATE NOCASE`)]
				: [desc(projects.publishedAt), desc(projects.id)];
	const [rows, [{ total }]] = await Promise.all([
		db()
			.select(listColumns)
			.from(projects)
			.innerJoin(organisations, eq(organisations.id, projects.proposerOrganisationId))
			.where(where)
			.orderBy(...order)
			.limit(limit)
			.offset(offset),
		db().select({ total: count() }).from(projects).where(where)
	]);
	const places = await departementsOf(rows.map((r) => r.id));
	return { projects: rows.map((r) => ({ ...r, departements: places.get(r.id) ?? [] })), total };
}

/** The départements of several projects at once, by project id. */
export async function departementsOf(projectIds: string[], q: Queryable = db()) {
	const byProject = new Map<string, { code: string; name: string }[]>();
	if (projectIds.length === 0) return byProject;
	const rows = await q
		.select({ projectId: projectDepartements.projectId, code: departements.code, name: departements.name })
		.from(projectDepartements)
		.innerJoin(departements, eq(departements.code, projectDepartements.departementCode))
		.where(inArray(projectDepartements.projectId, projectIds))
		.orderBy(departements.code);
	for (const row of rows) {
		const list = byProject.get(row.projectId) ?? [];
		list.push({ code: row.code, name: row.name });
		byProject.set(row.projectId, list);
	}
	return byProject;
}

export function findProject(q: Queryable, id: string) {
	return q.query.projects.findFirst({ where: eq(projects.id, id) });
}

/** Départements as `departementsColumn` reads them, by code (departementsOf's order). */
export function departementsFromJson(json: string): { code: string; name: string }[] {
	return (JSON.parse(json) as [string, string][]).map(([code, name]) => ({ code, name })).sort((a, b) => binaryCompare(a.code, b.code));
}

/** The départements of the project `projectId` names (qualified by its table), as a JSON column of the caller's statement. */
export function departementsColumn(projectId: SQLWrapper): SQL<string> {
	return sql<string>`(SELECT json_group_array(json_array(d.code, d.name)) FROM project_departements pd
		INNER JOIN departements d ON d.code = pd.departement_code WHERE pd.project_id = ${projectId})`;
}

/** Everything the project page shows of the project itself, with its départements and co-proposers: one statement, or undefined. */
export async function projectDetails(id: string) {
	const projectId = sql.raw('"projects"."id"');
	const [row] = await db()
		.select({
			project: projects,
			proposer: organisations,
			departements: departementsColumn(projectId).mapWith(departementsFromJson),
			coproposers: sql`(SELECT json_group_array(json_object('organisationId', o.id, 'name', o.name, 'slug', o.slug, 'status', pc.status))
				FROM project_coproposers pc INNER JOIN organisations o ON o.id = pc.organisation_id WHERE pc.project_id = ${projectId})`.mapWith((json: string) =>
				(JSON.parse(json) as { organisationId: string; name: string; slug: string; status: ProjectCoproposer['status'] }[]).sort(
					(a, b) => binaryCompare(a.name, b.name) || binaryCompare(a.organisationId, b.organisationId)
				)
			)
		})
		.from(projects)
		.innerJoin(organisations, eq(organisations.id, projects.proposerOrganisationId))
		.where(eq(projects.id, id));
	return row;
}

/** Verified cities and intercommunalities that could be invited to co-propose `projectId`. */
export function coproposerCandidates(projectId: string, proposerId: string) {
	return db()
		.select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
		.from(organisations)
		.where(
			and(
				eq(organisations.verificationStatus, 'verified'),
				inArray(organisations.kind, ['city', 'intercommunality']),
				ne(organisations.id, proposerId),
				sql`${organisations.id} NOT IN (SELECT organisation_id FROM project_coproposers WHERE project_id = ${projectId} AND status <> 'declined')`
			)
		)
		.orderBy(organisations.name);
}

/** Projects of an organisation, drafts included: for its members. */
export function projectsOfOrganisation(organisationId: string) {
	return db()
		.select({ id: projects.id, title: projects.title, status: projects.status, updatedAt: projects.updatedAt })
		.from(projects)
		.where(eq(projects.proposerOrganisationId, organisationId))
		.orderBy(desc(projects.updatedAt));
}

/** Reference lists for the filters and the form (read once per process). */
export { placeOptions } from '../reference/places';

/** The département of a commune organisation, to preselect it on a new project. */
export async function departementOfOrganisation(organisationId: string) {
	const [row] = await db()
		.select({ code: communes.departementCode })
		.from(organisations)
		.innerJoin(communes, eq(communes.inseeCode, organisations.inseeCode))
		.where(eq(organisations.id, organisationId));
	return row?.code ?? null;
}
