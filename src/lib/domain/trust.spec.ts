import { describe, expect, it } from 'vitest';
import { checkEmailDomain, isPublicBodyNaf, nafSection, normaliseDomain } from './trust';

describe('public bodies by NAF', () => {
	it('refuses division 84, and only it', () => {
		expect(isPublicBodyNaf('84.11Z')).toBe(true);
		expect(isPublicBodyNaf('84.30A')).toBe(true);
		expect(isPublicBodyNaf('62.01Z')).toBe(false);
		expect(isPublicBodyNaf('48.11Z')).toBe(false);
		expect(isPublicBodyNaf(null)).toBe(false);
	});

	it('names the section of a code', () => {
		expect(nafSection('62.01Z')).toEqual({ section: 'J', label: 'Information et communication' });
		expect(nafSection('84.11Z')?.label).toBe('Administration publique');
		expect(nafSection('49.39B')?.section).toBe('H');
		expect(nafSection('6201Z')).toBeNull();
		expect(nafSection('04.00Z')).toBeNull();
	});
});

describe('email domains', () => {
	it('compares an address with the known domains', () => {
		expect(checkEmailDomain('elu@beauvais.fr', ['beauvais.fr'])).toBe('known');
		expect(checkEmailDomain('Elu@Mairie.Beauvais.fr', ['beauvais.fr'])).toBe('subdomain');
		expect(checkEmailDomain('elu@notbeauvais.fr', ['beauvais.fr'])).toBe('unknown');
		expect(checkEmailDomain('elu@beauvais.fr', [])).toBe('no_list');
	});

	it('flags a public webmail even when no list is kept', () => {
		expect(checkEmailDomain('maire.beauvais@gmail.com', [])).toBe('webmail');
		expect(checkEmailDomain('maire@orange.fr', ['beauvais.fr'])).toBe('webmail');
	});

	it('normalises what an administrator types', () => {
		expect(normaliseDomain(' @Beauvais.FR ')).toBe('beauvais.fr');
		expect(normaliseDomain('https://www.ville-nevers.fr/contact')).toBe('www.ville-nevers.fr');
		expect(normaliseDomain('pas un domaine')).toBeNull();
		expect(normaliseDomain('x'.repeat(5000) + '.fr')).toBeNull();
	});
});
