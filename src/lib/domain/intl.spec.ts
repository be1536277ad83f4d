import { describe, expect, it } from 'vitest';
import { dateTimeFormat, numberFormat, pluralRulesOf, relativeTimeFormat } from './intl';
import { formatEuros } from './money';

describe('cached Intl formatters', () => {
	it('build one formatter per locale and options, and format like a fresh one', () => {
		const options = { style: 'currency', currency: 'EUR' } as const;
		expect(numberFormat('fr', options)).toBe(numberFormat('fr', { ...options }));
		expect(numberFormat('fr', options)).not.toBe(numberFormat('en', options));
		expect(numberFormat('fr', options)).not.toBe(numberFormat('fr'));
		expect(numberFormat('fr', options).format(1234.5)).toBe(new Intl.NumberFormat('fr-FR', options).format(1234.5));
		expect(dateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date('2026-01-02T00:00:00Z'))).toBe('2 January 2026');
		expect(relativeTimeFormat('fr', { numeric: 'always' }).format(3, 'day')).toBe('dans 3 jours');
		expect(pluralRulesOf('fr').select(1)).toBe('one');
	});

	it('keep amounts in each language apart', () => {
		expect(formatEuros(123456789, 'fr')).toBe('1\u202f234\u202f567,89\u00a0€');
		expect(formatEuros(123456789, 'en')).toBe('€1,234,567.89');
		expect(formatEuros(123456789, 'fr', 0)).toBe('1\u202f234\u202f568\u00a0€');
	});
});
