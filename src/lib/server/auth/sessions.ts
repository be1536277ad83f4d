import type { Cookies } from '@sveltejs/kit';
import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import { db, write, type Tx } from '../db';
import { builtOnce } from '../db/prepared';
import { sessions, totpCredentials, users } from '../db/schema';
import type { SessionUser } from './second-factor';
import { checkSession, createSessionToken, parseSessionToken, SESSION_COOKIE, SESSION_LIFETIME_MS } from './session-token';

export interface SessionInfo {
	id: string;
	expiresAt: Date;
	actingOrganisationId: string | null;
	secondFactorAt: Date | null;
}

export async function createSession(tx: Tx, userId: string, details: { userAgent?: string | null; ipAddress?: string | null } = {}) {
	const { id, secretHash, token } = createSessionToken();
	const now = new Date();
	const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
	await tx.insert(sessions).values({
		id,
		userId,
		secretHash,
		createdAt: now,
		lastSeenAt: now,
		expiresAt,
		userAgent: details.userAgent?.slice(0, 300) ?? null,
		ipAddress: details.ipAddress ?? null
	});
	return { id, token, expiresAt };
}

/**
 * The session and its user for a cookie's token, extending the session late in its life. `alongside`, a
 * column of the caller's about the session's user (what locals.ts adds: their memberships), is read in the
 * same statement and comes back only when the token holds. It must be one function, not made per call:
 * the query is built once for each.
 */
export async function validateSessionToken<T = null>(
	token: string,
	alongside?: (userId: typeof sessions.userId) => SQL<T>
): Promise<{ session: SessionInfo; user: SessionUser; alongside: T } | null> {
	const parsed = parseSessionToken(token);
	if (!parsed) return null;
	// Every signed-in request runs it: built once per `alongside` (one column function per caller).
	const lookup = builtOnce(alongside ?? validateSessionToken, (database) =>
		database
			.select({
				session: sessions,
				user: users,
				totpEnrolledAt: totpCredentials.enrolledAt,
				alongside: alongside ? alongside(sessions.userId) : sql<T>`null`
			})
			.from(sessions)
			.innerJoin(users, eq(users.id, sessions.userId))
			.leftJoin(totpCredentials, eq(totpCredentials.userId, users.id))
			.where(eq(sessions.id, sql.placeholder('id')))
			.prepare()
	);
	const [row] = await lookup.all({ id: parsed.id });
	if (!row) return null;
	const now = Date.now();
	const verdict = checkSession({ secretHash: row.session.secretHash, expiresAt: row.session.expiresAt.getTime() }, parsed.secret, now);
	if (verdict === 'forged') return null;
	if (verdict === 'expired') {
		await write((tx) => tx.delete(sessions).where(eq(sessions.id, parsed.id)));
		return null;
	}
	let expiresAt = row.session.expiresAt;
	if (verdict === 'renew') {
		expiresAt = new Date(now + SESSION_LIFETIME_MS);
		await write((tx) =>
			tx
				.update(sessions)
				.set({ expiresAt, lastSeenAt: new Date(now) })
				.where(eq(sessions.id, parsed.id))
		);
	}
	const { secondFactorAt } = row.session;
	return {
		session: { id: row.session.id, expiresAt, actingOrganisationId: row.session.actingOrganisationId, secondFactorAt },
		// The session's second factor travels with the person into the commands that need it.
		user: { ...row.user, secondFactor: { enrolled: row.totpEnrolledAt !== null, passedAt: secondFactorAt } },
		alongside: row.alongside
	};
}

export async function invalidateSession(tx: Tx, sessionId: string) {
	await tx.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs the user out everywhere, except in `keepSessionId` when given. */
export async function invalidateUserSessions(tx: Tx, userId: string, keepSessionId?: string) {
	await tx.delete(sessions).where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId));
}

export function listUserSessions(userId: string) {
	return db()
		.select({
			id: sessions.id,
			createdAt: sessions.createdAt,
			lastSeenAt: sessions.lastSeenAt,
			expiresAt: sessions.expiresAt,
			userAgent: sessions.userAgent,
			ipAddress: sessions.ipAddress
		})
		.from(sessions)
		.where(eq(sessions.userId, userId))
		.orderBy(sessions.createdAt);
}

export async function setActingOrganisation(tx: Tx, sessionId: string, organisationId: string | null) {
	await tx.update(sessions).set({ actingOrganisationId: organisationId }).where(eq(sessions.id, sessionId));
}

// Secure everywhere but plain-http localhost, where browsers would otherwise drop the cookie.
function isSecure(url: URL) {
	return !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date) {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		secure: isSecure(url),
		sameSite: 'lax',
		path: '/',
		expires: expiresAt
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL) {
	cookies.set(SESSION_COOKIE, '', {
		httpOnly: true,
		secure: isSecure(url),
		sameSite: 'lax',
		path: '/',
		maxAge: 0
	});
}
