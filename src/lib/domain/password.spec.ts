import { describe, expect, it } from 'vitest';
import { estimatedBits, isCommon, passwordProblem } from './password';

describe('password policy', () => {
	it('needs ten characters at least', () => {
		expect(passwordProblem('9c4-kT-2q')).toBe('too_short');
		expect(passwordProblem('9c4-kT-2qz')).toBeNull();
	});
	it('counts characters, not bytes', () => {
		expect(passwordProblem('éàèùçôîêâë')).toBeNull();
		expect(passwordProblem('éàèùçôîêâ')).toBe('too_short');
	});
	it('refuses very long passwords', () => {
		const varied = 'Un été à Nevers, 2 vélos! '.repeat(20);
		expect(passwordProblem(varied.slice(0, 257))).toBe('too_long');
		expect(passwordProblem(varied.slice(0, 256))).toBeNull();
	});
	it('bounds the length before counting: a megabyte is refused at once', () => {
		const started = performance.now();
		expect(passwordProblem('é'.repeat(1_000_000))).toBe('too_long');
		expect(performance.now() - started).toBeLessThan(500);
	});
	it('refuses the email address as password', () => {
		expect(passwordProblem('Camille@example.org', 'camille@example.org')).toBe('same_as_email');
	});
	it('refuses control and direction-override characters', () => {
		expect(passwordProblem('\u0000'.repeat(10))).toBe('control_characters');
		expect(passwordProblem('motdepasse\u202e fort 42')).toBe('control_characters');
	});
	it('refuses the most common passwords, even dressed with digits, symbols or leet', () => {
		for (const password of ['password12', 'Password123!', 'p@ssw0rd2024', 'azertyuiop', 'Motdepasse1', '1234567890', 'jetaime2026']) {
			expect(passwordProblem(password), password).toBe('common');
		}
		expect(isCommon('entente-demo-2026')).toBe(false);
	});
	it('refuses repeats and sequences', () => {
		expect(passwordProblem('aaaaaaaaaa')).toBe('predictable');
		expect(passwordProblem('abcdefghijk')).toBe('predictable');
		expect(passwordProblem('1111122222')).toBe('predictable');
		expect(estimatedBits('correct horse battery staple')).toBeGreaterThan(100);
		expect(passwordProblem('correct horse battery staple')).toBeNull();
		expect(passwordProblem('entente-demo-2026')).toBeNull();
	});
});
