// The coordinator's role and the consortium's life: handing over, dissolving, linking projects.

import { and, eq, inArray } from 'drizzle-orm';
import { write } from '../db';
import { consortia, consortiumMembers, consortiumProjects, organisations, projects, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { notify } from '../notifications/notify';
import { adminsOf, roleIn } from '../organisations/queries';
import type { ConsortiumOutcome } from './refusals';
import { currentMemberStatuses, isCurrentMember, isLocalAuthority } from '../../domain/consortia';
import { consortiumHoldsMoney } from '../funds/fund-lifecycle';
import { loadConsortium } from './support';
import { coordinatingConsortium, mayActForMember } from './policy';

/** The coordinator offers its role to another member city or intercommunality… */
export async function proposeCoordinator(user: User, consortiumId: string, organisationId: string): Promise<ConsortiumOutcome> {
	return write(async (tx) => {
		const coordinator = await coordinatingConsortium(tx, user, consortiumId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const [member] = await tx
			.select({ status: consortiumMembers.status, kind: organisations.kind, name: organisations.name })
			.from(consortiumMembers)
			.innerJoin(organisations, eq(organisations.id, consortiumMembers.organisationId))
			.where(and(eq(consortiumMembers.consortiumId, consortiumId), eq(consortiumMembers.organisationId, organisationId)));
		if (!member || !isCurrentMember(member.status) || !isLocalAuthority(member.kind) || organisationId === coordinator.consortium.coordinatorOrganisationId) {
			return { ok: false, code: 'invalid_member' };
		}
		await tx.update(consortia).set({ proposedCoordinatorOrganisationId: organisationId, updatedAt: new Date() }).where(eq(consortia.id, consortiumId));
		await audit(tx, coordinator.actor, 'consortium.coordinator_proposed', { type: 'consortium', id: consortiumId }, { name: member.name });
		await notify(tx, await adminsOf(tx, [organisationId]), {
			type: 'consortium.coordinator_proposed',
			params: { consortium: coordinator.consortium.name },
			link: `/consortia/${consortiumId}`
		});
		return { ok: true };
	});
}

/** …which that member's admin accepts. */
export async function acceptCoordinator(user: User, consortiumId: string): Promise<ConsortiumOutcome> {
	return write(async (tx) => {
		const consortium = await loadConsortium(tx, consortiumId);
		const proposed = consortium?.proposedCoordinatorOrganisationId;
		if (!consortium || !proposed || consortium.status === 'dissolved') return { ok: false, code: 'not_found' };
		const acting = mayActForMember(await roleIn(tx, proposed, user.id));
		if (!acting.ok) return acting;
		const [membership] = await tx
			.select({ status: consortiumMembers.status })
			.from(consortiumMembers)
			.where(
				and(
					eq(consortiumMembers.consortiumId, consortiumId),
					eq(consortiumMembers.organisationId, proposed),
					inArray(consortiumMembers.status, [...currentMemberStatuses])
				)
			);
		if (!membership) return { ok: false, code: 'invalid_member' };
		await tx
			.update(consortia)
			.set({ coordinatorOrganisationId: proposed, proposedCoordinatorOrganisationId: null, updatedAt: new Date() })
			.where(eq(consortia.id, consortiumId));
		await audit(tx, { userId: user.id, organisationId: proposed }, 'consortium.coordinator_changed', { type: 'consortium', id: consortiumId });
		await notify(tx, await adminsOf(tx, [consortium.coordinatorOrganisationId]), {
			type: 'consortium.coordinator_changed',
			params: { consortium: consortium.name },
			link: `/consortia/${consortiumId}`
		});
		return { ok: true };
	});
}

/** The coordinator dissolves the consortium, once none of its funds is raising or holds money. */
export async function dissolve(user: User, consortiumId: string): Promise<ConsortiumOutcome> {
	return write(async (tx) => {
		const coordinator = await coordinatingConsortium(tx, user, consortiumId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		if (await consortiumHoldsMoney(tx, consortiumId)) return { ok: false, code: 'holds_money' };
		const now = new Date();
		await tx.update(consortia).set({ status: 'dissolved', dissolvedAt: now, updatedAt: now }).where(eq(consortia.id, consortiumId));
		await tx
			.update(consortiumMembers)
			.set({ status: 'cancelled', respondedAt: now })
			.where(and(eq(consortiumMembers.consortiumId, consortiumId), eq(consortiumMembers.status, 'invited')));
		await audit(tx, coordinator.actor, 'consortium.dissolved', { type: 'consortium', id: consortiumId });
		const members = await tx
			.select({ organisationId: consortiumMembers.organisationId })
			.from(consortiumMembers)
			.where(and(eq(consortiumMembers.consortiumId, consortiumId), inArray(consortiumMembers.status, [...currentMemberStatuses])));
		await notify(
			tx,
			await adminsOf(
				tx,
				members.map((m) => m.organisationId!)
			),
			{
				type: 'consortium.dissolved',
				params: { consortium: coordinator.consortium.name },
				link: `/consortia/${consortiumId}`
			}
		);
		return { ok: true };
	});
}

/** The coordinator links a published project to the consortium. */
export async function linkProject(user: User, consortiumId: string, projectId: string): Promise<ConsortiumOutcome> {
	return write(async (tx) => {
		const coordinator = await coordinatingConsortium(tx, user, consortiumId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
		if (!project || project.status === 'draft') return { ok: false, code: 'not_found' };
		await tx.insert(consortiumProjects).values({ consortiumId, projectId }).onConflictDoNothing();
		await audit(tx, coordinator.actor, 'consortium.project_linked', { type: 'consortium', id: consortiumId }, { projectId, title: project.title });
		return { ok: true };
	});
}
