import { and, eq, inArray } from 'drizzle-orm';
import { db } from '../db';
import { organisations, projectCoproposers } from '../db/schema';
import { listPublicProjects, projectDetails, type ProjectFilters } from './queries';
import { partnersOf, replicationsOf, reuseOf } from './links';
import { documentsOfProject } from './documents';

type Link = { organisationId: string; name: string; projectId: string | null };

// What the public API says of a project: what its public page shows (never a draft).

type Listed = Awaited<ReturnType<typeof listPublicProjects>>['projects'][number];

function shape(project: Listed, coproposers: { id: string; name: string }[], links: { partners: Link[]; replications: Link[] }, description?: string) {
	return {
		id: project.id,
		title: project.title,
		summary: project.summary,
		...(description === undefined ? {} : { description }),
		theme: project.theme,
		status: project.status,
		estimatedBudgetCents: project.estimatedBudgetCents,
		seekingPartners: project.seekingPartners,
		publishedAt: project.publishedAt?.toISOString() ?? null,
		proposer: { id: project.proposerId, name: project.proposerName },
		coproposers,
		partners: links.partners,
		replications: links.replications,
		departements: project.departements.map((d) => d.code)
	};
}

async function acceptedCoproposers(projectIds: string[]) {
	const byProject = new Map<string, { id: string; name: string }[]>();
	if (projectIds.length === 0) return byProject;
	const rows = await db()
		.select({ projectId: projectCoproposers.projectId, id: organisations.id, name: organisations.name })
		.from(projectCoproposers)
		.innerJoin(organisations, eq(organisations.id, projectCoproposers.organisationId))
		.where(and(inArray(projectCoproposers.projectId, projectIds), eq(projectCoproposers.status, 'accepted')));
	for (const row of rows) byProject.set(row.projectId, [...(byProject.get(row.projectId) ?? []), { id: row.id, name: row.name }]);
	return byProject;
}

/** A page of the public list, in a constant number of queries whatever its length. */
export async function publicProjectsPage(filters: ProjectFilters, limit: number, offset: number) {
	const { projects, total } = await listPublicProjects(filters, offset, limit);
	const ids = projects.map((p) => p.id);
	const [coproposers, partners, replications] = await Promise.all([acceptedCoproposers(ids), partnersOf(ids), replicationsOf(ids)]);
	return {
		data: projects.map((p) => shape(p, coproposers.get(p.id) ?? [], { partners: partners.get(p.id) ?? [], replications: replications.get(p.id) ?? [] })),
		nextOffset: offset + projects.length < total ? offset + projects.length : null
	};
}

export async function publicProject(id: string) {
	const details = await projectDetails(id);
	if (!details || details.project.status === 'draft') return undefined;
	const { project, proposer } = details;
	const [partners, replications, reuse, documents] = await Promise.all([partnersOf([id]), replicationsOf([id]), reuseOf(id), documentsOfProject(id)]);
	// The contact's address is on the page, never in the API.
	const { contactEmail: _email, ...publicReuse } = reuse;
	void _email;
	const shaped = shape(
		{
			id: project.id,
			title: project.title,
			summary: project.summary,
			theme: project.theme,
			status: project.status,
			estimatedBudgetCents: project.estimatedBudgetCents,
			seekingPartners: project.seekingPartners,
			publishedAt: project.publishedAt,
			proposerId: proposer.id,
			proposerName: proposer.name,
			proposerSlug: proposer.slug,
			departements: details.departements
		},
		details.coproposers.filter((c) => c.status === 'accepted').map((c) => ({ id: c.organisationId, name: c.name })),
		{ partners: partners.get(id) ?? [], replications: replications.get(id) ?? [] },
		project.description
	);
	return {
		...shaped,
		reuse: {
			...publicReuse,
			documents: documents.map((d) => ({
				id: d.id,
				title: d.title,
				size: d.size,
				sha256: d.sha256,
				reusable: d.reusable,
				url: `/projects/${id}/documents/${d.id}`
			}))
		}
	};
}
