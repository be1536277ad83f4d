import { and, eq, gt, isNull } from 'drizzle-orm';
import { db, write, type Tx } from '../db';
import { invitations, memberships, organisations, users, type Role, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { hashSecret, newId, randomToken } from '../auth/tokens';
import { enqueueMail } from '../mail/outbox';
import { notify } from '../notifications/notify';
import { config } from '../config';
import { leavesNoAdmin } from '../../domain/roles';
import { roleLabel } from '$lib/labels';
import type { MemberOutcome as Outcome } from './refusals';
import { mayInvite, mayManageMembers, mayRemoveMember } from './policy';
import { adminsOf, roleIn } from './queries';
import { revokeEvaluatorAssignments } from './membership-end';
import { fileEvidence, needsEvidence, type EvidenceInput } from './evidence';
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60_000;

async function organisationManagedBy(tx: Tx, organisationId: string, user: User) {
	const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
	if (!organisation) return null;
	return mayManageMembers(await roleIn(tx, organisationId, user.id)).ok ? organisation : null;
}

export function pendingInvitations(organisationId: string) {
	return db()
		.select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt })
		.from(invitations)
		.where(
			and(
				eq(invitations.organisationId, organisationId),
				isNull(invitations.acceptedAt),
				isNull(invitations.cancelledAt),
				gt(invitations.expiresAt, new Date())
			)
		)
		.orderBy(invitations.createdAt);
}

/** An admin invites someone by email: a single-use link that expires after seven days. */
export async function inviteMember(
	user: User,
	organisationId: string,
	input: { email: string; role: Role },
	locale: Locale,
	/** The act naming the invitee, required to invite a commune's or an EPCI's signatory. */
	evidence?: EvidenceInput
): Promise<Outcome> {
	const email = input.email.trim().toLowerCase();
	return write(async (tx) => {
		const organisation = await organisationManagedBy(tx, organisationId, user);
		if (!organisation) return { ok: false, code: 'forbidden' };
		const inviting = mayInvite(organisation);
		if (!inviting.ok) return inviting;
		if (input.role === 'signatory' && needsEvidence(organisation.kind) && !evidence) return { ok: false, code: 'evidence_required' };
		const [member] = await tx
			.select({ id: users.id })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.organisationId, organisationId), eq(users.email, email)));
		if (member) return { ok: false, code: 'already_member' };
		const now = new Date();
		// A new invitation to the same address replaces the earlier one.
		await tx
			.update(invitations)
			.set({ cancelledAt: now })
			.where(
				and(eq(invitations.organisationId, organisationId), eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.cancelledAt))
			);
		const token = randomToken() + randomToken();
		const id = newId();
		await tx.insert(invitations).values({
			id,
			organisationId,
			email,
			role: input.role,
			tokenHash: hashSecret(token),
			invitedBy: user.id,
			createdAt: now,
			expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS)
		});
		const [known] = await tx.select({ locale: users.locale }).from(users).where(eq(users.email, email));
		const mailLocale = (known?.locale as Locale | undefined) ?? locale;
		await enqueueMail(tx, {
			to: email,
			subject: m.mail_invitation_subject({ organisation: organisation.name }, { locale: mailLocale }),
			text: m.mail_invitation_body(
				{
					inviter: user.name,
					organisation: organisation.name,
					role: roleLabel(input.role, mailLocale),
					link: new URL(`/invitations/${token}`, config().origin).toString()
				},
				{ locale: mailLocale }
			)
		});
		await audit(
			tx,
			{ userId: user.id, organisationId },
			'membership.invited',
			{ type: 'invitation', id },
			{
				email,
				role: input.role
			}
		);
		if (input.role === 'signatory' && evidence) {
			await fileEvidence(tx, user, organisationId, { purpose: 'signatory', subjectEmail: email, ...evidence });
		}
		return { ok: true };
	});
}

export async function cancelInvitation(user: User, organisationId: string, invitationId: string): Promise<Outcome> {
	return write(async (tx) => {
		if (!(await organisationManagedBy(tx, organisationId, user))) return { ok: false, code: 'forbidden' };
		const result = await tx
			.update(invitations)
			.set({ cancelledAt: new Date() })
			.where(
				and(eq(invitations.id, invitationId), eq(invitations.organisationId, organisationId), isNull(invitations.acceptedAt), isNull(invitations.cancelledAt))
			);
		if (result.rowsAffected === 0) return { ok: false, code: 'not_found' };
		await audit(tx, { userId: user.id, organisationId }, 'membership.invitation_cancelled', {
			type: 'invitation',
			id: invitationId
		});
		return { ok: true };
	});
}

/** The live invitation behind a link, with its organisation's name, or undefined. */
export async function findInvitation(token: string) {
	const [row] = await db()
		.select({ invitation: invitations, organisation: organisations })
		.from(invitations)
		.innerJoin(organisations, eq(organisations.id, invitations.organisationId))
		.where(
			and(eq(invitations.tokenHash, hashSecret(token)), isNull(invitations.acceptedAt), isNull(invitations.cancelledAt), gt(invitations.expiresAt, new Date()))
		);
	return row;
}

/** The signed-in person whose address was invited joins with the invited role. */
export async function acceptInvitation(user: User, token: string): Promise<Outcome<{ slug: string }>> {
	return write(async (tx) => {
		const [row] = await tx
			.select({ invitation: invitations, organisation: organisations })
			.from(invitations)
			.innerJoin(organisations, eq(organisations.id, invitations.organisationId))
			.where(
				and(
					eq(invitations.tokenHash, hashSecret(token)),
					isNull(invitations.acceptedAt),
					isNull(invitations.cancelledAt),
					gt(invitations.expiresAt, new Date())
				)
			);
		if (!row) return { ok: false, code: 'invalid_invitation' };
		const { invitation, organisation } = row;
		if (invitation.email !== user.email) return { ok: false, code: 'wrong_account' };
		const now = new Date();
		await tx.update(invitations).set({ acceptedAt: now, acceptedBy: user.id }).where(eq(invitations.id, invitation.id));
		await tx.insert(memberships).values({ organisationId: organisation.id, userId: user.id, role: invitation.role, createdAt: now }).onConflictDoNothing();
		// The link arrived in this mailbox, which confirms the address.
		if (!user.emailVerifiedAt) await tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, user.id));
		await audit(
			tx,
			{ userId: user.id, organisationId: organisation.id },
			'membership.joined',
			{
				type: 'organisation',
				id: organisation.id
			},
			{ role: invitation.role }
		);
		const admins = (await adminsOf(tx, [organisation.id])).filter((id) => id !== user.id);
		await notify(tx, admins, {
			type: 'membership.joined',
			params: { person: user.name, organisation: organisation.name },
			link: `/organisations/${organisation.slug}/members`
		});
		return { ok: true, slug: organisation.slug };
	});
}

async function membersForRule(tx: Tx, organisationId: string) {
	return tx.select({ userId: memberships.userId, role: memberships.role }).from(memberships).where(eq(memberships.organisationId, organisationId));
}

/**
 * An admin changes a member's role; the last admin keeps theirs. Making someone a commune's or an
 * EPCI's signatory takes the act that names them (`evidence`), kept for the verifiers.
 */
export async function changeRole(user: User, organisationId: string, userId: string, role: Role, evidence?: EvidenceInput): Promise<Outcome> {
	return write(async (tx) => {
		const organisation = await organisationManagedBy(tx, organisationId, user);
		if (!organisation) return { ok: false, code: 'forbidden' };
		const members = await membersForRule(tx, organisationId);
		const target = members.find((x) => x.userId === userId);
		if (!target) return { ok: false, code: 'not_found' };
		if (leavesNoAdmin(members, userId, role)) return { ok: false, code: 'last_admin' };
		if (target.role === role) return { ok: true };
		if (role === 'signatory' && needsEvidence(organisation.kind)) {
			if (!evidence) return { ok: false, code: 'evidence_required' };
			const [person] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
			await fileEvidence(tx, user, organisationId, { purpose: 'signatory', subjectEmail: person.email, ...evidence });
		}
		await tx
			.update(memberships)
			.set({ role })
			.where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
		await audit(
			tx,
			{ userId: user.id, organisationId },
			'membership.role_changed',
			{ type: 'user', id: userId },
			{
				from: target.role,
				to: role
			}
		);
		if (userId !== user.id) {
			await notify(tx, [userId], {
				type: 'membership.role_changed',
				params: { organisation: organisation.name, role },
				link: `/organisations/${organisation.slug}`
			});
		}
		return { ok: true };
	});
}

/** An admin removes a member, or a member leaves (userId = themselves); the last admin stays. */
export async function removeMember(user: User, organisationId: string, userId: string): Promise<Outcome> {
	return write(async (tx) => {
		const [organisation] = await tx.select().from(organisations).where(eq(organisations.id, organisationId));
		if (!organisation) return { ok: false, code: 'not_found' };
		const leaving = userId === user.id;
		const removing = mayRemoveMember(leaving ? null : await roleIn(tx, organisationId, user.id), leaving);
		if (!removing.ok) return removing;
		const members = await membersForRule(tx, organisationId);
		if (!members.some((x) => x.userId === userId)) return { ok: false, code: 'not_found' };
		if (leavesNoAdmin(members, userId, null)) return { ok: false, code: 'last_admin' };
		await tx.delete(memberships).where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
		await audit(tx, { userId: user.id, organisationId }, leaving ? 'membership.left' : 'membership.removed', {
			type: 'user',
			id: userId
		});
		await revokeEvaluatorAssignments(tx, { userId: user.id, organisationId }, organisationId, userId);
		if (!leaving) {
			await notify(tx, [userId], {
				type: 'membership.removed',
				params: { organisation: organisation.name },
				link: '/account'
			});
		}
		return { ok: true };
	});
}
