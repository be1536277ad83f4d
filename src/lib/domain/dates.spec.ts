import { describe, expect, it } from 'vitest';
import { parseParisDateTime, toParisInput } from './dates';

describe('Paris local times', () => {
	it('reads winter and summer times', () => {
		expect(parseParisDateTime('2026-12-01T09:00')?.toISOString()).toBe('2026-12-01T08:00:00.000Z');
		expect(parseParisDateTime('2026-07-01T09:00')?.toISOString()).toBe('2026-07-01T07:00:00.000Z');
	});
	it('refuses what is not a date and time', () => {
		expect(parseParisDateTime('2026-02-30T09:00')).toBeNull();
		expect(parseParisDateTime('01/12/2026')).toBeNull();
		expect(parseParisDateTime('')).toBeNull();
	});
	it('gives back the field value', () => {
		expect(toParisInput(new Date('2026-12-01T08:00:00Z'))).toBe('2026-12-01T09:00');
		expect(toParisInput(parseParisDateTime('2026-03-29T12:30')!)).toBe('2026-03-29T12:30');
	});
});
