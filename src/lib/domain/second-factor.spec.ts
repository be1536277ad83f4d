import { describe, expect, it } from 'vitest';
import { SECOND_FACTOR_MAX_AGE_MS, secondFactorNeed } from './second-factor';

describe('secondFactorNeed', () => {
	const now = new Date('2026-06-01T12:00:00Z');
	it('asks to enrol first', () => {
		expect(secondFactorNeed({ enrolled: false, passedAt: now }, now)).toBe('enrol');
	});
	it('asks for a code when the session never passed it', () => {
		expect(secondFactorNeed({ enrolled: true, passedAt: null }, now)).toBe('code');
	});
	it('lets a recent proof through and asks again after 12 hours', () => {
		expect(secondFactorNeed({ enrolled: true, passedAt: new Date(now.getTime() - 60_000) }, now)).toBe('none');
		expect(secondFactorNeed({ enrolled: true, passedAt: new Date(now.getTime() - SECOND_FACTOR_MAX_AGE_MS) }, now)).toBe('code');
	});
	it('does not trust a proof dated in the future', () => {
		expect(secondFactorNeed({ enrolled: true, passedAt: new Date(now.getTime() + 60_000) }, now)).toBe('code');
	});
});
