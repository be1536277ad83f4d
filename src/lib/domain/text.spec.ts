import { describe, expect, it } from 'vitest';
import { foldForSearch, slugify } from './text';

describe('foldForSearch', () => {
	it('removes accents and case', () => {
		expect(foldForSearch('Béthune')).toBe('bethune');
		expect(foldForSearch('SAINT-QUENTIN')).toBe('saint quentin');
	});
	it('unfolds ligatures', () => {
		expect(foldForSearch('Cœur de ville')).toBe('coeur de ville');
		expect(foldForSearch('Lætitia')).toBe('laetitia');
	});
	it('treats apostrophes and hyphens as spaces', () => {
		expect(foldForSearch("L'Abergement-Clémenciat")).toBe('l abergement clemenciat');
	});
});

describe('slugify', () => {
	it('keeps letters and digits only', () => {
		expect(slugify('Saint-Quentin (Aisne)')).toBe('saint-quentin-aisne');
		expect(slugify('Capteurs & Cie')).toBe('capteurs-cie');
	});
	it('never returns an empty slug', () => {
		expect(slugify('!!!')).toBe('organisation');
	});
});
