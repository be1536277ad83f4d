import { beforeAll, describe, expect, it } from 'vitest';
import { searchCommunes, searchEpcis } from '$lib/server/organisations/queries';
import { insertSomeCommunes, useTestDatabase } from './support';

// Issue #11, case 9: "%" and "_" typed in the commune search were LIKE wildcards.

useTestDatabase();
beforeAll(insertSomeCommunes);

describe('commune and EPCI search', () => {
	it('still finds communes by name, postal code and INSEE code', async () => {
		expect((await searchCommunes('bethune')).map((c) => c.name)).toEqual(['Béthune']);
		expect((await searchCommunes('62400')).map((c) => c.name)).toEqual(['Béthune']);
		expect((await searchCommunes('58194')).map((c) => c.name)).toEqual(['Nevers']);
	});

	it('takes % and _ literally', async () => {
		expect(await searchCommunes('%%')).toEqual([]);
		expect(await searchCommunes('b_thune')).toEqual([]);
		expect(await searchCommunes('_e%')).toEqual([]);
		expect(await searchCommunes('6%')).toEqual([]);
		expect(await searchCommunes('\\%')).toEqual([]);
		expect(await searchEpcis('%%')).toEqual([]);
	});
});
