import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support';
import { parseCsv } from '../../src/lib/domain/csv';
import { validateTable } from '../../src/lib/domain/opendata/table-schema';
import { scdlSubventionsColumns, scdlSubventionsSchema } from '../../src/lib/domain/opendata/scdl';

// The demo's disbursements download as SCDL subventions CSV, ready for an open-data portal, from the
// fund's public page and from the page of Béthune, which paid into it.

async function download(page: Page, link: string) {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
	return parseCsv(await readFile((await file.path())!, 'utf8'));
}

const column = (name: (typeof scdlSubventionsColumns)[number]) => scdlSubventionsColumns.indexOf(name);

test('the demo fund and Béthune publish their subsidies as SCDL CSV', async ({ page }) => {
	await page.goto('/funds');
	await page.getByRole('link', { name: 'Fonds commun smart city (démo)' }).first().click();
	const ofFund = await download(page, 'Subventions (SCDL, CSV)');
	expect(ofFund[0]).toEqual([...scdlSubventionsColumns]);
	expect(ofFund.length).toBeGreaterThan(1);
	expect(validateTable(scdlSubventionsSchema, ofFund)).toEqual([]);
	// The 120 000 € disbursement to the "cœur de ville" project, shared among the members who paid in.
	expect(ofFund.slice(1).every((row) => row[column('montant')] === '120000.00')).toBe(true);
	expect(ofFund.slice(1).map((row) => row[column('nomAttribuant')])).toContain('Béthune');

	await page.goto('/organisations/bethune');
	const openData = page.getByRole('region', { name: 'Données ouvertes' });
	await expect(openData).toContainText('prêt à publier sur votre portail open data');
	const ofBethune = await download(page, 'Télécharger les subventions (CSV)');
	expect(validateTable(scdlSubventionsSchema, ofBethune)).toEqual([]);
	expect(ofBethune.length).toBeGreaterThan(1);
	expect(ofBethune.slice(1).every((row) => row[column('nomAttribuant')] === 'Béthune')).toBe(true);

	// The catalogue lists it with its licence, from the footer of every page.
	await page.getByRole('contentinfo').getByRole('link', { name: 'Données ouvertes' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Données ouvertes' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Subventions versées par les fonds' })).toBeVisible();
	await expectAccessible(page);
	const catalog = await (await page.request.get('/donnees/catalog.json')).json();
	expect(catalog['@type']).toBe('dcat:Catalog');
	expect(catalog['dcat:dataset'].map((d: { 'dct:identifier': string }) => d['dct:identifier'])).toContain('subventions');

	// The délibérations: a public list, from the catalogue, and its CSV.
	await page.goto('/donnees');
	await page.getByRole('link', { name: 'Délibérations', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Délibérations' })).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Béthune' }).first()).toBeVisible();
	await expectAccessible(page);
	const acts = await download(page, 'Télécharger les délibérations (CSV)');
	expect(acts[0]).toEqual(['organisation', 'siren', 'numero', 'date', 'approuve', 'objet', 'lien', 'pdf']);
	expect(acts.slice(1).some((row) => row[4] === 'consortium_membership')).toBe(true);
});
