import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { sessions } from '$lib/server/db/schema';
import { changePassword, findUserByEmail, requestPasswordReset, resetPassword, signIn, signUp, verifyEmail } from '$lib/server/users/accounts';
import { createSession } from '$lib/server/auth/sessions';
import { write } from '$lib/server/db';
import { createUser, noMeta, outboxFor, TEST_PASSWORD, uniqueEmail, useTestDatabase } from './support';

// Issue #11, cases 4, 5 and 7: what an attacker could do to other people's accounts without any.

useTestDatabase();

function linkToken(body: string, path: string) {
	const match = body.match(new RegExp(`https?://[^\\s/]+/${path}/([A-Za-z0-9]+)`));
	expect(match, `a /${path}/<token> link in:\n${body}`).not.toBeNull();
	return match![1];
}

const sessionsOf = (userId: string) => db().select().from(sessions).where(eq(sessions.userId, userId));
const from = (ipAddress: string) => ({ ipAddress, userAgent: null });

describe('account pre-hijacking (case 4)', () => {
	it('the owner of the address cannot confirm an account someone else signed up with; resetting makes it theirs alone', async () => {
		const victim = uniqueEmail('victim');
		const attackerPassword = 'attacker chose this one';
		await signUp({ name: 'Not the owner', email: victim, password: attackerPassword }, 'fr');
		const attackerSession = await signIn(victim, attackerPassword, from('203.0.113.66'));
		expect(attackerSession.ok).toBe(true);
		const [verifyMail] = await outboxFor(victim);
		const token = linkToken(verifyMail.textBody, 'verify-email');

		// The owner opens the emailed link in their own browser: no sign-up proof, no password.
		expect(await verifyEmail(token, from('198.51.100.1'))).toEqual({ ok: false, reason: 'password_needed' });
		expect(await verifyEmail(token, from('198.51.100.1'), { password: 'a guess of the owner' })).toEqual({ ok: false, reason: 'password_needed' });
		const user = (await findUserByEmail(victim))!;
		expect(user.emailVerifiedAt).toBeNull();

		// They choose a password of their own instead: the attacker's password and session are gone.
		await requestPasswordReset(victim, from('198.51.100.1'));
		const resetMail = (await outboxFor(victim)).at(-1)!;
		expect(await resetPassword(linkToken(resetMail.textBody, 'reset-password'), 'the owner now decides', from('198.51.100.1'))).not.toBeNull();
		expect((await signIn(victim, attackerPassword, from('203.0.113.66'))).ok).toBe(false);
		const open = await sessionsOf(user.id);
		expect(open.map((s) => s.ipAddress)).toEqual(['198.51.100.1']);
		expect((await findUserByEmail(victim))!.emailVerifiedAt).toBeInstanceOf(Date);
		// And the attacker's sign-up proof no longer confirms anything.
		expect((await verifyEmail(token, noMeta, { cookie: 'whatever' })).ok).toBe(false);
	});

	it('the person who signed up confirms with a click (or their password) and every earlier session ends', async () => {
		const email = uniqueEmail('genuine');
		const { proof } = await signUp({ name: 'Genuine', email, password: 'my own sentence here' }, 'fr');
		expect(proof).toEqual(expect.any(String));
		const user = (await findUserByEmail(email))!;
		// A session opened before the address was proven (signing in an unconfirmed account).
		await write((tx) => createSession(tx, user.id, from('203.0.113.5')));
		const token = linkToken((await outboxFor(email))[0].textBody, 'verify-email');
		const confirmed = await verifyEmail(token, from('198.51.100.2'), { cookie: proof! });
		expect(confirmed.ok).toBe(true);
		expect((await sessionsOf(user.id)).map((s) => s.ipAddress)).toEqual(['198.51.100.2']);

		const other = uniqueEmail('other-browser');
		await signUp({ name: 'Other browser', email: other, password: 'typed again later' }, 'fr');
		const otherToken = linkToken((await outboxFor(other))[0].textBody, 'verify-email');
		expect((await verifyEmail(otherToken, noMeta, { password: 'typed again later' })).ok).toBe(true);
	});

	it('a second sign-up with a taken address gives no proof that confirms it', async () => {
		const email = uniqueEmail('taken');
		await signUp({ name: 'First', email, password: 'first one chose this' }, 'fr');
		const second = await signUp({ name: 'Second', email, password: 'second one tries this' }, 'fr');
		expect(second.proof).toBeNull();
	});
});

describe('no lock-out on demand (case 5)', () => {
	it('failures from one address never keep the owner out from another, platform admin included', async () => {
		const admin = await createUser({ platformAdmin: true });
		for (let i = 0; i < 12; i++) await signIn(admin.email, `guess ${i}`, from('203.0.113.7'));
		expect(await signIn(admin.email, TEST_PASSWORD, from('203.0.113.7'))).toMatchObject({ ok: false, reason: 'throttled' });
		expect((await signIn(admin.email, TEST_PASSWORD, from('198.51.100.20'))).ok).toBe(true);
		expect((await signIn(admin.email, TEST_PASSWORD, noMeta)).ok).toBe(true);
	});

	it('failures over many accounts from one address (a proxy) do not block the others behind it', async () => {
		const proxy = from('192.0.2.200');
		for (let i = 0; i < 40; i++) await signIn(uniqueEmail('sprayed'), 'password attempt', proxy);
		const colleague = await createUser();
		expect((await signIn(colleague.email, TEST_PASSWORD, proxy)).ok).toBe(true);
	});

	it('reset requests made in the owner’s name never break the link the owner holds', async () => {
		const owner = await createUser();
		const answers = [];
		for (let i = 0; i < 6; i++) answers.push(await requestPasswordReset(owner.email, from(`203.0.113.${i}`)));
		// Mail is spaced out per address (two at once, then minutes apart)…
		const mails = await outboxFor(owner.email);
		expect(mails.length).toBeGreaterThanOrEqual(1);
		expect(mails.length).toBeLessThanOrEqual(2);
		expect(answers.filter((a) => !a.ok).length).toBe(6 - mails.length);
		// …and the first link sent still works after all those requests.
		expect(await resetPassword(linkToken(mails[0].textBody, 'reset-password'), 'owner keeps control', noMeta)).not.toBeNull();
	});
});

describe('mail floods and the current-password check (case 7)', () => {
	it('signing up 25 times with one address sends its owner two emails, not 25', async () => {
		const email = uniqueEmail('flooded');
		for (let i = 0; i < 25; i++) await signUp({ name: `Attempt ${i}`, email, password: `a sentence number ${i}` }, 'fr');
		expect((await outboxFor(email)).length).toBeLessThanOrEqual(2);
	});

	it('wrong current passwords on the account page slow down, per account and address', async () => {
		const user = await createUser();
		const meta = from('203.0.113.90');
		for (let i = 0; i < 5; i++) {
			expect(await changePassword(user, 'session', `wrong ${i}`, 'a new sentence for me', meta)).toEqual({ ok: false, reason: 'wrong_current' });
		}
		expect(await changePassword(user, 'session', TEST_PASSWORD, 'a new sentence for me', meta)).toMatchObject({ ok: false, reason: 'throttled' });
		expect(await changePassword(user, 'session', TEST_PASSWORD, 'a new sentence for me', from('198.51.100.90'))).toEqual({ ok: true });
	});
});
