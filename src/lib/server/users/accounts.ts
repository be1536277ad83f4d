import { eq } from 'drizzle-orm';
import { db, write } from '../db';
import { users, type NotificationDelivery, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { newId } from '../auth/tokens';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../auth/password-hash';
import { createSession, invalidateUserSessions } from '../auth/sessions';
import { throttleCheck, throttleFailure, throttleReset, type ThrottleKey } from '../auth/throttle-store';
import { throttleRules } from '../../domain/throttle';
import { PASSWORD_MAX_LENGTH } from '../../domain/password';
import { enqueueMail } from '../mail/outbox';
import { config } from '../config';
import { consumeToken, consumeUserTokens, findLiveToken, issueUserToken } from './tokens';
import { proofMatches, signupProof } from './signup-proof';
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import type { RequestMeta } from '../http/request-meta';

export function normaliseEmail(email: string) {
	return email.trim().toLowerCase();
}

function link(path: string) {
	return new URL(path, config().origin).toString();
}

export function findUserByEmail(email: string) {
	return db().query.users.findFirst({ where: eq(users.email, normaliseEmail(email)) });
}

/**
 * Registers an account and emails a confirmation link. When the address already has an account the
 * answer is the same and that account's owner gets an email instead, so nobody learns who is registered;
 * those emails are spaced out per address, so signing up again and again cannot flood a mailbox.
 * Returns the sign-up proof for the browser (null when the address was taken): see signup-proof.ts.
 */
export function signUp(input: { name: string; email: string; password: string }, locale: Locale): Promise<{ proof: string | null }> {
	const email = normaliseEmail(input.email);
	return oneAtATime(`mail:${email}`, () => registerOrTellOwner(input, email, locale));
}

async function registerOrTellOwner(input: { name: string; email: string; password: string }, email: string, locale: Locale) {
	const passwordHash = await hashPassword(input.password);
	const mailKey = [{ key: `mail:${email}`, rule: throttleRules.mailToAddress }];
	const mailAllowed = (await throttleCheck(mailKey)).allowed;
	const created = await write(async (tx) => {
		const [existing] = await tx.select().from(users).where(eq(users.email, email));
		if (existing) {
			if (!mailAllowed) return null;
			const userLocale = existing.locale as Locale;
			await enqueueMail(tx, {
				to: email,
				subject: m.mail_signup_exists_subject({}, { locale: userLocale }),
				text: m.mail_signup_exists_body({ signin: link('/login'), reset: link('/reset-password') }, { locale: userLocale })
			});
			return null;
		}
		const id = newId();
		await tx.insert(users).values({ id, email, name: input.name.trim(), passwordHash, locale, createdAt: new Date() });
		await audit(tx, { userId: id, organisationId: null }, 'user.signed_up', { type: 'user', id });
		// A new account always gets its one confirmation email: the only way in.
		const token = await issueUserToken(tx, id, 'verify_email');
		await enqueueMail(tx, {
			to: email,
			subject: m.mail_verify_subject({}, { locale }),
			text: m.mail_verify_body({ name: input.name.trim(), link: link(`/verify-email/${token}`) }, { locale })
		});
		return { id, passwordHash };
	});
	await throttleFailure(mailKey);
	return { proof: created ? signupProof(created.id, created.passwordHash) : null };
}

export async function resendVerification(user: User) {
	if (user.emailVerifiedAt) return;
	const locale = user.locale as Locale;
	await write(async (tx) => {
		const token = await issueUserToken(tx, user.id, 'verify_email');
		await enqueueMail(tx, {
			to: user.email,
			subject: m.mail_verify_subject({}, { locale }),
			text: m.mail_verify_body({ name: user.name, link: link(`/verify-email/${token}`) }, { locale })
		});
	});
}

export type VerifyResult = { ok: true; token: string; expiresAt: Date } | { ok: false; reason: 'invalid_link' | 'password_needed' };

/**
 * Whether confirming `token` needs the password typed: it does unless `proofCookie` shows this
 * browser chose the account's current password. Undefined when the link is not valid.
 */
export async function verificationNeedsPassword(token: string, proofCookie: string | undefined) {
	const row = await findLiveToken(db(), token, 'verify_email');
	if (!row) return undefined;
	const user = await db().query.users.findFirst({ where: eq(users.id, row.userId) });
	return !user || !proofMatches(proofCookie, user.id, user.passwordHash);
}

/**
 * Confirms the address behind `token`, ends every session the account had (opened before its address
 * was proven), and opens a new one. Only for the person who chose the password (signup-proof.ts):
 * anyone else holding the link is asked for it, and resets it if they never chose it.
 */
export async function verifyEmail(token: string, meta: RequestMeta, proof: { cookie?: string; password?: string } = {}): Promise<VerifyResult> {
	const row = await findLiveToken(db(), token, 'verify_email');
	const user = row && (await db().query.users.findFirst({ where: eq(users.id, row.userId) }));
	if (!row || !user) return { ok: false, reason: 'invalid_link' };
	const proven =
		proofMatches(proof.cookie, user.id, user.passwordHash) ||
		(proof.password !== undefined && proof.password.length <= PASSWORD_MAX_LENGTH && (await verifyPassword(user.passwordHash, proof.password)));
	if (!proven) return { ok: false, reason: 'password_needed' };
	const session = await write(async (tx) => {
		const live = await findLiveToken(tx, token, 'verify_email');
		const [current] = await tx.select().from(users).where(eq(users.id, user.id));
		// The password changed in between (a reset): what was proven is no longer the account's.
		if (!live || current?.passwordHash !== user.passwordHash) return null;
		await consumeToken(tx, live.id);
		await tx.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
		await invalidateUserSessions(tx, user.id);
		await audit(tx, { userId: user.id, organisationId: null }, 'user.email_verified', { type: 'user', id: user.id });
		return createSession(tx, user.id, meta);
	});
	return session ? { ok: true, token: session.token, expiresAt: session.expiresAt } : { ok: false, reason: 'invalid_link' };
}

/**
 * Failures count per account AND address: whoever guesses from one place waits longer and longer,
 * while the owner signing in from elsewhere (and everyone else behind the same proxy) does not wait.
 */
function signInKeys(email: string, ip: string | null): ThrottleKey[] {
	return [{ key: `signin:pair:${email}|${ip ?? 'unknown'}`, rule: throttleRules.signInPair }];
}

export type SignInResult =
	{ ok: true; token: string; expiresAt: Date; user: User } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterMs: number };

// Attempts on one account (sign-in, reset requests) run one after another: otherwise a burst of parallel guesses all pass the
// throttle check before the first failure is recorded, and the limit of five does not hold.
const attemptQueues = new Map<string, Promise<unknown>>();

function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
	const run = (attemptQueues.get(key) ?? Promise.resolve()).then(work, work);
	const settled = run.catch(() => undefined);
	attemptQueues.set(key, settled);
	void settled.then(() => {
		if (attemptQueues.get(key) === settled) attemptQueues.delete(key);
	});
	return run;
}

export function signIn(emailInput: string, password: string, meta: RequestMeta): Promise<SignInResult> {
	const email = normaliseEmail(emailInput);
	return oneAtATime(email, () => attemptSignIn(email, password, meta));
}

async function attemptSignIn(email: string, password: string, meta: RequestMeta): Promise<SignInResult> {
	const keys = signInKeys(email, meta.ipAddress);
	const gate = await throttleCheck(keys);
	if (!gate.allowed) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs };

	const user = await findUserByEmail(email);
	const valid = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
	if (!user || !valid) {
		await throttleFailure(keys);
		return { ok: false, reason: 'invalid' };
	}
	await throttleReset(keys);
	const session = await write(async (tx) => {
		await audit(tx, { userId: user.id, organisationId: null }, 'user.signed_in', { type: 'user', id: user.id });
		return createSession(tx, user.id, meta);
	});
	return { ok: true, token: session.token, expiresAt: session.expiresAt, user };
}

export type ResetRequestResult = { ok: true } | { ok: false; retryAfterMs: number };

/** Emails a reset link when the address has an account; the answer is the same either way. */
export function requestPasswordReset(emailInput: string, meta: RequestMeta): Promise<ResetRequestResult> {
	const email = normaliseEmail(emailInput);
	return oneAtATime(`mail:${email}`, () => sendResetLink(email, meta));
}

// Spaced out per address, never blocked per IP address; and every link sent stays valid until it
// expires or one is used, so asking again (or someone asking in the owner's name) never breaks the
// link the owner already holds.
async function sendResetLink(email: string, meta: RequestMeta): Promise<ResetRequestResult> {
	const keys: ThrottleKey[] = [{ key: `mail:${email}`, rule: throttleRules.mailToAddress }];
	const gate = await throttleCheck(keys);
	if (!gate.allowed) return { ok: false, retryAfterMs: gate.retryAfterMs };
	await throttleFailure(keys);

	await write(async (tx) => {
		const [user] = await tx.select().from(users).where(eq(users.email, email));
		if (!user) return;
		const locale = user.locale as Locale;
		const token = await issueUserToken(tx, user.id, 'reset_password');
		await enqueueMail(tx, {
			to: user.email,
			subject: m.mail_reset_subject({}, { locale }),
			text: m.mail_reset_body({ name: user.name, link: link(`/reset-password/${token}`) }, { locale })
		});
		await audit(
			tx,
			{ userId: user.id, organisationId: null },
			'user.password_reset_requested',
			{
				type: 'user',
				id: user.id
			},
			{ ipAddress: meta.ipAddress }
		);
	});
	return { ok: true };
}

export async function resetTokenIsLive(token: string) {
	return Boolean(await findLiveToken(db(), token, 'reset_password'));
}

/** Sets a new password from a reset link, signs out everywhere, and opens a new session. */
export async function resetPassword(token: string, password: string, meta: RequestMeta) {
	const passwordHash = await hashPassword(password);
	return write(async (tx) => {
		const row = await findLiveToken(tx, token, 'reset_password');
		if (!row) return null;
		await consumeUserTokens(tx, row.userId, 'reset_password');
		// Receiving the link proves the mailbox, so the address counts as confirmed too.
		const [user] = await tx.select().from(users).where(eq(users.id, row.userId));
		await tx
			.update(users)
			.set({ passwordHash, emailVerifiedAt: user?.emailVerifiedAt ?? new Date() })
			.where(eq(users.id, row.userId));
		await invalidateUserSessions(tx, row.userId);
		await audit(tx, { userId: row.userId, organisationId: null }, 'user.password_reset', {
			type: 'user',
			id: row.userId
		});
		return createSession(tx, row.userId, meta);
	});
}

export async function changeName(userId: string, name: string) {
	await write(async (tx) => {
		await tx.update(users).set({ name: name.trim() }).where(eq(users.id, userId));
		await audit(tx, { userId, organisationId: null }, 'user.name_changed', { type: 'user', id: userId }, { name });
	});
}

export type ChangePasswordResult = { ok: true } | { ok: false; reason: 'wrong_current' } | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * Changes the password when the current one is right, and signs out every other session. Wrong
 * current passwords slow down like sign-in failures (per account and address): a stolen session
 * cannot be used to guess the password.
 */
export function changePassword(user: User, sessionId: string, current: string, next: string, meta: RequestMeta): Promise<ChangePasswordResult> {
	return oneAtATime(`password:${user.id}`, async () => {
		const keys = [{ key: `password:pair:${user.id}|${meta.ipAddress ?? 'unknown'}`, rule: throttleRules.currentPasswordPair }];
		const gate = await throttleCheck(keys);
		if (!gate.allowed) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs };
		if (!(await verifyPassword(user.passwordHash, current))) {
			await throttleFailure(keys);
			return { ok: false, reason: 'wrong_current' };
		}
		await throttleReset(keys);
		const passwordHash = await hashPassword(next);
		await write(async (tx) => {
			await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
			await invalidateUserSessions(tx, user.id, sessionId);
			await audit(tx, { userId: user.id, organisationId: null }, 'user.password_changed', { type: 'user', id: user.id });
		});
		return { ok: true };
	});
}

export async function setPreferences(userId: string, preferences: { notificationDelivery?: NotificationDelivery; locale?: Locale }) {
	await write((tx) => tx.update(users).set(preferences).where(eq(users.id, userId)));
}
