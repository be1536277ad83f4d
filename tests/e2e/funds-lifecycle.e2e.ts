import { readFile } from 'node:fs/promises';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { parseCsv } from '../../src/lib/domain/csv';
import { expectAccessible, signIn } from './support';
import { passFundDeadline } from './funds-support';

// A fund's whole life as its people live it: the coordinator opens it, two cities pledge, their
// signatories approve (the person who entered a pledge cannot), a partner's match tops it up, the
// deadline settles it, the coordinator calls the pledges and records the transfers, and the ledger
// page, its CSV and the public API show the same totals as the dashboard.

const CONSORTIUM = 'Villes de France connectées (démo)';
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
const inDays = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + days * 86_400_000));
const euros = (text: string) => new RegExp(`^${text.replace(/ /g, '[\\s\\u202f\\u00a0]')}$`);
const cents = (text: string) => Number(text.replace(/[^\d,]/g, '').replace(',', ''));

async function signedIn(browser: Browser, email: string) {
	const page = await (await browser.newContext()).newPage();
	await signIn(page, email);
	return page;
}

/** One figure of a region of totals, by its term. */
function total(region: Locator, term: string) {
	return region
		.locator('dl > div')
		.filter({
			has: region
				.page()
				.getByRole('term')
				.filter({ hasText: new RegExp(`^${term}$`) })
		})
		.getByRole('definition')
		.first();
}

async function pledge(page: Page, fundPath: string, organisation: string, amount: string) {
	await page.goto(fundPath, { waitUntil: 'networkidle' });
	const own = page.getByRole('region', { name: `Pour ${organisation}` });
	await own.getByRole('textbox', { name: 'Montant (€)', exact: true }).fill(amount);
	await own.getByRole('button', { name: 'Inscrire l’intention' }).click();
	await expect(page.getByText(`Intention de ${amount},00 € inscrite pour ${organisation}.`, { exact: false })).toBeVisible();
	// The person who entered it is told another signatory approves it, and gets no form to do it.
	await expect(page.getByRole('button', { name: /Approuver l’engagement/ })).toHaveCount(0);
	await expectAccessible(page);
}

async function approveFromPledgesPage(page: Page, fundName: string, reference: string) {
	await page.goto('/pledges', { waitUntil: 'networkidle' });
	const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: fundName }) });
	await card.getByLabel('Numéro de la délibération').fill(reference);
	await card.getByLabel('Date de la délibération').fill(today());
	await expectAccessible(page);
	await card.getByRole('button', { name: /Approuver l’engagement/ }).click();
	await expect(page.getByText(new RegExp(`Engagement approuvé \\(délibération n° ${reference}\\)`))).toBeVisible();
}

test('a fund from opening to payments: the ledger, its CSV and the API agree with the dashboard', async ({ page, browser, request }) => {
	test.setTimeout(300_000);
	const fundName = `Fonds bornes de recharge ${Date.now().toString(36)}`;

	// 1. The coordinator opens the fund from the consortium's page.
	await signIn(page, 'agent@bethune.example');
	await page.goto('/consortia');
	await page.getByRole('link', { name: CONSORTIUM }).first().click();
	await page.getByRole('region', { name: 'Fonds', exact: true }).getByRole('link', { name: 'Ouvrir un fonds' }).click();
	await page.getByLabel('Nom du fonds').fill(fundName);
	await page.getByLabel('Objet').fill('Des bornes de recharge partagées dans les cinq villes.');
	await page.getByLabel('Objectif (€)').fill('200 000');
	await page.getByLabel('Seuil (€)').fill('100 000');
	await page.getByRole('button', { name: 'Ouvrir le fonds' }).click();
	await expect(page.getByRole('heading', { level: 1, name: fundName })).toBeVisible();
	const fundPath = new URL(page.url()).pathname;
	const fundId = fundPath.split('/').at(-1)!;
	await expectAccessible(page);

	// 2. Two cities pledge; 3. their signatories approve.
	const nevers = await signedIn(browser, 'agent@nevers.example');
	await pledge(nevers, fundPath, 'Nevers', '60 000');
	const beauvais = await signedIn(browser, 'agent@beauvais.example');
	await pledge(beauvais, fundPath, 'Beauvais', '50 000');
	await approveFromPledgesPage(await signedIn(browser, 'elu@nevers.example'), fundName, 'DCM-2026-301');
	await approveFromPledgesPage(await signedIn(browser, 'elu@beauvais.example'), fundName, 'D2026-302');

	// 4. The partner's match tops up what is approved: 50 cents per euro, 20 000 € at most.
	const partner = await signedIn(browser, 'partenaire@fonds-territoires.example');
	await partner.goto(fundPath, { waitUntil: 'networkidle' });
	const match = partner.getByRole('region', { name: 'Abonder ce fonds' });
	await match.getByLabel('Ratio (%)').fill('50');
	await match.getByLabel('Plafond total (€)').fill('20 000');
	await match.getByRole('button', { name: 'Proposer l’abondement' }).click();
	await expect(partner.getByText(/n’engage le partenaire qu’une fois approuvée par une autre personne signataire/)).toBeVisible();
	// Four-eyes: the partner's signatory approves it with the partner's decision.
	const director = await signedIn(browser, 'direction@fonds-territoires.example');
	await director.goto(fundPath, { waitUntil: 'networkidle' });
	const offer = director.getByRole('region', { name: /Offre d’abondement jusqu’à 20[\s\u202f\u00a0]000,00/ });
	await offer.getByLabel('Référence de la décision').fill('CA-2026-07');
	await offer.getByLabel('Date de la décision').fill(new Date().toISOString().slice(0, 10));
	await offer.getByRole('button', { name: /Approuver l’offre/ }).click();
	await expect(director.getByText(/20[\s\u202f\u00a0]000,00[\s\u00a0]€ abondés dès maintenant/)).toBeVisible();

	// 5. The deadline passes: the platform settles the fund by itself (130 000 € ≥ 100 000 €).
	await passFundDeadline(fundId);
	await expect(async () => {
		await page.goto(fundPath);
		await expect(page.getByText('Financé', { exact: true }).first()).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 40_000 });
	await expectAccessible(page);

	// 6. The coordinator calls every approved pledge, then records the transfers (one partly).
	await page.goto(`${fundPath}/dashboard`);
	const totals = page.getByRole('region', { name: 'Totaux par état' });
	await expect(total(totals, 'Engagé')).toHaveText(euros('130 000,00 €'));
	const calling = page.getByRole('region', { name: 'Engagements à appeler' });
	for (const box of await calling.getByRole('checkbox').all()) await box.check();
	await calling.getByLabel('Date limite de paiement').fill(inDays(15));
	await calling.getByRole('button', { name: 'Appeler' }).click();
	await expect(calling.getByText(/Engagements appelés : 3\./)).toBeVisible();
	for (const [organisation, amount, reference] of [
		['Nevers', '60 000', 'VIR-NEV-2026-11'],
		['Beauvais', '20 000', 'VIR-BEA-2026-07']
	]) {
		const form = page.getByRole('group', { name: `Enregistrer un paiement reçu de ${organisation}` });
		await form.getByLabel('Montant reçu (€)').fill(amount);
		await form.getByLabel('Référence du virement').fill(reference);
		await page.getByRole('button', { name: `Enregistrer le paiement (${organisation})` }).click();
		await expect(page.getByText(new RegExp(`^Paiement (partiel )?de ${amount.replace(' ', '[\\s\\u202f\\u00a0]')},00`))).toBeVisible();
	}
	await expect(total(totals, 'Reçu')).toHaveText(euros('80 000,00 €'));
	await expectAccessible(page);
	const shown = {
		committed: await total(totals, 'Engagé').innerText(),
		received: await total(totals, 'Reçu').innerText(),
		available: await total(totals, 'Disponible').innerText(),
		called: await total(totals, 'Appelé, à recevoir').innerText()
	};
	expect(cents(shown.called)).toBe(30_000_00 + 20_000_00);

	// 7. The public ledger and its CSV say the same.
	await page.getByRole('link', { name: 'Registre public du fonds' }).click();
	const ledgerTotals = page.getByRole('region', { name: 'Totaux du fonds' });
	await expect(total(ledgerTotals, 'Engagé')).toHaveText(shown.committed);
	await expect(total(ledgerTotals, 'Reçu')).toHaveText(shown.received);
	await expect(total(ledgerTotals, 'Disponible')).toHaveText(shown.available);
	await expectAccessible(page);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le registre complet (CSV)' }).click()]);
	const [header, ...rows] = parseCsv((await readFile((await download.path())!)).toString('utf8'));
	const column = (name: string) => header.indexOf(name);
	const received = rows.filter((r) => r[column('kind')] === 'receipt').reduce((sum, r) => sum + Number(r[column('amount_cents')]), 0);
	expect(received).toBe(cents(shown.received));
	expect(Number(rows.at(-1)![column('committed_cents')])).toBe(cents(shown.committed));
	expect(Number(rows.at(-1)![column('available_cents')])).toBe(cents(shown.available));
	expect(rows.map((r) => r[column('kind')])).toEqual(['pledge', 'pledge', 'approve', 'approve', 'match', 'call', 'call', 'call', 'receipt', 'receipt']);

	// …and so does the public API.
	const api = await (await request.get(`/api/v1/funds/${fundId}`)).json();
	expect(api.status).toBe('funded');
	expect(api.totals).toMatchObject({
		committedCents: cents(shown.committed),
		receivedCents: cents(shown.received),
		availableCents: cents(shown.available),
		matchedCents: 20_000_00
	});
});
