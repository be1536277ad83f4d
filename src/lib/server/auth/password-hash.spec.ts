import { describe, expect, it } from 'vitest';
import { argon2Options, hashPassword, verifyPassword } from './password-hash';

describe('password hashing', () => {
	it('uses OWASP’s setting everywhere but in Vitest', () => {
		const owasp = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };
		expect(argon2Options('production')).toEqual(owasp);
		expect(argon2Options('development')).toEqual(owasp);
		expect(argon2Options(undefined)).toEqual(owasp);
		expect(argon2Options('test').memoryCost).toBeLessThan(owasp.memoryCost);
	});

	it('verifies the password hashed, and nothing else', async () => {
		const hash = await hashPassword('correct horse battery staple');
		expect(hash).toMatch(/^\$argon2id\$/);
		expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
		expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);
	});
});
