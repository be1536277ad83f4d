import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { db, write } from '$lib/server/db';
import { auditEvents, sessions, userTokens, users } from '$lib/server/db/schema';
import { findUserByEmail, requestPasswordReset, resetPassword, resetTokenIsLive, signIn, signUp, verifyEmail } from '$lib/server/users/accounts';
import * as m from '$lib/paraglide/messages';
import { countRows, createUser, noMeta, outboxFor, TEST_PASSWORD, uniqueEmail, useTestDatabase } from './support';

useTestDatabase();

function linkToken(body: string, path: string) {
	const match = body.match(new RegExp(`https?://[^\\s/]+/${path}/([A-Za-z0-9]+)`));
	expect(match, `a /${path}/<token> link in:\n${body}`).not.toBeNull();
	return match![1];
}

async function sessionsOf(userId: string) {
	return db().select().from(sessions).where(eq(sessions.userId, userId));
}

async function auditActions(userId: string) {
	const rows = await db().select().from(auditEvents).where(eq(auditEvents.objectId, userId));
	return rows.map((r) => r.action);
}

describe('sign-up and email verification', () => {
	it('creates an unverified account and emails a single-use verification link', async () => {
		const usersBefore = await countRows('users');
		const { proof } = await signUp({ name: '  Camille Martin ', email: ' Camille.Martin@Example.FR ', password: 'a long enough password' }, 'fr');

		const user = await findUserByEmail('camille.martin@example.fr');
		expect(user).toBeDefined();
		expect(user!.email).toBe('camille.martin@example.fr');
		expect(user!.name).toBe('Camille Martin');
		expect(user!.emailVerifiedAt).toBeNull();
		expect(user!.passwordHash).not.toContain('a long enough password');
		expect(await countRows('users')).toBe(usersBefore + 1);
		expect(await auditActions(user!.id)).toContain('user.signed_up');

		const mails = await outboxFor('camille.martin@example.fr');
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toBe(m.mail_verify_subject({}, { locale: 'fr' }));
		const token = linkToken(mails[0].textBody, 'verify-email');

		// Confirmed from the browser that signed up (it holds the sign-up proof).
		const session = await verifyEmail(token, { ipAddress: '203.0.113.9', userAgent: 'vitest' }, { cookie: proof! });
		if (!session.ok) throw new Error(session.reason);
		expect(session.token).toEqual(expect.any(String));
		expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now());
		const verified = await findUserByEmail('camille.martin@example.fr');
		expect(verified!.emailVerifiedAt).toBeInstanceOf(Date);
		const open = await sessionsOf(user!.id);
		expect(open).toHaveLength(1);
		expect(open[0].ipAddress).toBe('203.0.113.9');
		expect(await auditActions(user!.id)).toContain('user.email_verified');

		// The link works once.
		expect(await verifyEmail(token, noMeta, { cookie: proof! })).toEqual({ ok: false, reason: 'invalid_link' });
		expect(await sessionsOf(user!.id)).toHaveLength(1);
		expect(await verifyEmail('not-a-real-token', noMeta)).toEqual({ ok: false, reason: 'invalid_link' });
	});

	it('does not create a second account for a known address and emails its owner instead', async () => {
		const email = uniqueEmail('twice');
		await signUp({ name: 'First', email, password: 'first password 123' }, 'fr');
		const original = (await findUserByEmail(email))!;
		const usersBefore = await countRows('users');

		await signUp({ name: 'Second', email: email.toUpperCase(), password: 'second password 456' }, 'en');

		expect(await countRows('users')).toBe(usersBefore);
		const after = (await findUserByEmail(email))!;
		expect(after).toEqual(original);
		const mails = await outboxFor(email);
		expect(mails.map((x) => x.subject)).toEqual([
			m.mail_verify_subject({}, { locale: 'fr' }),
			// In the account's own language, not the one of the second attempt.
			m.mail_signup_exists_subject({}, { locale: 'fr' })
		]);
		expect(mails[1].textBody).not.toMatch(/verify-email/);
		expect(mails[1].textBody).toMatch(/\/reset-password/);
		// Signing in still takes the original password only.
		expect((await signIn(email, 'second password 456', noMeta)).ok).toBe(false);
		expect((await signIn(email, 'first password 123', noMeta)).ok).toBe(true);
	});
});

describe('sign-in', () => {
	it('refuses a wrong password or an unknown address', async () => {
		const user = await createUser();
		expect(await signIn(user.email, 'wrong password', noMeta)).toEqual({ ok: false, reason: 'invalid' });
		expect(await signIn(uniqueEmail('nobody'), TEST_PASSWORD, noMeta)).toEqual({ ok: false, reason: 'invalid' });
		expect(await sessionsOf(user.id)).toEqual([]);

		const result = await signIn(user.email.toUpperCase(), TEST_PASSWORD, noMeta);
		expect(result.ok).toBe(true);
		expect(await sessionsOf(user.id)).toHaveLength(1);
	});

	it('slows down an account guessed from one address after five failures, even for the right password there', async () => {
		const user = await createUser();
		const other = await createUser();
		const meta = { ipAddress: '198.51.100.7', userAgent: null };
		for (let i = 1; i <= 5; i++) {
			expect(await signIn(user.email, `wrong ${i}`, meta)).toEqual({ ok: false, reason: 'invalid' });
		}
		const slowed = await signIn(user.email, TEST_PASSWORD, meta);
		expect(slowed).toMatchObject({ ok: false, reason: 'throttled' });
		if (!slowed.ok && slowed.reason === 'throttled') {
			// The first wait is short; it doubles with each further failure (src/lib/domain/throttle.ts).
			expect(slowed.retryAfterMs).toBeGreaterThan(0);
			expect(slowed.retryAfterMs).toBeLessThanOrEqual(2000);
		}
		expect(await sessionsOf(user.id)).toEqual([]);
		// Another account from the same address is not affected.
		expect((await signIn(other.email, TEST_PASSWORD, meta)).ok).toBe(true);
	});

	it('holds the limit against a burst of parallel guesses from one address', async () => {
		const user = await createUser();
		const meta = { ipAddress: '192.0.2.1', userAgent: null };
		const results = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(user.email, `guess ${i}`, meta)));
		expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(5);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(15);
		expect((await signIn(user.email, TEST_PASSWORD, meta)).ok).toBe(false);
	});

	it('forgets earlier failures after a successful sign-in', async () => {
		const user = await createUser();
		for (let i = 0; i < 4; i++) await signIn(user.email, 'wrong', noMeta);
		expect((await signIn(user.email, TEST_PASSWORD, noMeta)).ok).toBe(true);
		for (let i = 0; i < 4; i++) await signIn(user.email, 'wrong', noMeta);
		expect((await signIn(user.email, TEST_PASSWORD, noMeta)).ok).toBe(true);
	});
});

describe('password reset', () => {
	it('answers the same for an unknown address and queues no mail', async () => {
		const before = await countRows('outbox');
		const email = uniqueEmail('unknown');
		expect(await requestPasswordReset(email, noMeta)).toEqual({ ok: true });
		expect(await outboxFor(email)).toEqual([]);
		expect(await countRows('outbox')).toBe(before);
	});

	it('sets a new password once, and signs out every existing session', async () => {
		const user = await createUser({ verified: false });
		const first = await signIn(user.email, TEST_PASSWORD, noMeta);
		const second = await signIn(user.email, TEST_PASSWORD, noMeta);
		expect(first.ok && second.ok).toBe(true);
		expect(await sessionsOf(user.id)).toHaveLength(2);

		expect(await requestPasswordReset(user.email, noMeta)).toEqual({ ok: true });
		const mails = await outboxFor(user.email);
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toBe(m.mail_reset_subject({}, { locale: 'fr' }));
		const token = linkToken(mails[0].textBody, 'reset-password');
		expect(await resetTokenIsLive(token)).toBe(true);

		const session = await resetPassword(token, 'a brand new password', noMeta);
		expect(session).not.toBeNull();
		const left = await sessionsOf(user.id);
		expect(left.map((s) => s.id)).toEqual([session!.id]);

		expect(await signIn(user.email, TEST_PASSWORD, noMeta)).toEqual({ ok: false, reason: 'invalid' });
		expect((await signIn(user.email, 'a brand new password', noMeta)).ok).toBe(true);
		// The link proved the mailbox.
		expect((await findUserByEmail(user.email))!.emailVerifiedAt).toBeInstanceOf(Date);
		expect(await auditActions(user.id)).toEqual(expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']));

		// The link works once.
		expect(await resetTokenIsLive(token)).toBe(false);
		expect(await resetPassword(token, 'yet another password', noMeta)).toBeNull();
		expect((await signIn(user.email, 'a brand new password', noMeta)).ok).toBe(true);
	});

	it('refuses an expired link and leaves the password unchanged', async () => {
		const user = await createUser();
		await requestPasswordReset(user.email, noMeta);
		const [mail] = await outboxFor(user.email);
		const token = linkToken(mail.textBody, 'reset-password');

		await write((tx) =>
			tx
				.update(userTokens)
				.set({ expiresAt: new Date(Date.now() - 1000) })
				.where(and(eq(userTokens.userId, user.id), eq(userTokens.purpose, 'reset_password')))
		);

		expect(await resetTokenIsLive(token)).toBe(false);
		expect(await resetPassword(token, 'should not be set', noMeta)).toBeNull();
		const [row] = await db().select().from(users).where(eq(users.id, user.id));
		expect(row.passwordHash).toBe(user.passwordHash);
		expect((await signIn(user.email, TEST_PASSWORD, noMeta)).ok).toBe(true);
	});

	it('every link sent works until one of them is used', async () => {
		const user = await createUser();
		await requestPasswordReset(user.email, noMeta);
		await new Promise((resolve) => setTimeout(resolve, 5)); // distinct creation times, for the order
		await requestPasswordReset(user.email, noMeta);
		const mails = await outboxFor(user.email);
		expect(mails).toHaveLength(2);
		const [older, newer] = mails.map((x) => linkToken(x.textBody, 'reset-password'));
		expect(await resetTokenIsLive(newer)).toBe(true);
		expect(await resetPassword(older, 'from the old link', noMeta)).not.toBeNull();
		expect(await resetPassword(newer, 'from the new link', noMeta)).toBeNull();
	});
});
