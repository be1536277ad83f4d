import { describe, expect, it } from 'vitest';
import { isId, isSlug, isToken } from './ids';
import { slugify } from './text';

describe('ids', () => {
	it('takes the ids the platform gives out and nothing else', () => {
		expect(isId('abcdefghijklmnopqrstuvwx')).toBe(true);
		expect(isId('abc234xyz7')).toBe(true);
		for (const bad of ['', 'short', 'ABCDEFGHIJKL', 'abcdefghij/..', 'a'.repeat(41), 'abcdefghij\n', 'abc-defghijk']) expect(isId(bad)).toBe(false);
	});
});

describe('slugs', () => {
	it('takes every slug slugify makes, a taken one suffixed', () => {
		for (const name of ['Saint-Quentin (Aisne)', 'Béthune', '!!!', 'x'.repeat(59) + ' y z', 'Œuvre d’art']) {
			expect(isSlug(slugify(name))).toBe(true);
			expect(isSlug(`${slugify(name)}-2`)).toBe(true);
		}
	});

	it('refuses what no slug can be', () => {
		for (const bad of ['', '-leading', 'Upper', 'a b', 'a/b', 'é', 'a'.repeat(81)]) expect(isSlug(bad)).toBe(false);
	});
});

describe('tokens', () => {
	it('takes base64url and base32 tokens, not paths nor short guesses', () => {
		expect(isToken('AbC_-0123456789abcdefghi')).toBe(true);
		expect(isToken('a'.repeat(48))).toBe(true);
		for (const bad of ['', 'short', 'not-a-token', 'a'.repeat(15), 'a'.repeat(129), '../../etc/passwd0000', 'abcdefghijklmnop.atom'])
			expect(isToken(bad)).toBe(false);
	});
});
