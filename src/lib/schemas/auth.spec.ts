import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { changePasswordSchema, resetPasswordSchema, signInSchema, signUpSchema } from './auth';

// A megabyte-long password used to keep the server busy for minutes (the grapheme count ran before
// the length cap): every schema that reads a password must refuse it at once.
describe('password fields under a megabyte of input', () => {
	const huge = 'é'.repeat(1_000_000);
	const cases: [string, v.GenericSchema, Record<string, string>][] = [
		['sign-up', signUpSchema, { name: 'Camille', email: 'camille@example.org', password: huge }],
		['reset', resetPasswordSchema, { password: huge }],
		['change (new)', changePasswordSchema, { currentPassword: 'x', password: huge }],
		['change (current)', changePasswordSchema, { currentPassword: huge, password: 'correct horse battery staple' }],
		['sign-in', signInSchema, { email: 'camille@example.org', password: huge }]
	];
	for (const [name, schema, input] of cases) {
		it(`${name}: refused in under a second (the grapheme count took minutes)`, () => {
			const started = performance.now();
			expect(v.safeParse(schema, input).success).toBe(false);
			expect(performance.now() - started).toBeLessThan(1000);
		});
	}

	it('still says why a password is refused', () => {
		const result = v.safeParse(resetPasswordSchema, { password: 'password12' });
		expect(result.success).toBe(false);
		expect(result.issues?.[0].message).toMatch(/courants|common/);
	});
});
