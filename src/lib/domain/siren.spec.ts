import { describe, expect, it } from 'vitest';
import { luhnValid, parseNafCode, parseSirenOrSiret } from './siren';

describe('SIREN and SIRET', () => {
	it('accepts a valid SIREN', () => {
		expect(parseSirenOrSiret('216209106')).toEqual({ ok: true, siren: '216209106' });
		expect(parseSirenOrSiret('732 829 320')).toEqual({ ok: true, siren: '732829320' });
	});

	it('refuses a SIREN whose check digit is wrong', () => {
		expect(parseSirenOrSiret('216209107')).toEqual({ ok: false, reason: 'checksum' });
	});

	it('refuses anything that is not 9 or 14 digits', () => {
		expect(parseSirenOrSiret('21620910')).toEqual({ ok: false, reason: 'format' });
		expect(parseSirenOrSiret('2162091061')).toEqual({ ok: false, reason: 'format' });
		expect(parseSirenOrSiret('21620910A')).toEqual({ ok: false, reason: 'format' });
		expect(parseSirenOrSiret('')).toEqual({ ok: false, reason: 'format' });
	});

	it('keeps the SIREN of a valid SIRET', () => {
		expect(parseSirenOrSiret('732 829 320 00074')).toEqual({ ok: true, siren: '732829320' });
	});

	it('refuses a SIRET whose own key is wrong even when its SIREN is right', () => {
		expect(parseSirenOrSiret('73282932000075')).toEqual({ ok: false, reason: 'checksum' });
	});

	it("applies La Poste's rule to its establishments", () => {
		// 3+5+6+1 = 15: divisible by 5, although the Luhn key of this SIRET is wrong.
		expect(parseSirenOrSiret('35600000000001')).toEqual({ ok: true, siren: '356000000' });
		expect(parseSirenOrSiret('35600000000002')).toEqual({ ok: false, reason: 'checksum' });
	});

	it('computes the Luhn key', () => {
		expect(luhnValid('79927398713')).toBe(true);
		expect(luhnValid('79927398710')).toBe(false);
	});
});

describe('NAF codes', () => {
	it('normalises the accepted forms', () => {
		expect(parseNafCode('62.01Z')).toBe('62.01Z');
		expect(parseNafCode('6201z')).toBe('62.01Z');
	});
	it('refuses other shapes', () => {
		expect(parseNafCode('62-01Z')).toBeNull();
		expect(parseNafCode('6201')).toBeNull();
	});
});
