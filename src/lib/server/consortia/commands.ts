import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { secondFactorRefusal, type SessionUser } from '../auth/second-factor';
import { write, type Tx } from '../db';
import {
	communes,
	consortia,
	consortiumMembers,
	consortiumProjects,
	deliberationNumbers,
	epcis,
	organisations,
	projectCoproposers,
	projects,
	type Organisation,
	type User
} from '../db/schema';
import { audit, type Actor } from '../audit/audit';
import { newId } from '../auth/tokens';
import { notify } from '../notifications/notify';
import { adminsOf, roleIn } from '../organisations/queries';
import type { Outcome } from '../shared/outcome';
import { deliberationProblem, isCurrentMember } from '../../domain/consortia';
import { refreshStatus } from './state';
import { consortiumHoldsMoney } from '../funds/commands';
import type { ConsortiumInput } from '$lib/schemas/consortia';

const LOCAL_AUTHORITIES = ['city', 'intercommunality'];
const LIVE = ['invited', 'accepted', 'council_approved'] as const;

async function loadConsortium(tx: Tx, consortiumId: string) {
	const [consortium] = await tx.select().from(consortia).where(eq(consortia.id, consortiumId));
	return consortium;
}

/** The consortium if `user` is an admin of its coordinating organisation and it is not dissolved. */
async function asCoordinator(tx: Tx, user: User, consortiumId: string) {
	const consortium = await loadConsortium(tx, consortiumId);
	if (!consortium) return { refusal: 'not_found' as const };
	if (consortium.status === 'dissolved') return { refusal: 'dissolved' as const };
	if ((await roleIn(tx, consortium.coordinatorOrganisationId, user.id)) !== 'admin') return { refusal: 'forbidden' as const };
	return { consortium, actor: { userId: user.id, organisationId: consortium.coordinatorOrganisationId } as Actor };
}

async function memberRow(tx: Tx, memberId: string) {
	const [row] = await tx
		.select({ member: consortiumMembers, consortium: consortia })
		.from(consortiumMembers)
		.innerJoin(consortia, eq(consortia.id, consortiumMembers.consortiumId))
		.where(eq(consortiumMembers.id, memberId));
	return row;
}

/** A verified city or intercommunality creates a consortium; its admin's organisation coordinates it. */
/**
 * Creates a consortium coordinated by the acting city. `partnerIds`: accepted partners (co-proposers) of
 * the linked projects the city proposes, invited in the same step; any other organisation refuses it all.
 */
export async function createConsortium(
	user: User,
	organisationId: string,
	input: ConsortiumInput,
	partnerIds: string[] = []
): Promise<Outcome<{ id: string }>> {
	return write(async (tx) => {
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
		if (!organisation || !LOCAL_AUTHORITIES.includes(organisation.kind)) return { ok: false, code: 'not_a_local_authority' };
		if ((await roleIn(tx, organisationId, user.id)) !== 'admin') return { ok: false, code: 'forbidden' };
		if (organisation.verificationStatus !== 'verified') return { ok: false, code: 'organisation_unverified' };
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

/** Of `partnerIds`, the verified accepted partners of the city's own projects among `projectIds`. */
async function partnersToInvite(tx: Tx, organisationId: string, projectIds: string[], partnerIds: string[]) {
	const rows = await tx
		.selectDistinct({ organisation: organisations })
		.from(projectCoproposers)
		.innerJoin(projects, eq(projects.id, projectCoproposers.projectId))
		.innerJoin(organisations, eq(organisations.id, projectCoproposers.organisationId))
		.where(
			and(
				inArray(projectCoproposers.projectId, projectIds),
				eq(projects.proposerOrganisationId, organisationId),
				ne(projects.status, 'draft'),
				eq(projectCoproposers.status, 'accepted'),
				inArray(projectCoproposers.organisationId, partnerIds),
				eq(organisations.verificationStatus, 'verified'),
				ne(organisations.id, organisationId)
			)
		);
	return rows.map((r) => r.organisation);
}

async function inviteRow(
	tx: Tx,
	user: User,
	consortium: { id: string; name: string },
	actor: Actor,
	target: { organisation?: Organisation; inseeCode?: string; epciSiren?: string; name: string }
): Promise<Outcome> {
	if (target.organisation) {
		const [live] = await tx
			.select({ id: consortiumMembers.id })
			.from(consortiumMembers)
			.where(
				and(
					eq(consortiumMembers.consortiumId, consortium.id),
					eq(consortiumMembers.organisationId, target.organisation.id),
					inArray(consortiumMembers.status, [...LIVE])
				)
			);
		if (live) return { ok: false, code: 'already_member' };
	} else {
		const [pending] = await tx
			.select({ id: consortiumMembers.id })
			.from(consortiumMembers)
			.where(
				and(
					eq(consortiumMembers.consortiumId, consortium.id),
					isNull(consortiumMembers.organisationId),
					target.inseeCode ? eq(consortiumMembers.inseeCode, target.inseeCode) : eq(consortiumMembers.epciSiren, target.epciSiren!),
					eq(consortiumMembers.status, 'invited')
				)
			);
		if (pending) return { ok: false, code: 'already_member' };
	}
	const id = newId();
	await tx.insert(consortiumMembers).values({
		id,
		consortiumId: consortium.id,
		organisationId: target.organisation?.id ?? null,
		inseeCode: target.inseeCode ?? target.organisation?.inseeCode ?? null,
		epciSiren: target.epciSiren ?? (target.organisation?.kind === 'intercommunality' ? target.organisation.siren : null),
		invitedName: target.name,
		invitedBy: user.id,
		invitedAt: new Date()
	});
	await audit(tx, actor, 'consortium.invited', { type: 'consortium', id: consortium.id }, { memberId: id, name: target.name });
	if (target.organisation) {
		await notify(tx, await adminsOf(tx, [target.organisation.id]), {
			type: 'consortium.invited',
			params: { consortium: consortium.name },
			link: `/consortia/${consortium.id}`
		});
	}
	return { ok: true };
}

/** The coordinator invites an organisation of the platform: a verified city, intercommunality or partner. */
export async function inviteOrganisation(user: User, consortiumId: string, organisationId: string): Promise<Outcome> {
	return write(async (tx) => {
		const coordinator = await asCoordinator(tx, user, consortiumId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
		if (!organisation || organisation.verificationStatus !== 'verified' || organisation.kind === 'startup') {
			return { ok: false, code: 'invalid_member' };
		}
		return inviteRow(tx, user, coordinator.consortium, coordinator.actor, { organisation, name: organisation.name });
	});
}

/**
 * The coordinator invites a commune or an EPCI of the official list. With a verified account it is an
 * ordinary invitation; without one, the invitation waits for a verified claim of that commune or EPCI.
 */
export async function inviteOfficial(user: User, consortiumId: string, target: { inseeCode: string } | { epciSiren: string }): Promise<Outcome> {
	return write(async (tx) => {
		const coordinator = await asCoordinator(tx, user, consortiumId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const isCommune = 'inseeCode' in target;
		const [official] = isCommune
			? await tx.select({ name: communes.name }).from(communes).where(eq(communes.inseeCode, target.inseeCode))
			: await tx.select({ name: epcis.name }).from(epcis).where(eq(epcis.siren, target.epciSiren));
		if (!official) return { ok: false, code: 'unknown_official' };
		const [organisation] = await tx
			.select()
			.from(organisations)
			.where(
				and(
					isCommune ? eq(organisations.inseeCode, target.inseeCode) : eq(organisations.siren, target.epciSiren),
					eq(organisations.kind, isCommune ? 'city' : 'intercommunality'),
					eq(organisations.verificationStatus, 'verified')
				)
			);
		return inviteRow(tx, user, coordinator.consortium, coordinator.actor, {
			organisation,
			inseeCode: isCommune ? target.inseeCode : undefined,
			epciSiren: isCommune ? undefined : target.epciSiren,
			name: official.name
		});
	});
}

/** The coordinator cancels an invitation that is still pending. */
export async function cancelInvitation(user: User, memberId: string): Promise<Outcome> {
	return write(async (tx) => {
		const row = await memberRow(tx, memberId);
		if (!row) return { ok: false, code: 'not_found' };
		const coordinator = await asCoordinator(tx, user, row.consortium.id);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		if (row.member.status !== 'invited') return { ok: false, code: 'invalid_transition' };
		await tx.update(consortiumMembers).set({ status: 'cancelled', respondedAt: new Date() }).where(eq(consortiumMembers.id, memberId));
		await audit(
			tx,
			coordinator.actor,
			'consortium.invitation_cancelled',
			{ type: 'consortium', id: row.consortium.id },
			{ memberId, name: row.member.invitedName }
		);
		return { ok: true };
	});
}

/** The invited organisation's admin accepts or declines. */
export async function answerInvitation(user: User, memberId: string, accept: boolean): Promise<Outcome> {
	return write(async (tx) => {
		const row = await memberRow(tx, memberId);
		if (!row || !row.member.organisationId) return { ok: false, code: 'not_found' };
		if ((await roleIn(tx, row.member.organisationId, user.id)) !== 'admin') return { ok: false, code: 'forbidden' };
		if (row.member.status !== 'invited' || row.consortium.status === 'dissolved') return { ok: false, code: 'invalid_transition' };
		await tx
			.update(consortiumMembers)
			.set({ status: accept ? 'accepted' : 'declined', respondedAt: new Date() })
			.where(eq(consortiumMembers.id, memberId));
		const actor = { userId: user.id, organisationId: row.member.organisationId };
		await audit(
			tx,
			actor,
			accept ? 'consortium.accepted' : 'consortium.declined',
			{ type: 'consortium', id: row.consortium.id },
			{ name: row.member.invitedName }
		);
		await notify(tx, await adminsOf(tx, [row.consortium.coordinatorOrganisationId]), {
			type: accept ? 'consortium.member_accepted' : 'consortium.member_declined',
			params: { consortium: row.consortium.name, organisation: row.member.invitedName },
			link: `/consortia/${row.consortium.id}`
		});
		await refreshStatus(tx, row.consortium.id, actor);
		return { ok: true };
	});
}

export interface Deliberation {
	number: string;
	date: Date;
	kind: 'council' | 'president_delegation';
	file: { file: string; name: string } | null;
}

/**
 * A signatory of the member records its council's délibération (an intercommunality may record its
 * president's delegated decision instead). The number may serve only once for that organisation.
 */
export async function recordDeliberation(user: SessionUser, memberId: string, deliberation: Deliberation, now = new Date()): Promise<Outcome> {
	// Public money moves on a second factor passed in this session (auth/second-factor.ts).
	if (secondFactorRefusal(user)) return { ok: false, code: 'second_factor_required' };
	return write(async (tx) => {
		const row = await memberRow(tx, memberId);
		if (!row || !row.member.organisationId) return { ok: false, code: 'not_found' };
		if ((await roleIn(tx, row.member.organisationId, user.id)) !== 'signatory') return { ok: false, code: 'signatories_only' };
		if (row.member.status !== 'accepted' || row.consortium.status === 'dissolved') return { ok: false, code: 'invalid_transition' };
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, row.member.organisationId));
		if (!LOCAL_AUTHORITIES.includes(organisation.kind)) return { ok: false, code: 'no_council' };
		if (deliberation.kind === 'president_delegation' && organisation.kind !== 'intercommunality') return { ok: false, code: 'council_required' };
		const problem = deliberationProblem(deliberation.number, deliberation.date, now);
		if (problem) return { ok: false, code: `deliberation_${problem}` };
		const number = deliberation.number.trim();
		const [used] = await tx
			.select()
			.from(deliberationNumbers)
			.where(and(eq(deliberationNumbers.organisationId, organisation.id), eq(deliberationNumbers.number, number)));
		if (used) return { ok: false, code: 'deliberation_number_used' };
		await tx.insert(deliberationNumbers).values({ organisationId: organisation.id, number, memberId });
		await tx
			.update(consortiumMembers)
			.set({
				status: 'council_approved',
				decisionKind: deliberation.kind,
				deliberationNumber: number,
				deliberationDate: deliberation.date,
				deliberationFile: deliberation.file?.file ?? null,
				deliberationFileName: deliberation.file?.name ?? null,
				approvedBy: user.id,
				approvedAt: now
			})
			.where(eq(consortiumMembers.id, memberId));
		const actor = { userId: user.id, organisationId: organisation.id };
		await audit(
			tx,
			actor,
			'consortium.council_approved',
			{ type: 'consortium', id: row.consortium.id },
			{
				name: organisation.name,
				number,
				date: deliberation.date.toISOString().slice(0, 10),
				kind: deliberation.kind
			}
		);
		await notify(tx, await adminsOf(tx, [row.consortium.coordinatorOrganisationId]), {
			type: 'consortium.council_approved',
			params: { consortium: row.consortium.name, organisation: organisation.name },
			link: `/consortia/${row.consortium.id}`
		});
		await refreshStatus(tx, row.consortium.id, actor);
		return { ok: true };
	});
}

/** A member's admin withdraws it, with a reason. The coordinator hands its role over first. */
export async function withdraw(user: User, memberId: string, reason: string): Promise<Outcome> {
	return write(async (tx) => {
		const row = await memberRow(tx, memberId);
		if (!row || !row.member.organisationId) return { ok: false, code: 'not_found' };
		if ((await roleIn(tx, row.member.organisationId, user.id)) !== 'admin') return { ok: false, code: 'forbidden' };
		if (!isCurrentMember(row.member.status) || row.consortium.status === 'dissolved') return { ok: false, code: 'invalid_transition' };
		if (row.member.organisationId === row.consortium.coordinatorOrganisationId) return { ok: false, code: 'coordinator_cannot_withdraw' };
		const why = reason.trim();
		await tx.update(consortiumMembers).set({ status: 'withdrawn', withdrawalReason: why, withdrawnAt: new Date() }).where(eq(consortiumMembers.id, memberId));
		if (row.consortium.proposedCoordinatorOrganisationId === row.member.organisationId) {
			await tx.update(consortia).set({ proposedCoordinatorOrganisationId: null }).where(eq(consortia.id, row.consortium.id));
		}
		const actor = { userId: user.id, organisationId: row.member.organisationId };
		await audit(tx, actor, 'consortium.withdrawn', { type: 'consortium', id: row.consortium.id }, { name: row.member.invitedName, reason: why });
		const others = await tx
			.select({ organisationId: consortiumMembers.organisationId })
			.from(consortiumMembers)
			.where(and(eq(consortiumMembers.consortiumId, row.consortium.id), inArray(consortiumMembers.status, ['accepted', 'council_approved'])));
		await notify(
			tx,
			await adminsOf(
				tx,
				others.map((o) => o.organisationId!)
			),
			{
				type: 'consortium.member_withdrew',
				params: { consortium: row.consortium.name, organisation: row.member.invitedName, reason: why },
				link: `/consortia/${row.consortium.id}`
			}
		);
		await refreshStatus(tx, row.consortium.id, actor);
		return { ok: true };
	});
}

/** The coordinator offers its role to another member city or intercommunality… */
export async function proposeCoordinator(user: User, consortiumId: string, organisationId: string): Promise<Outcome> {
	return write(async (tx) => {
		const coordinator = await asCoordinator(tx, user, consortiumId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const [member] = await tx
			.select({ status: consortiumMembers.status, kind: organisations.kind, name: organisations.name })
			.from(consortiumMembers)
			.innerJoin(organisations, eq(organisations.id, consortiumMembers.organisationId))
			.where(and(eq(consortiumMembers.consortiumId, consortiumId), eq(consortiumMembers.organisationId, organisationId)));
		if (
			!member ||
			!isCurrentMember(member.status) ||
			!LOCAL_AUTHORITIES.includes(member.kind) ||
			organisationId === coordinator.consortium.coordinatorOrganisationId
		) {
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
export async function acceptCoordinator(user: User, consortiumId: string): Promise<Outcome> {
	return write(async (tx) => {
		const consortium = await loadConsortium(tx, consortiumId);
		const proposed = consortium?.proposedCoordinatorOrganisationId;
		if (!consortium || !proposed || consortium.status === 'dissolved') return { ok: false, code: 'not_found' };
		if ((await roleIn(tx, proposed, user.id)) !== 'admin') return { ok: false, code: 'forbidden' };
		const [membership] = await tx
			.select({ status: consortiumMembers.status })
			.from(consortiumMembers)
			.where(
				and(
					eq(consortiumMembers.consortiumId, consortiumId),
					eq(consortiumMembers.organisationId, proposed),
					inArray(consortiumMembers.status, ['accepted', 'council_approved'])
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
export async function dissolve(user: User, consortiumId: string): Promise<Outcome> {
	return write(async (tx) => {
		const coordinator = await asCoordinator(tx, user, consortiumId);
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
			.where(and(eq(consortiumMembers.consortiumId, consortiumId), inArray(consortiumMembers.status, ['accepted', 'council_approved'])));
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
export async function linkProject(user: User, consortiumId: string, projectId: string): Promise<Outcome> {
	return write(async (tx) => {
		const coordinator = await asCoordinator(tx, user, consortiumId);
		if (coordinator.refusal) return { ok: false, code: coordinator.refusal };
		const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
		if (!project || project.status === 'draft') return { ok: false, code: 'not_found' };
		await tx.insert(consortiumProjects).values({ consortiumId, projectId }).onConflictDoNothing();
		await audit(tx, coordinator.actor, 'consortium.project_linked', { type: 'consortium', id: consortiumId }, { projectId, title: project.title });
		return { ok: true };
	});
}
