import { describe, expect, it } from 'vitest';
import { parseSiret } from './siret';

describe('an organisation SIRET', () => {
	it('accepts 14 digits with a right key, spaces allowed', () => {
		expect(parseSiret('233 500 016 00040', '233500016')).toEqual({ ok: true, siret: '23350001600040' });
		expect(parseSiret('23350001600040', null)).toEqual({ ok: true, siret: '23350001600040' });
	});
	it('refuses a SIREN alone, letters, or a wrong key', () => {
		expect(parseSiret('233500016', null)).toEqual({ ok: false, reason: 'format' });
		expect(parseSiret('2335000160004A', null)).toEqual({ ok: false, reason: 'format' });
		expect(parseSiret('23350001600041', null)).toEqual({ ok: false, reason: 'checksum' });
	});
	it("refuses another organisation's establishment", () => {
		expect(parseSiret('38047555800058', '233500016')).toEqual({ ok: false, reason: 'siren_mismatch' });
	});
	it("follows La Poste's rule for its establishments", () => {
		expect(parseSiret('35600000000001', '356000000')).toEqual({ ok: true, siret: '35600000000001' });
	});
});
