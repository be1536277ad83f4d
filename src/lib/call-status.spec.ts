import { describe, expect, it } from 'vitest';
import { callBadge } from './call-status';
import { callPhase } from '$lib/domain/calls';
import { overwriteGetLocale, type Locale } from '$lib/paraglide/runtime';

let locale: Locale = 'fr';
overwriteGetLocale(() => locale);

const opensAt = new Date('2027-01-12T08:00:00Z');

describe('the status a call shows', () => {
	it('is upcoming, not open, before its opening date', () => {
		expect(callPhase('open', opensAt, new Date('2027-01-11T08:00:00Z'))).toBe('upcoming');
		expect(callPhase('open', opensAt, opensAt)).toBe('open');
		expect(callPhase('closed', opensAt, new Date('2027-01-11T08:00:00Z'))).toBe('closed');
	});

	it('says when it opens, in French and in English', () => {
		const before = new Date('2027-01-11T08:00:00Z');
		locale = 'fr';
		expect(callBadge({ status: 'open', opensAt }, before)).toEqual({ label: 'À venir, ouvre le 12 janvier 2027', tone: 'neutral' });
		expect(callBadge({ status: 'open', opensAt }, new Date('2027-01-13T08:00:00Z'))).toEqual({ label: 'Ouvert', tone: 'success' });
		locale = 'en';
		expect(callBadge({ status: 'open', opensAt: opensAt.toISOString() }, before).label).toBe('Upcoming, opens on 12 January 2027');
	});
});
