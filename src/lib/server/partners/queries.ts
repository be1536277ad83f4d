import { and, asc, eq, sql } from 'drizzle-orm';
import { db } from '../db';
import { organisations, projectInterests, projects } from '../db/schema';
import { departementsColumn, departementsFromJson } from '../projects/queries';

// Rapprochements around a project: its partners, the requests waiting for its owner, and its replication tree.

export interface TreeNode {
	projectId: string;
	/** The project this one replicates; null for the tree's original. */
	parentId: string | null;
	depth: number;
	/** Null while the project is a draft: only its city's name is public. */
	title: string | null;
	status: string;
	organisationId: string;
	organisationName: string;
	organisationSlug: string;
	departements: { code: string; name: string }[];
}

const MAX_DEPTH = 20;

/**
 * The replication tree a project belongs to, from its original down, in one statement: the root (walking
 * up accepted replications), the descendants of the root, each with its départements.
 */
export async function replicationTree(projectId: string): Promise<TreeNode[]> {
	const rows = await db().all<{
		project_id: string;
		parent_id: string | null;
		depth: number;
		title: string;
		status: string;
		organisation_id: string;
		organisation_name: string;
		organisation_slug: string;
		departements: string;
	}>(sql`
		WITH RECURSIVE up(id, depth) AS (
			SELECT ${projectId}, 0
			UNION
			SELECT i.project_id, up.depth + 1 FROM project_interests i JOIN up ON i.replica_project_id = up.id
			WHERE i.kind = 'replicate' AND i.status = 'accepted' AND up.depth < ${MAX_DEPTH}
		),
		down(project_id, parent_id, depth) AS (
			SELECT (SELECT id FROM up ORDER BY depth DESC LIMIT 1), NULL, 0
			UNION
			SELECT i.replica_project_id, i.project_id, down.depth + 1 FROM project_interests i JOIN down ON i.project_id = down.project_id
			WHERE i.kind = 'replicate' AND i.status = 'accepted' AND i.replica_project_id IS NOT NULL AND down.depth < ${MAX_DEPTH}
		)
		SELECT down.project_id, down.parent_id, down.depth, p.title, p.status, o.id AS organisation_id, o.name AS organisation_name, o.slug AS organisation_slug,
			${departementsColumn(sql.raw('down.project_id'))} AS departements
		FROM down JOIN projects p ON p.id = down.project_id JOIN organisations o ON o.id = p.proposer_organisation_id
		ORDER BY down.depth, o.name`);
	const seen = new Set<string>();
	return rows
		.filter((r) => !seen.has(r.project_id) && seen.add(r.project_id))
		.map((r) => ({
			projectId: r.project_id,
			parentId: r.parent_id,
			depth: Number(r.depth),
			title: r.status === 'draft' ? null : r.title,
			status: r.status,
			organisationId: r.organisation_id,
			organisationName: r.organisation_name,
			organisationSlug: r.organisation_slug,
			departements: departementsFromJson(r.departements)
		}));
}

/** Requests on a project: all of them for its owner, the acting organisation's own otherwise. */
export function interestsOn(projectId: string, organisationId?: string) {
	return db()
		.select({
			id: projectInterests.id,
			kind: projectInterests.kind,
			status: projectInterests.status,
			message: projectInterests.message,
			requestedAt: projectInterests.requestedAt,
			organisationId: organisations.id,
			organisationName: organisations.name,
			organisationSlug: organisations.slug,
			replicaProjectId: projectInterests.replicaProjectId
		})
		.from(projectInterests)
		.innerJoin(organisations, eq(organisations.id, projectInterests.organisationId))
		.where(and(eq(projectInterests.projectId, projectId), organisationId ? eq(projectInterests.organisationId, organisationId) : undefined))
		.orderBy(asc(projectInterests.requestedAt));
}

/** The acting organisation's projects it could declare as replicas (not the original itself). */
export function ownProjectsFor(organisationId: string, exceptId: string) {
	return db()
		.select({ id: projects.id, title: projects.title, status: projects.status })
		.from(projects)
		.where(and(eq(projects.proposerOrganisationId, organisationId), sql`${projects.id} <> ${exceptId}`, sql`${projects.status} <> 'abandoned'`))
		.orderBy(asc(projects.title));
}

/** The original a project was declared to replicate while its owner has not answered yet. */
export async function pendingOriginalOf(replicaProjectId: string) {
	const [row] = await db()
		.select({ projectId: projects.id, title: projects.title, organisationName: organisations.name })
		.from(projectInterests)
		.innerJoin(projects, eq(projects.id, projectInterests.projectId))
		.innerJoin(organisations, eq(organisations.id, projects.proposerOrganisationId))
		.where(and(eq(projectInterests.replicaProjectId, replicaProjectId), eq(projectInterests.status, 'requested')));
	return row ?? null;
}
