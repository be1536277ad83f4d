import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countOf } from '$lib/domain/intl';
import * as m from '$lib/paraglide/messages';

const catalogue = (locale: string): Record<string, unknown> => JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8'));

describe('plurals', () => {
	it('no message hedges a plural with "(s)" or "(ies)": each picks its form from the count', () => {
		for (const locale of ['fr', 'en']) {
			const hedged = Object.entries(catalogue(locale))
				.filter(([, text]) => /\p{L}\((s|es|ies|x)\)/u.test(JSON.stringify(text)))
				.map(([key]) => key);
			expect(hedged, locale).toEqual([]);
		}
	});

	it('say one call, three calls, in both languages, French counting zero as one', () => {
		expect(m.calls_count({ count: 1 }, { locale: 'fr' })).toBe('1 appel');
		expect(m.calls_count({ count: 0 }, { locale: 'fr' })).toBe('0 appel');
		expect(m.calls_count({ count: 3 }, { locale: 'fr' })).toBe('3 appels');
		expect(m.calls_count({ count: 0 }, { locale: 'en' })).toBe('0 calls');
		expect(m.calls_count({ count: 1 }, { locale: 'en' })).toBe('1 call');
		expect(m.call_months({ count: 6 }, { locale: 'en' })).toBe('6 months');
		expect(m.call_months({ count: 1 }, { locale: 'en' })).toBe('1 month');
		expect(m.consortia_count({ count: 2 }, { locale: 'en' })).toBe('2 consortia');
		expect(m.interest_replication_count({ count: 3 }, { locale: 'en' })).toBe('Replicated by 3 cities');
		expect(m.consortium_rule_missing_departements({ missing: 1 }, { locale: 'fr' })).toBe('Il manque 1 département.');
		expect(m.consortia_member_count({ count: 4, min: '3' }, { locale: 'fr' })).toBe('4 membres, 3 au minimum');
	});

	it('format large counts the way the language groups digits, a million included', () => {
		expect(m.projects_count({ count: 1234 }, { locale: 'fr' })).toBe('1\u202f234 projets');
		expect(m.projects_count({ count: 1_000_000 }, { locale: 'fr' })).toBe('1\u202f000\u202f000 projets');
		expect(m.projects_count({ count: 1234 }, { locale: 'en' })).toBe('1,234 projects');
	});

	it('count in English for the command-line tools', () => {
		expect(countOf(1, 'fund', 'funds')).toBe('1 fund');
		expect(countOf(0, 'fund', 'funds')).toBe('0 funds');
		expect(countOf(2, 'ledger entry', 'ledger entries')).toBe('2 ledger entries');
	});
});
