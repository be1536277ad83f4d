import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { day } from './fields';
import { changeNameSchema, signUpSchema } from './auth';
import { startupSchema } from './organisations';

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

describe('names', () => {
	it('refuse NUL, control and direction-override characters', () => {
		for (const name of ['Camille\u0000', 'Mairie\u202eecnarF', 'A\u2066B\u2069', 'Tab\there', 'Line\nbreak']) {
			expect(v.safeParse(changeNameSchema, { name }).success, JSON.stringify(name)).toBe(false);
			expect(v.safeParse(startupSchema, { name, siren: '732829320', nafCode: '6201Z', description: '' }).success, JSON.stringify(name)).toBe(false);
		}
		expect(v.safeParse(changeNameSchema, { name: 'Léa Durand-Ménard' }).success).toBe(true);
		expect(v.safeParse(signUpSchema, { name: 'Zoé\u202e', email: 'zoe@example.org', password: 'correct horse battery staple' }).success).toBe(false);
	});
});
