import { describe, expect, it } from 'vitest';
import type { ProjectTheme } from './projects';
import { departementDistance, similarCities, type CityTraits } from './similar-cities';

const city = (id: string, population: number | null, departement: string, region: string, themes: ProjectTheme[]): CityTraits => ({
	id,
	name: id,
	population,
	departementCodes: [departement],
	regionCodes: [region],
	themes
});
const candidate = (c: CityTraits, projectsInCommon = 0) => ({ ...c, projectsInCommon });

const cahors = city('Cahors', 19_500, '46', '76', ['public_services', 'mobility']);

describe('Villes comme la vôtre', () => {
	it('suggests cities of the same or a neighbouring band that share a theme or a project', () => {
		const result = similarCities(cahors, [
			candidate(city('Béthune', 25_000, '62', '32', ['public_services'])),
			candidate(city('Montauban', 60_000, '82', '76', ['mobility'])), // two bands away
			candidate(city('Figeac', 9_800, '46', '76', ['mobility'])), // neighbouring band, same département
			candidate(city('Rodez', 18_000, '12', '76', ['health'])), // nothing in common
			candidate(city('Inconnue', null, '46', '76', ['mobility'])),
			candidate(city('Laval', 49_000, '53', '52', ['health']), 1) // a project in common
		]);
		expect(result.map((s) => s.id)).toEqual(['Figeac', 'Laval', 'Béthune']);
		expect(result[0]).toMatchObject({ band: 'under_10k', sameBand: false, themesInCommon: ['mobility'], nearness: 'same_departement' });
		expect(result[1]).toMatchObject({ sameBand: false, themesInCommon: [], projectsInCommon: 1, nearness: null });
		expect(result[2]).toMatchObject({ band: '20k_50k', themesInCommon: ['public_services'] });
	});

	it('puts the nearest départements first, then the most themes in common, and never the city itself', () => {
		const lens = city('Lens', 31_000, '62', '32', ['mobility']);
		const result = similarCities(city('Béthune', 25_000, '62', '32', ['mobility', 'energy_environment']), [
			candidate(city('Béthune', 25_000, '62', '32', ['mobility'])),
			candidate(city('Nevers', 32_000, '58', '27', ['mobility', 'energy_environment'])),
			candidate(city('Douai', 40_000, '59', '32', ['mobility', 'energy_environment'])),
			candidate(lens)
		]);
		expect(result.map((s) => [s.id, s.nearness])).toEqual([
			['Lens', 'same_departement'],
			['Douai', 'nearby'],
			['Nevers', null]
		]);
	});

	it('says same région when the départements are not neighbours, and keeps to the limit', () => {
		const many = Array.from({ length: 10 }, (_, i) => candidate(city(`V${i}`, 20_000, '09', '76', ['mobility'])));
		const result = similarCities(cahors, many, 3);
		expect(result).toHaveLength(3);
		expect(result[0].nearness).toBe('same_region');
	});

	it('gives a city of unknown population no suggestion', () => {
		expect(similarCities(city('X', null, '46', '76', ['mobility']), [candidate(cahors)])).toEqual([]);
	});

	it('measures between the nearest départements, and not overseas', () => {
		expect(departementDistance(['62'], ['59'])).toBeLessThan(60);
		expect(departementDistance(['62', '46'], ['82'])).toBeLessThan(departementDistance(['62'], ['82'])!);
		expect(departementDistance(['971'], ['62'])).toBeNull();
	});
});
