import { and, eq, inArray } from 'drizzle-orm';
import { write, type Tx } from '../db';
import { organisations, projectCoproposers, projectInterests, projects, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { adminsOf, roleIn } from '../organisations/queries';
import { interestRefusal, type InterestKind, type InterestRefusal } from '../../domain/partners';

export type InterestCommandRefusal = InterestRefusal | 'not_found' | 'already_requested' | 'already_partner' | 'invalid_replica' | 'already_answered';

export type InterestOutcome<T = object> = ({ ok: true } & T) | { ok: false; code: InterestCommandRefusal };

/** The acting organisation as the shared rule reads it, from its current membership. */
export async function actingAs(tx: Tx, user: User, organisationId: string) {
	const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
	if (!organisation) return null;
	const role = await roleIn(tx, organisationId, user.id);
	return role ? { organisation, role } : null;
}

/** Records a request and tells the project's admins; in the caller's transaction (replicating uses it too). */
export async function recordInterest(
	tx: Tx,
	user: User,
	organisationId: string,
	projectId: string,
	kind: InterestKind,
	options: { message?: string; replicaProjectId?: string | null }
): Promise<InterestOutcome<{ id: string }>> {
	const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
	if (!project) return { ok: false, code: 'not_found' };
	const acting = await actingAs(tx, user, organisationId);
	const refusal = interestRefusal(
		acting && { kind: acting.organisation.kind, verificationStatus: acting.organisation.verificationStatus, role: acting.role },
		project,
		organisationId
	);
	if (refusal) return { ok: false, code: refusal };
	const live = await tx
		.select({ id: projectInterests.id })
		.from(projectInterests)
		.where(
			and(
				eq(projectInterests.projectId, projectId),
				eq(projectInterests.organisationId, organisationId),
				eq(projectInterests.kind, kind),
				inArray(projectInterests.status, ['requested', 'accepted'])
			)
		);
	if (live.length) return { ok: false, code: 'already_requested' };
	if (kind === 'join') {
		const [coproposer] = await tx
			.select()
			.from(projectCoproposers)
			.where(and(eq(projectCoproposers.projectId, projectId), eq(projectCoproposers.organisationId, organisationId)));
		if (coproposer && coproposer.status !== 'declined') return { ok: false, code: 'already_partner' };
	}
	const replicaProjectId = kind === 'replicate' ? (options.replicaProjectId ?? null) : null;
	if (replicaProjectId) {
		const [replica] = await tx.select().from(projects).where(eq(projects.id, replicaProjectId));
		if (!replica || replica.proposerOrganisationId !== organisationId || replica.id === projectId) {
			return { ok: false, code: 'invalid_replica' };
		}
	}
	const id = newId();
	await tx.insert(projectInterests).values({
		id,
		projectId,
		organisationId,
		kind,
		replicaProjectId,
		message: options.message ?? '',
		requestedBy: user.id,
		requestedAt: new Date()
	});
	await audit(tx, { userId: user.id, organisationId }, `project.${kind}_requested`, { type: 'project', id: projectId }, { interestId: id, replicaProjectId });
	await notify(tx, await adminsOf(tx, [project.proposerOrganisationId]), {
		type: kind === 'join' ? 'project.join_requested' : 'project.replication_declared',
		params: { organisation: acting!.organisation.name, project: project.title },
		link: `/projects/${projectId}#interests`
	});
	return { ok: true, id };
}

/**
 * An admin of a verified city or intercommunality asks to join another's project as co-proposer, or
 * declares that one of its own projects replicates it.
 */
export function requestInterest(
	user: User,
	organisationId: string,
	projectId: string,
	kind: InterestKind,
	options: { message?: string; replicaProjectId?: string | null } = {}
): Promise<InterestOutcome<{ id: string }>> {
	return write((tx) => recordInterest(tx, user, organisationId, projectId, kind, options));
}

/**
 * An admin of the project's proposer accepts or declines a request. Accepting a request to join makes the
 * organisation a co-proposer (a partner); accepting a replication links the two projects in the tree.
 */
export function answerInterest(user: User, interestId: string, accept: boolean): Promise<InterestOutcome> {
	return write(async (tx) => {
		const [row] = await tx
			.select({ interest: projectInterests, project: projects, organisation: organisations })
			.from(projectInterests)
			.innerJoin(projects, eq(projects.id, projectInterests.projectId))
			.innerJoin(organisations, eq(organisations.id, projectInterests.organisationId))
			.where(eq(projectInterests.id, interestId));
		if (!row) return { ok: false, code: 'not_found' };
		const { interest, project } = row;
		if ((await roleIn(tx, project.proposerOrganisationId, user.id)) !== 'admin') return { ok: false, code: 'forbidden' };
		if (interest.status !== 'requested') return { ok: false, code: 'already_answered' };
		const now = new Date();
		await tx
			.update(projectInterests)
			.set({ status: accept ? 'accepted' : 'declined', answeredBy: user.id, answeredAt: now })
			.where(and(eq(projectInterests.id, interestId), eq(projectInterests.status, 'requested')));
		if (accept && interest.kind === 'join') {
			await tx
				.insert(projectCoproposers)
				.values({
					projectId: project.id,
					organisationId: interest.organisationId,
					status: 'accepted',
					invitedBy: interest.requestedBy,
					invitedAt: interest.requestedAt,
					respondedAt: now
				})
				.onConflictDoUpdate({
					target: [projectCoproposers.projectId, projectCoproposers.organisationId],
					set: { status: 'accepted', respondedAt: now }
				});
		}
		const verb = accept ? 'accepted' : 'declined';
		await audit(
			tx,
			{ userId: user.id, organisationId: project.proposerOrganisationId },
			`project.${interest.kind}_${verb}`,
			{ type: 'project', id: project.id },
			{
				interestId,
				organisationId: interest.organisationId
			}
		);
		const [proposer] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, project.proposerOrganisationId));
		const params = { organisation: proposer.name, project: project.title };
		// Both sides are told: the requester's admins, and the proposer's other admins.
		await notify(tx, await adminsOf(tx, [interest.organisationId]), {
			type: accept ? 'project.interest_accepted' : 'project.interest_declined',
			params,
			link: `/projects/${interest.replicaProjectId ?? project.id}`
		});
		await notify(
			tx,
			(await adminsOf(tx, [project.proposerOrganisationId])).filter((id) => id !== user.id),
			{ type: 'project.interest_answered', params: { organisation: row.organisation.name, project: project.title }, link: `/projects/${project.id}#interests` }
		);
		return { ok: true };
	});
}

/** The requesting organisation's admin withdraws a request not yet answered. */
export function withdrawInterest(user: User, interestId: string): Promise<InterestOutcome> {
	return write(async (tx) => {
		const [interest] = await tx.select().from(projectInterests).where(eq(projectInterests.id, interestId));
		if (!interest) return { ok: false, code: 'not_found' };
		if ((await roleIn(tx, interest.organisationId, user.id)) !== 'admin') return { ok: false, code: 'forbidden' };
		if (interest.status !== 'requested') return { ok: false, code: 'already_answered' };
		await tx.update(projectInterests).set({ status: 'withdrawn', answeredAt: new Date() }).where(eq(projectInterests.id, interestId));
		await audit(
			tx,
			{ userId: user.id, organisationId: interest.organisationId },
			`project.${interest.kind}_withdrawn`,
			{ type: 'project', id: interest.projectId },
			{ interestId }
		);
		return { ok: true };
	});
}
