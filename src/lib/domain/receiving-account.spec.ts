import { describe, expect, it } from 'vitest';
import { checkAccount, creditorReference, formatReference, isCreditorReference, maskIban } from './receiving-account';

const TRESOR = { holder: 'Trésorerie de Béthune', iban: 'fr76 1007 1620 0000 0010 0012 332', bic: 'trpufrp1' };

describe('checkAccount', () => {
	it('normalises a valid French IBAN and BIC', () => {
		expect(checkAccount(TRESOR)).toEqual({ ok: true, holder: 'Trésorerie de Béthune', iban: 'FR7610071620000000100012332', bic: 'TRPUFRP1' });
	});
	it('refuses a wrong IBAN key, a malformed BIC, a BIC of another country and an empty holder', () => {
		expect(checkAccount({ ...TRESOR, iban: 'FR7610071620000000100012333' })).toEqual({ ok: false, problems: { iban: 'iban_invalid' } });
		expect(checkAccount({ ...TRESOR, bic: 'TRPU' })).toEqual({ ok: false, problems: { bic: 'bic_invalid' } });
		expect(checkAccount({ ...TRESOR, bic: 'DEUTDEFF' })).toEqual({ ok: false, problems: { bic: 'bic_country' } });
		expect(checkAccount({ ...TRESOR, holder: '  ' })).toEqual({ ok: false, problems: { holder: 'holder_required' } });
		expect(checkAccount({ ...TRESOR, iban: 'FR76'.repeat(1000) }).ok).toBe(false);
	});
});

describe('maskIban', () => {
	it('keeps the country, the key and the last four characters', () => {
		expect(maskIban('FR7610071620000000100012332')).toBe('FR76 •••• •••• •••• •••• •••2 332');
	});
});

describe('creditorReference (ISO 11649)', () => {
	it('computes the standard example and checks its key', () => {
		expect(creditorReference('539007547034')).toBe('RF18539007547034');
		expect(isCreditorReference('RF18 5390 0754 7034')).toBe(true);
		expect(isCreditorReference('RF19539007547034')).toBe(false);
		expect(formatReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
	});
	it('keeps at most 21 characters of letters and digits', () => {
		const reference = creditorReference('abc-def_0123456789abcdefghij');
		expect(reference).toMatch(/^RF[0-9]{2}ABCDEF0123456789ABCDE$/);
		expect(isCreditorReference(reference)).toBe(true);
	});
});
