import { and, eq, inArray } from 'drizzle-orm';
import { write, type Tx } from '../db';
import { departements, organisations, projectCoproposers, projectDepartements, projects, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { adminsOf, roleIn } from '../organisations/queries';
import { mayActForProposer, mayAnswerCoproposal, mayCoPropose, mayEditProject } from './policy';
import type { ProjectOutcome } from './refusals';
import { canMoveProject, type ProjectStatus } from '../../domain/projects';
import type { ProjectInput } from '$lib/schemas/projects';
import { indexProject } from './search-index';
import { alertProjectSearches } from './search-alerts';
import { followersOf } from '../follows/follows';

/** The organisation if `user` may act for it on projects (mayActForProposer: a verified city or EPCI they belong to). */
async function proposerFor(tx: Tx, user: User, organisationId: string, adminOnly = false) {
	const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
	const role = organisation ? await roleIn(tx, organisationId, user.id) : null;
	const verdict = mayActForProposer(organisation, role, adminOnly);
	if (!verdict.ok || !organisation || !role) return { refusal: verdict.ok ? ('forbidden' as const) : verdict.code };
	return { organisation, role };
}

async function knownDepartements(tx: Tx, codes: string[]) {
	const rows = await tx.select({ code: departements.code }).from(departements).where(inArray(departements.code, codes));
	return rows.length === new Set(codes).size;
}

async function writePlaces(tx: Tx, projectId: string, codes: string[]) {
	await tx.delete(projectDepartements).where(eq(projectDepartements.projectId, projectId));
	await tx.insert(projectDepartements).values([...new Set(codes)].map((departementCode) => ({ projectId, departementCode })));
}

/** A verified city or intercommunality drafts a project. */
export async function createProject(user: User, organisationId: string, input: ProjectInput): Promise<ProjectOutcome<{ id: string }>> {
	return write(async (tx) => {
		const proposer = await proposerFor(tx, user, organisationId);
		if (proposer.refusal) return { ok: false, code: proposer.refusal };
		if (!(await knownDepartements(tx, input.departements))) return { ok: false, code: 'unknown_departement' };
		const id = newId();
		const now = new Date();
		const values = {
			title: input.title,
			summary: input.summary,
			description: input.description,
			theme: input.theme,
			estimatedBudgetCents: input.estimatedBudget,
			seekingPartners: input.seekingPartners
		};
		await tx.insert(projects).values({
			id,
			proposerOrganisationId: organisationId,
			createdBy: user.id,
			createdAt: now,
			updatedAt: now,
			...values
		});
		await writePlaces(tx, id, input.departements);
		await indexProject(tx, { id, ...values });
		await audit(tx, { userId: user.id, organisationId }, 'project.created', { type: 'project', id }, { title: input.title });
		return { ok: true, id };
	});
}

/** A member of the proposing organisation edits a draft or published project. */
export async function updateProject(user: User, projectId: string, input: ProjectInput): Promise<ProjectOutcome> {
	return write(async (tx) => {
		const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
		if (!project) return { ok: false, code: 'not_found' };
		const proposer = await proposerFor(tx, user, project.proposerOrganisationId);
		if (proposer.refusal) return { ok: false, code: proposer.refusal };
		const editing = mayEditProject(proposer.role, project.status);
		if (!editing.ok) return editing;
		if (!(await knownDepartements(tx, input.departements))) return { ok: false, code: 'unknown_departement' };
		const values = {
			title: input.title,
			summary: input.summary,
			description: input.description,
			theme: input.theme,
			estimatedBudgetCents: input.estimatedBudget,
			seekingPartners: input.seekingPartners
		};
		await tx
			.update(projects)
			.set({ ...values, updatedAt: new Date() })
			.where(eq(projects.id, projectId));
		await writePlaces(tx, projectId, input.departements);
		await indexProject(tx, { id: projectId, ...values });
		await audit(tx, { userId: user.id, organisationId: project.proposerOrganisationId }, 'project.updated', {
			type: 'project',
			id: projectId
		});
		return { ok: true };
	});
}

/**
 * Moves a project along its lifecycle. Publishing is open to any member of the proposing
 * organisation; later steps and abandoning are for its admins.
 */
export async function transitionProject(user: User, projectId: string, to: ProjectStatus): Promise<ProjectOutcome> {
	return write(async (tx) => {
		const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
		if (!project) return { ok: false, code: 'not_found' };
		const proposer = await proposerFor(tx, user, project.proposerOrganisationId, to !== 'published');
		if (proposer.refusal) return { ok: false, code: proposer.refusal };
		if (!canMoveProject(project.status, to)) return { ok: false, code: 'invalid_transition' };
		const now = new Date();
		await tx
			.update(projects)
			.set({ status: to, updatedAt: now, publishedAt: to === 'published' ? now : project.publishedAt })
			.where(and(eq(projects.id, projectId), eq(projects.status, project.status)));
		await audit(
			tx,
			{ userId: user.id, organisationId: project.proposerOrganisationId },
			`project.${to}`,
			{ type: 'project', id: projectId },
			{ from: project.status, to }
		);
		if (to === 'published' && project.status === 'draft') await alertProjectSearches(tx, projectId, project.title);
		// Only a public project has followers: whoever follows it hears of each step after publication.
		await notify(
			tx,
			(await followersOf(tx, 'project', projectId)).filter((id) => id !== user.id),
			{
				type: 'project.status_changed',
				params: { project: project.title, status: to },
				link: `/projects/${projectId}`
			}
		);
		return { ok: true };
	});
}

/** The proposing city's admin invites another verified city or intercommunality to co-propose. */
export async function inviteCoproposer(user: User, projectId: string, organisationId: string): Promise<ProjectOutcome> {
	return write(async (tx) => {
		const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
		if (!project) return { ok: false, code: 'not_found' };
		const proposer = await proposerFor(tx, user, project.proposerOrganisationId, true);
		if (proposer.refusal) return { ok: false, code: proposer.refusal };
		const [invited] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
		const inviting = mayCoPropose(invited, project.proposerOrganisationId);
		if (!inviting.ok) return inviting;
		const now = new Date();
		const [existing] = await tx
			.select()
			.from(projectCoproposers)
			.where(and(eq(projectCoproposers.projectId, projectId), eq(projectCoproposers.organisationId, organisationId)));
		if (existing && existing.status !== 'declined') return { ok: false, code: 'already_invited' };
		await tx
			.insert(projectCoproposers)
			.values({ projectId, organisationId, invitedBy: user.id, invitedAt: now })
			.onConflictDoUpdate({
				target: [projectCoproposers.projectId, projectCoproposers.organisationId],
				set: { status: 'invited', invitedBy: user.id, invitedAt: now, respondedAt: null }
			});
		await audit(
			tx,
			{ userId: user.id, organisationId: project.proposerOrganisationId },
			'project.coproposer_invited',
			{
				type: 'project',
				id: projectId
			},
			{ organisationId }
		);
		await notify(tx, await adminsOf(tx, [organisationId]), {
			type: 'project.coproposal_invited',
			params: { organisation: proposer.organisation.name, project: project.title },
			link: `/projects/${projectId}`
		});
		return { ok: true };
	});
}

/** The invited organisation's admin accepts or declines to co-propose. */
export async function answerCoproposal(user: User, projectId: string, organisationId: string, accept: boolean): Promise<ProjectOutcome> {
	return write(async (tx) => {
		const answering = mayAnswerCoproposal(await roleIn(tx, organisationId, user.id));
		if (!answering.ok) return answering;
		const [row] = await tx
			.select({ invitation: projectCoproposers, project: projects, organisation: organisations })
			.from(projectCoproposers)
			.innerJoin(projects, eq(projects.id, projectCoproposers.projectId))
			.innerJoin(organisations, eq(organisations.id, projectCoproposers.organisationId))
			.where(and(eq(projectCoproposers.projectId, projectId), eq(projectCoproposers.organisationId, organisationId)));
		if (!row || row.invitation.status !== 'invited') return { ok: false, code: 'not_found' };
		await tx
			.update(projectCoproposers)
			.set({ status: accept ? 'accepted' : 'declined', respondedAt: new Date() })
			.where(and(eq(projectCoproposers.projectId, projectId), eq(projectCoproposers.organisationId, organisationId)));
		await audit(tx, { userId: user.id, organisationId }, accept ? 'project.coproposal_accepted' : 'project.coproposal_declined', {
			type: 'project',
			id: projectId
		});
		await notify(tx, await adminsOf(tx, [row.project.proposerOrganisationId]), {
			type: accept ? 'project.coproposal_accepted' : 'project.coproposal_declined',
			params: { organisation: row.organisation.name, project: row.project.title },
			link: `/projects/${projectId}`
		});
		return { ok: true };
	});
}
