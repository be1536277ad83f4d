import { hashSecret, hashesEqual, randomToken } from './tokens';

// Lucia's session design: the token is "<id>.<secret>"; the database keeps the id and the SHA-256 of
// the secret, so a leaked database does not hand out valid tokens.

export const SESSION_COOKIE = 'entente_session';
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** A session used after half its lifetime is extended to a full lifetime again (sliding expiry). */
export const SESSION_RENEW_BEFORE_MS = SESSION_LIFETIME_MS / 2;

export interface NewSessionToken {
	id: string;
	secretHash: string;
	token: string;
}

export function createSessionToken(): NewSessionToken {
	const id = randomToken();
	const secret = randomToken();
	return { id, secretHash: hashSecret(secret), token: `${id}.${secret}` };
}

export function parseSessionToken(token: string): { id: string; secret: string } | null {
	const parts = token.split('.');
	if (parts.length !== 2) return null;
	const [id, secret] = parts;
	if (!/^[a-z2-7]{24}$/.test(id) || !/^[a-z2-7]{24}$/.test(secret)) return null;
	return { id, secret };
}

export type SessionCheck = 'valid' | 'renew' | 'expired' | 'forged';

/** What to do with a stored session for the secret presented, at time `now`. */
export function checkSession(stored: { secretHash: string; expiresAt: number }, secret: string, now: number): SessionCheck {
	if (!hashesEqual(stored.secretHash, hashSecret(secret))) return 'forged';
	if (stored.expiresAt <= now) return 'expired';
	if (stored.expiresAt - now < SESSION_RENEW_BEFORE_MS) return 'renew';
	return 'valid';
}
