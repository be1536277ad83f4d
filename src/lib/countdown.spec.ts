import { describe, expect, it } from 'vitest';
import { countdown } from './countdown';

const now = new Date('2026-11-28T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const HOUR = 3_600_000;

describe('countdown', () => {
	it('counts whole days ahead, rounded down', () => {
		expect(countdown(later(12 * 24 * HOUR + 5 * HOUR), now, 'fr')).toBe('dans 12 jours');
		expect(countdown(later(36 * HOUR), now, 'fr')).toBe('dans 1 jour');
		expect(countdown(later(12 * 24 * HOUR), now, 'en')).toBe('in 12 days');
	});

	it('counts hours, then minutes, on the last day', () => {
		expect(countdown(later(5 * HOUR + 59 * 60_000), now, 'fr')).toBe('dans 5 heures');
		expect(countdown(later(20 * 60_000), now, 'fr')).toBe('dans 20 minutes');
		expect(countdown(later(10_000), now, 'fr')).toBe('dans 1 minute');
	});

	it('says how long ago a past deadline was', () => {
		expect(countdown(later(-3 * 24 * HOUR - HOUR), now, 'fr')).toBe('il y a 3 jours');
		expect(countdown(later(-2 * HOUR), now, 'en')).toBe('2 hours ago');
	});
});
