import { describe, expect, it } from 'vitest';
import { ftsQuery } from './search';

describe('ftsQuery', () => {
	it('folds accents and ligatures like the index does', () => {
		expect(ftsQuery('Cœur de Ville')).toBe('"coeur"* "de"* "ville"*');
		expect(ftsQuery('coeur de ville')).toBe('"coeur"* "de"* "ville"*');
		expect(ftsQuery('Béthune')).toBe('"bethune"*');
	});

	it('turns operators, quotes and parentheses into plain words', () => {
		expect(ftsQuery('"mobilité" NEAR (vélo*) -auto')).toBe('"mobilite"* "near"* "velo"* "auto"*');
		expect(ftsQuery("l'école")).toBe('"l"* "ecole"*');
		expect(ftsQuery('AND OR NOT')).toBe('"and"* "or"* "not"*');
	});

	it('gives nothing to search for punctuation alone', () => {
		expect(ftsQuery('"()*-')).toBeNull();
		expect(ftsQuery('   ')).toBeNull();
	});
});
