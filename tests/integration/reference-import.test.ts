import { describe, expect, it } from 'vitest';
import { importReferenceData, referenceDataVersion } from '$lib/server/reference/import';
import { searchCommunes, searchEpcis } from '$lib/server/organisations/queries';
import { db } from '$lib/server/db';
import { referenceImports } from '$lib/server/db/schema';
import { countRows, useTestDatabase } from './support';

useTestDatabase();

const TABLES = ['regions', 'departements', 'communes', 'epcis', 'epci_members'] as const;

async function tableCounts() {
	const counts: Record<string, number> = {};
	for (const table of TABLES) counts[table] = await countRows(table);
	return counts;
}

describe('reference data import', () => {
	let first: Awaited<ReturnType<typeof importReferenceData>>;

	it('imports every current commune, département, région and EPCI', async () => {
		const lines: string[] = [];
		first = await importReferenceData((line) => lines.push(line));
		expect(first).not.toBeNull();

		const counts = await tableCounts();
		expect(counts.communes).toBeGreaterThan(34_000);
		expect(counts.departements).toBeGreaterThanOrEqual(101);
		expect(counts.regions).toBeGreaterThanOrEqual(18);
		expect(counts.epcis).toBeGreaterThanOrEqual(1_200);
		expect(counts.epci_members).toBeGreaterThan(30_000);
		// What it reports is what is in the tables.
		expect(first).toEqual({
			regions: counts.regions,
			departements: counts.departements,
			communes: counts.communes,
			epcis: counts.epcis,
			epciMembers: counts.epci_members
		});

		const [done] = await db().select().from(referenceImports);
		expect(done.version).toBe(await referenceDataVersion());
		expect(lines.some((l) => l.includes(String(counts.communes)))).toBe(true);
	});

	it('does nothing the second time', async () => {
		const before = await tableCounts();
		const lines: string[] = [];
		const started = performance.now();
		expect(await importReferenceData((line) => lines.push(line))).toBeNull();
		expect(performance.now() - started).toBeLessThan(500);
		expect(lines).toEqual([]);
		expect(await tableCounts()).toEqual(before);
	});

	it('finds Béthune by name without accents, by postal code and by INSEE code', async () => {
		const byName = await searchCommunes('bethune');
		expect(byName[0]).toMatchObject({ inseeCode: '62119', name: 'Béthune', departementCode: '62' });
		expect(byName[0].departementName).toBe('Pas-de-Calais');
		expect(byName[0].siren).toMatch(/^\d{9}$/);
		expect(byName[0].population).toBeGreaterThan(20_000);

		const byAccentedName = await searchCommunes('Béthune');
		expect(byAccentedName[0].inseeCode).toBe('62119');

		const byPostalCode = await searchCommunes('62400');
		expect(byPostalCode.map((c) => c.inseeCode)).toContain('62119');
		// A five-digit query is a postal code or an INSEE code (62400 is also a commune's INSEE code).
		for (const commune of byPostalCode) {
			expect(commune.postalCodes.split(' ').includes('62400') || commune.inseeCode === '62400').toBe(true);
		}
		const bethune = byPostalCode.find((c) => c.inseeCode === '62119')!;
		expect(bethune.postalCodes.split(' ')).toContain('62400');

		const byInsee = await searchCommunes('62119');
		expect(byInsee.map((c) => c.inseeCode)).toContain('62119');
	});

	it('finds communes by the start of their postal code', async () => {
		const results = await searchCommunes('62');
		expect(results.length).toBeGreaterThan(0);
		for (const commune of results) {
			expect(commune.postalCodes.split(' ').some((code) => code.startsWith('62'))).toBe(true);
		}
		const byPrefix = await searchCommunes('6240');
		expect(byPrefix.map((c) => c.inseeCode)).toContain('62119');
		for (const commune of byPrefix) {
			expect(commune.postalCodes.split(' ').some((code) => code.startsWith('6240'))).toBe(true);
		}
	});

	it('finds Corsican communes by their INSEE code (2A/2B)', async () => {
		const ajaccio = await searchCommunes('2A004');
		expect(ajaccio.map((c) => c.name)).toContain('Ajaccio');
	});

	it('finds an EPCI by name and by SIREN', async () => {
		const byName = await searchEpcis('bethune');
		expect(byName.length).toBeGreaterThan(0);
		const epci = byName[0];
		expect(epci.name.toLowerCase()).toContain('béthune');
		const bySiren = await searchEpcis(epci.siren);
		expect(bySiren.map((e) => e.siren)).toEqual([epci.siren]);
	});
});
