import { describe, expect, it } from 'vitest';
import { checkSession, createSessionToken, parseSessionToken, SESSION_LIFETIME_MS } from './session-token';
import { hashSecret, hashesEqual } from './tokens';

describe('session tokens', () => {
	it('are "<id>.<secret>" and store only the hash of the secret', () => {
		const { id, secretHash, token } = createSessionToken();
		const parsed = parseSessionToken(token);
		expect(parsed?.id).toBe(id);
		expect(secretHash).toBe(hashSecret(parsed!.secret));
		expect(token).not.toContain(secretHash);
	});

	it('are different every time', () => {
		expect(createSessionToken().token).not.toBe(createSessionToken().token);
	});

	it('refuses malformed tokens', () => {
		expect(parseSessionToken('')).toBeNull();
		expect(parseSessionToken('abc')).toBeNull();
		expect(parseSessionToken('a.b.c')).toBeNull();
		expect(parseSessionToken(`${'a'.repeat(24)}.${'1'.repeat(24)}`)).toBeNull();
	});

	it('validates the secret, then the expiry, then renews late in life', () => {
		const { secretHash, token } = createSessionToken();
		const { secret } = parseSessionToken(token)!;
		const now = 1_000_000;
		const fresh = { secretHash, expiresAt: now + SESSION_LIFETIME_MS };
		expect(checkSession(fresh, secret, now)).toBe('valid');
		expect(checkSession(fresh, 'x'.repeat(24), now)).toBe('forged');
		expect(checkSession({ secretHash, expiresAt: now + 1000 }, secret, now)).toBe('renew');
		expect(checkSession({ secretHash, expiresAt: now }, secret, now)).toBe('expired');
	});

	it('compares hashes of equal and different lengths safely', () => {
		expect(hashesEqual('abcd', 'abcd')).toBe(true);
		expect(hashesEqual('abcd', 'abce')).toBe(false);
		expect(hashesEqual('abcd', 'abc')).toBe(false);
	});
});
