import { describe, expect, it } from 'vitest';
import { departementCodes, isDepartementCode, isRegionCode, regionCodes } from './codes';

describe('reference codes', () => {
	it('holds the official départements and régions', () => {
		expect(departementCodes.length).toBeGreaterThanOrEqual(101);
		expect(regionCodes.length).toBeGreaterThanOrEqual(18);
		for (const code of ['01', '2A', '2B', '58', '62', '974', '976']) expect(isDepartementCode(code)).toBe(true);
		for (const code of ['11', '32', '84', '94', '01']) expect(isRegionCode(code)).toBe(true);
	});

	it('refuses what is shaped like a code but names no place', () => {
		for (const code of ['20', '96', '99', '970', '2C', '00', '', null, undefined]) expect(isDepartementCode(code)).toBe(false);
		for (const code of ['00', '05', '99', '2A', '', null]) expect(isRegionCode(code)).toBe(false);
	});
});
