// A city or an intercommunality creates a consortium, possibly with its projects' partners invited at once.

import { and, eq, inArray, ne } from 'drizzle-orm';
import { write, type Tx } from '../db';
import { consortia, consortiumMembers, consortiumProjects, organisations, projectCoproposers, projectInterests, projects, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { roleIn } from '../organisations/queries';
import type { ConsortiumOutcome } from './refusals';
import type { ConsortiumInput } from '$lib/schemas/consortia';
import { mayCreateConsortium } from './policy';
import { inviteRow } from './invitations';

/**
 * Creates a consortium coordinated by the acting city. `partnerIds`: accepted partners (co-proposers) of
 * the linked projects the city proposes, or cities whose replication of one of them was accepted, invited in
 * the same step; any other organisation refuses it all.
 */
export async function createConsortium(
	user: User,
	organisationId: string,
	input: ConsortiumInput,
	partnerIds: string[] = []
): Promise<ConsortiumOutcome<{ id: string }>> {
	return write(async (tx) => {
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
		const creating = mayCreateConsortium(organisation, organisation ? await roleIn(tx, organisationId, user.id) : null);
		if (!creating.ok) return creating;
		const partners = partnerIds.length && input.projectIds.length ? await partnersToInvite(tx, organisationId, input.projectIds, partnerIds) : [];
		if (partners.length !== new Set(partnerIds).size) return { ok: false, code: 'invalid_member' };
		const id = newId();
		const now = new Date();
		await tx.insert(consortia).values({
			id,
			name: input.name,
			purpose: input.purpose,
			coordinatorOrganisationId: organisationId,
			minMembers: input.minMembers,
			minDepartements: input.minDepartements,
			allowedRegions: input.allowedRegions,
			createdBy: user.id,
			createdAt: now,
			updatedAt: now
		});
		await tx.insert(consortiumMembers).values({
			id: newId(),
			consortiumId: id,
			organisationId,
			invitedName: organisation.name,
			status: 'accepted',
			invitedBy: user.id,
			invitedAt: now,
			respondedAt: now
		});
		if (input.projectIds.length) {
			const published = await tx
				.select({ id: projects.id })
				.from(projects)
				.where(and(inArray(projects.id, input.projectIds), ne(projects.status, 'draft')));
			if (published.length) await tx.insert(consortiumProjects).values(published.map((p) => ({ consortiumId: id, projectId: p.id })));
		}
		await audit(tx, { userId: user.id, organisationId }, 'consortium.created', { type: 'consortium', id }, { name: input.name, partners: partners.length });
		for (const partner of partners) {
			const invited = await inviteRow(tx, user, { id, name: input.name }, { userId: user.id, organisationId }, { organisation: partner, name: partner.name });
			if (!invited.ok) return invited;
		}
		return { ok: true, id };
	});
}

/** Of `partnerIds`, the verified accepted partners and replicating cities of the city's own projects among `projectIds`. */
async function partnersToInvite(tx: Tx, organisationId: string, projectIds: string[], partnerIds: string[]) {
	const ownProject = and(inArray(projects.id, projectIds), eq(projects.proposerOrganisationId, organisationId), ne(projects.status, 'draft'));
	const invitable = and(inArray(organisations.id, partnerIds), eq(organisations.verificationStatus, 'verified'), ne(organisations.id, organisationId));
	const coproposers = await tx
		.selectDistinct({ organisation: organisations })
		.from(projectCoproposers)
		.innerJoin(projects, eq(projects.id, projectCoproposers.projectId))
		.innerJoin(organisations, eq(organisations.id, projectCoproposers.organisationId))
		.where(and(ownProject, eq(projectCoproposers.status, 'accepted'), invitable));
	const replicators = await tx
		.selectDistinct({ organisation: organisations })
		.from(projectInterests)
		.innerJoin(projects, eq(projects.id, projectInterests.projectId))
		.innerJoin(organisations, eq(organisations.id, projectInterests.organisationId))
		.where(and(ownProject, eq(projectInterests.kind, 'replicate'), eq(projectInterests.status, 'accepted'), invitable));
	return [...new Map([...coproposers, ...replicators].map((r) => [r.organisation.id, r.organisation])).values()];
}
