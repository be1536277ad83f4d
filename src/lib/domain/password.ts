import { commonPasswords } from './data/common-passwords';

export const PASSWORD_MIN_LENGTH = 10;
// argon2 hashes whatever it is given; a bound keeps one request from costing seconds.
export const PASSWORD_MAX_LENGTH = 256;
/** Bits a password must carry by the estimate below (about eight random lower-case letters and digits). */
export const PASSWORD_MIN_BITS = 40;

export type PasswordProblem = 'too_short' | 'too_long' | 'control_characters' | 'same_as_email' | 'common' | 'predictable';

const common = new Set(commonPasswords);
// C0 and C1 controls, and the bidirectional overrides and isolates that make text read in another order.
// eslint-disable-next-line no-control-regex -- control characters are what this pattern exists to find
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

/**
 * The password policy (NIST SP 800-63B): a length, no control characters, not the email, not one of
 * the most common passwords (even with digits or symbols around it), and not too regular.
 *
 * The length is bounded in UTF-16 units first, which costs nothing: counting characters
 * (graphemes) of a megabyte-long string takes minutes and would freeze the server.
 */
export function passwordProblem(password: string, email?: string): PasswordProblem | null {
	if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
	if (graphemeCount(password) < PASSWORD_MIN_LENGTH) return 'too_short';
	if (CONTROL.test(password)) return 'control_characters';
	if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) return 'same_as_email';
	if (isCommon(password)) return 'common';
	if (estimatedBits(password) < PASSWORD_MIN_BITS) return 'predictable';
	return null;
}

function graphemeCount(text: string) {
	let count = 0;
	for (const _ of new Intl.Segmenter().segment(text)) count++;
	return count;
}

/** A common password, or one with only digits and symbols around it ("Password12!", "p@ssw0rd"). */
export function isCommon(password: string): boolean {
	const lower = password.trim().toLowerCase();
	if (common.has(lower)) return true;
	const unleet = (text: string) => [...text].map((c) => LEET[c] ?? c).join('');
	const strip = (text: string) => text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
	const core = strip(lower);
	return [core, unleet(core), unleet(lower), strip(unleet(lower))].some((candidate) => candidate.length >= 4 && common.has(candidate));
}

function poolSize(password: string) {
	let pool = 0;
	if (/[a-z]/.test(password)) pool += 26;
	if (/[A-Z]/.test(password)) pool += 26;
	if (/[0-9]/.test(password)) pool += 10;
	if (/[ -/:-@[-`{-~]/.test(password)) pool += 33;
	// eslint-disable-next-line no-control-regex -- the range is all of ASCII; anything outside it widens the pool
	if (/[^\x00-\x7f]/.test(password)) pool += 100;
	return Math.max(pool, 2);
}

/**
 * A rough estimate of the bits of a password: every character is worth log2 of the alphabet it
 * draws from, except a repeat of the one before or the next in a sequence ("aaaa", "1234", "abcd"),
 * worth one bit.
 */
export function estimatedBits(password: string): number {
	const perCharacter = Math.log2(poolSize(password));
	const points = [...password].map((c) => c.codePointAt(0)!);
	let bits = 0;
	for (let i = 0; i < points.length; i++) {
		const step = i === 0 ? null : points[i] - points[i - 1];
		bits += step !== null && Math.abs(step) <= 1 ? 1 : perCharacter;
	}
	return bits;
}
