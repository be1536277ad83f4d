import type { Cookies } from '@sveltejs/kit';
import { hashSecret, hashesEqual, randomToken } from '../auth/tokens';

// Account pre-hijacking (issue #11, case 4): someone signs up with another person's address and a
// password of their own. When the owner confirms the emailed link, the account must not keep a
// password the owner does not know. So confirming needs proof that the confirmer chose the current
// password: either this cookie, set by the browser that signed up, or the password typed again.
// Someone who has the link but not the password (the real owner, in that attack) resets it instead.

const COOKIE = 'entente_signup';
const LIFETIME_S = 48 * 60 * 60;

/** What the browser that chose `passwordHash` for account `userId` holds: derived, never stored. */
export function signupProof(userId: string, passwordHash: string) {
	return hashSecret(`signup:${userId}:${passwordHash}`);
}

export function proofMatches(cookieValue: string | undefined, userId: string, passwordHash: string) {
	return Boolean(cookieValue) && hashesEqual(cookieValue!, signupProof(userId, passwordHash));
}

/**
 * After a sign-up form: the proof of a new account, or a random value of the same shape when the
 * address already had one, so the answer never tells whether it had.
 */
export function setSignupProofCookie(cookies: Cookies, url: URL, proof: string | null) {
	cookies.set(COOKIE, proof ?? hashSecret(randomToken()), {
		httpOnly: true,
		secure: !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)),
		sameSite: 'lax',
		path: '/verify-email',
		maxAge: LIFETIME_S
	});
}

export function signupProofCookie(cookies: Cookies) {
	return cookies.get(COOKIE);
}
