import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { day } from './fields';

describe('day field', () => {
	it('reads a calendar day as noon UTC that day', () => {
		expect(v.parse(day, '2026-02-28').toISOString()).toBe('2026-02-28T12:00:00.000Z');
	});
	it('refuses a day that does not exist instead of moving it', () => {
		for (const value of ['2026-02-31', '2026-02-29', '2026-13-01', '2026-00-10', '28/02/2026', '']) {
			expect(v.safeParse(day, value).success, value).toBe(false);
		}
		expect(v.safeParse(day, '2028-02-29').success).toBe(true);
	});
});
