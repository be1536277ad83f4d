import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, gt } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { auditEvents, invitations, memberships, notifications, organisations, outbox, type User } from '$lib/server/db/schema';
import { claimCity, reviewOrganisation } from '$lib/server/organisations/commands';
import { acceptInvitation, changeRole, inviteMember, removeMember } from '$lib/server/organisations/members';
import { createUser, proven, insertSomeCommunes, reloadUser, testEvidence, uniqueEmail, useTestDatabase } from './support';

useTestDatabase();

let admin: User;
let claimant: User;

beforeAll(async () => {
	await insertSomeCommunes();
	admin = await createUser({ platformAdmin: true, name: 'Alice Admin' });
	claimant = await createUser({ name: 'Léa Durand' });
});

async function lastAuditId() {
	const rows = await db().select({ id: auditEvents.id }).from(auditEvents);
	return rows.reduce((max, r) => Math.max(max, r.id), 0);
}

/** Runs `work` and returns it with the audit events it wrote. */
async function audited<T>(work: () => Promise<T>) {
	const before = await lastAuditId();
	const result = await work();
	const events = await db().select().from(auditEvents).where(gt(auditEvents.id, before));
	return { result, events };
}

async function organisationById(id: string) {
	return (await db().query.organisations.findFirst({ where: eq(organisations.id, id) }))!;
}

async function organisationBySlug(slug: string) {
	return (await db().query.organisations.findFirst({ where: eq(organisations.slug, slug) }))!;
}

async function roleOf(organisationId: string, userId: string) {
	const [row] = await db()
		.select()
		.from(memberships)
		.where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
	return row?.role ?? null;
}

async function notificationsOf(userId: string, type: string) {
	return db()
		.select()
		.from(notifications)
		.where(and(eq(notifications.userId, userId), eq(notifications.type, type)));
}

/** A verified city with `owner` as its only admin. */
async function verifiedCity(owner: User, inseeCode: string) {
	const claim = await claimCity(owner, inseeCode, testEvidence());
	if (!claim.ok) throw new Error(`claim refused: ${claim.code}`);
	const organisation = await organisationBySlug(claim.slug);
	const { result: review, events } = await audited(() => reviewOrganisation(proven(admin), organisation.id, { verdict: 'verified' }));
	expect(review).toEqual({ ok: true });
	expect(events.map((e) => [e.action, e.objectId, e.actorUserId])).toEqual([['organisation.verified', organisation.id, admin.id]]);
	expect(await notificationsOf(owner.id, 'organisation.verified')).toHaveLength(1);
	return organisation;
}

async function invitationToken(email: string) {
	const [mail] = (await db().select().from(outbox).where(eq(outbox.recipient, email))).filter((x) => x.textBody.includes('/invitations/'));
	expect(mail, `an invitation email to ${email}`).toBeDefined();
	return mail.textBody.match(/\/invitations\/([A-Za-z0-9]+)/)![1];
}

describe('claiming a city', () => {
	it('requires a confirmed email address', async () => {
		const unverified = await createUser({ verified: false });
		const { result, events } = await audited(() => claimCity(unverified, '62119'));
		expect(result).toEqual({ ok: false, code: 'email_unverified' });
		expect(events).toEqual([]);
		expect(await db().select().from(organisations).where(eq(organisations.inseeCode, '62119'))).toEqual([]);
	});

	it('refuses an unknown INSEE code', async () => {
		const { result, events } = await audited(() => claimCity(claimant, '99999'));
		expect(result).toEqual({ ok: false, code: 'unknown_commune' });
		expect(events).toEqual([]);
		expect(await db().select().from(organisations).where(eq(organisations.inseeCode, '99999'))).toEqual([]);
	});

	it('creates an unverified organisation with its claimant as admin, and tells the platform admins', async () => {
		const { result, events } = await audited(() => claimCity(claimant, '62119'));
		expect(result).toEqual({ ok: true, slug: 'bethune' });
		const organisation = await organisationBySlug('bethune');
		expect(organisation).toMatchObject({
			kind: 'city',
			name: 'Béthune',
			inseeCode: '62119',
			siren: '216201192',
			verificationStatus: 'unverified',
			createdBy: claimant.id
		});
		expect(await roleOf(organisation.id, claimant.id)).toBe('admin');
		expect(events.map((e) => [e.action, e.objectId, e.actorUserId])).toEqual([['organisation.created', organisation.id, claimant.id]]);
		const claimed = await notificationsOf(admin.id, 'organisation.claimed');
		expect(claimed).toHaveLength(1);
		expect(claimed[0].params).toEqual({ organisation: 'Béthune' });
	});

	it('refuses a second live claim for the same commune', async () => {
		const rival = await createUser();
		const { result, events } = await audited(() => claimCity(rival, '62119'));
		expect(result).toEqual({ ok: false, code: 'already_claimed' });
		expect(events).toEqual([]);
		expect(await db().select().from(organisations).where(eq(organisations.inseeCode, '62119'))).toHaveLength(1);
	});

	it('accepts only one of two simultaneous claims for the same commune', async () => {
		const [a, b] = await Promise.all([createUser(), createUser()]);
		const results = await Promise.all([claimCity(a, '58194'), claimCity(b, '58194')]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: 'already_claimed' }]);
		expect(await db().select().from(organisations).where(eq(organisations.inseeCode, '58194'))).toHaveLength(1);
	});
});

describe('reviewing a claim', () => {
	it('is reserved to platform admins', async () => {
		const organisation = await organisationBySlug('bethune');
		const { result, events } = await audited(() => reviewOrganisation(proven(claimant), organisation.id, { verdict: 'verified' }));
		expect(result).toEqual({ ok: false, code: 'forbidden' });
		expect(events).toEqual([]);
		expect((await organisationById(organisation.id)).verificationStatus).toBe('unverified');
	});

	it('stores the reason of a rejection and tells the claimant', async () => {
		const organisation = await organisationBySlug('bethune');
		const { result, events } = await audited(() =>
			reviewOrganisation(proven(admin), organisation.id, { verdict: 'rejected', reason: '  Pas de délibération jointe.  ' })
		);
		expect(result).toEqual({ ok: true });
		const after = await organisationById(organisation.id);
		expect(after.verificationStatus).toBe('rejected');
		expect(after.rejectionReason).toBe('Pas de délibération jointe.');
		expect(after.reviewedBy).toBe(admin.id);
		expect(events.map((e) => [e.action, e.objectId, e.actorUserId])).toEqual([['organisation.rejected', organisation.id, admin.id]]);
		expect(events[0].details).toEqual({ reason: 'Pas de délibération jointe.' });

		const told = await notificationsOf(claimant.id, 'organisation.rejected');
		expect(told).toHaveLength(1);
		expect(told[0].params).toEqual({ organisation: 'Béthune', reason: 'Pas de délibération jointe.' });
		// The claimant chose immediate emails (the default): the reason reaches the mailbox too.
		const mails = await db().select().from(outbox).where(eq(outbox.recipient, claimant.email));
		expect(mails.some((x) => x.textBody.includes('Pas de délibération jointe.'))).toBe(true);

		// Reviewed once only.
		expect(await reviewOrganisation(proven(admin), organisation.id, { verdict: 'verified' })).toEqual({
			ok: false,
			code: 'already_reviewed'
		});
		expect((await organisationById(organisation.id)).verificationStatus).toBe('rejected');
	});

	it('lets the commune be claimed again after a rejection', async () => {
		const newcomer = await createUser();
		const { result } = await audited(() => claimCity(newcomer, '62119'));
		expect(result).toEqual({ ok: true, slug: 'bethune-2' });
		expect(await claimCity(claimant, '62119')).toEqual({ ok: false, code: 'already_claimed' });
	});
});

describe('members and invitations', () => {
	it('cannot invite into an unverified organisation', async () => {
		const owner = await createUser();
		const claim = await claimCity(owner, '60057');
		expect(claim.ok).toBe(true);
		const organisation = await organisationBySlug('beauvais');
		const email = uniqueEmail('invitee');
		const { result, events } = await audited(() => inviteMember(owner, organisation.id, { email, role: 'member' }, 'fr'));
		expect(result).toEqual({ ok: false, code: 'organisation_unverified' });
		expect(events).toEqual([]);
		expect(await db().select().from(outbox).where(eq(outbox.recipient, email))).toEqual([]);
	});

	it('runs the whole life of a membership, keeping an admin at all times', async () => {
		const owner = await createUser({ name: 'Owner' });
		// The commune was claimed and rejected above; a new claim is verified here.
		const newcomer = (await organisationBySlug('bethune-2'))!;
		await reviewOrganisation(proven(admin), newcomer.id, { verdict: 'rejected', reason: 'Doublon' });
		const organisation = await verifiedCity(owner, '62119');
		expect((await organisationById(organisation.id)).verificationStatus).toBe('verified');

		const invitee = await createUser({ name: 'Invitee', verified: false });
		const stranger = await createUser({ name: 'Stranger' });

		// Only an admin of the organisation may invite.
		const refused = await audited(() => inviteMember(stranger, organisation.id, { email: invitee.email, role: 'member' }, 'fr'));
		expect(refused.result).toEqual({ ok: false, code: 'forbidden' });
		expect(refused.events).toEqual([]);
		expect(await db().select().from(invitations).where(eq(invitations.organisationId, organisation.id))).toEqual([]);

		const invited = await audited(() => inviteMember(owner, organisation.id, { email: `  ${invitee.email.toUpperCase()} `, role: 'member' }, 'fr'));
		expect(invited.result).toEqual({ ok: true });
		expect(invited.events.map((e) => [e.action, e.actorUserId, e.actingOrganisationId])).toEqual([['membership.invited', owner.id, organisation.id]]);
		const token = await invitationToken(invitee.email);

		// Someone else signed in cannot use the link.
		const wrong = await audited(() => acceptInvitation(stranger, token));
		expect(wrong.result).toEqual({ ok: false, code: 'wrong_account' });
		expect(wrong.events).toEqual([]);
		expect(await roleOf(organisation.id, stranger.id)).toBeNull();

		const accepted = await audited(() => acceptInvitation(invitee, token));
		expect(accepted.result).toEqual({ ok: true, slug: organisation.slug });
		expect(await roleOf(organisation.id, invitee.id)).toBe('member');
		expect(accepted.events.map((e) => e.action)).toEqual(['membership.joined']);
		expect((await reloadUser(invitee.id)).emailVerifiedAt).toBeInstanceOf(Date);
		expect(await notificationsOf(owner.id, 'membership.joined')).toHaveLength(1);
		// The link works once.
		expect(await acceptInvitation(invitee, token)).toEqual({ ok: false, code: 'invalid_invitation' });

		// A plain member may not invite.
		expect(await inviteMember(invitee, organisation.id, { email: uniqueEmail(), role: 'member' }, 'fr')).toEqual({
			ok: false,
			code: 'forbidden'
		});

		// The only admin can be neither demoted nor removed, nor leave.
		for (const attempt of [
			() => changeRole(owner, organisation.id, owner.id, 'signatory'),
			() => changeRole(owner, organisation.id, owner.id, 'member'),
			() => removeMember(owner, organisation.id, owner.id)
		]) {
			const { result, events } = await audited(attempt);
			expect(result).toEqual({ ok: false, code: 'last_admin' });
			expect(events).toEqual([]);
		}
		expect(await roleOf(organisation.id, owner.id)).toBe('admin');

		// A member cannot change roles or remove others.
		expect(await changeRole(invitee, organisation.id, invitee.id, 'admin')).toEqual({ ok: false, code: 'forbidden' });
		expect(await removeMember(invitee, organisation.id, owner.id)).toEqual({ ok: false, code: 'forbidden' });
		expect(await roleOf(organisation.id, owner.id)).toBe('admin');

		// Promote the invitee: now the owner may step down.
		const promoted = await audited(() => changeRole(owner, organisation.id, invitee.id, 'admin'));
		expect(promoted.result).toEqual({ ok: true });
		expect(promoted.events.map((e) => [e.action, e.objectId, e.details])).toEqual([['membership.role_changed', invitee.id, { from: 'member', to: 'admin' }]]);
		expect(await notificationsOf(invitee.id, 'membership.role_changed')).toHaveLength(1);

		const left = await audited(() => removeMember(owner, organisation.id, owner.id));
		expect(left.result).toEqual({ ok: true });
		expect(left.events.map((e) => [e.action, e.objectId])).toEqual([['membership.left', owner.id]]);
		expect(await roleOf(organisation.id, owner.id)).toBeNull();

		// The invitee is now the last admin in turn.
		expect(await changeRole(invitee, organisation.id, invitee.id, 'member')).toEqual({ ok: false, code: 'last_admin' });
		expect(await removeMember(invitee, organisation.id, invitee.id)).toEqual({ ok: false, code: 'last_admin' });

		// An admin removing someone else: audited, and the person is told.
		const thirdEmail = uniqueEmail('third');
		const third = await createUser({ email: thirdEmail });
		await inviteMember(invitee, organisation.id, { email: thirdEmail, role: 'signatory' }, 'fr', testEvidence('Adjointe aux finances'));
		expect(await acceptInvitation(third, await invitationToken(thirdEmail))).toMatchObject({ ok: true });
		expect(await roleOf(organisation.id, third.id)).toBe('signatory');
		const removed = await audited(() => removeMember(invitee, organisation.id, third.id));
		expect(removed.result).toEqual({ ok: true });
		expect(removed.events.map((e) => [e.action, e.objectId, e.actorUserId])).toEqual([['membership.removed', third.id, invitee.id]]);
		expect(await roleOf(organisation.id, third.id)).toBeNull();
		expect(await notificationsOf(third.id, 'membership.removed')).toHaveLength(1);
	});
});
