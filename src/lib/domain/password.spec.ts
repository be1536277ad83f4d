import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password';

describe('password policy', () => {
	it('needs ten characters at least', () => {
		expect(passwordProblem('123456789')).toBe('too_short');
		expect(passwordProblem('1234567890')).toBeNull();
	});
	it('counts characters, not bytes', () => {
		expect(passwordProblem('éééééééééé')).toBeNull();
		expect(passwordProblem('ééééééééé')).toBe('too_short');
	});
	it('refuses very long passwords', () => {
		expect(passwordProblem('a'.repeat(257))).toBe('too_long');
		expect(passwordProblem('a'.repeat(256))).toBeNull();
	});
	it('refuses the email address as password', () => {
		expect(passwordProblem('Camille@example.org', 'camille@example.org')).toBe('same_as_email');
	});
});
