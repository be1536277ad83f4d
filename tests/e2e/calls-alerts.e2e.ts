import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './support';

const OPEN_CALL = 'Mesurer la fréquentation du centre-ville sans caméra';
const DECIDED_CALL = 'Accompagner les démarches en ligne dans les quartiers';

test('a visitor finds calls by words and places, reads the award of a decided one, and is offered to sign in on an open one', async ({ page }) => {
	await page.goto('/calls');
	await page.getByRole('searchbox', { name: 'Rechercher' }).fill('frequentation CENTRE ville');
	await page.getByLabel('Département').selectOption('62');
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(page.getByRole('link', { name: OPEN_CALL })).toBeVisible();
	await expect(page.getByRole('link', { name: DECIDED_CALL })).toHaveCount(0);
	await expectAccessible(page);

	await page.getByRole('link', { name: OPEN_CALL }).click();
	await expect(page.getByRole('link', { name: 'Se connecter pour répondre' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Poser une question' })).toBeVisible();
	await expectAccessible(page);

	await page.goto('/calls?status=decided');
	await page.getByRole('link', { name: DECIDED_CALL }).click();
	const award = page.getByRole('region', { name: 'Avis d’attribution' });
	await expect(award).toContainText('Réponses examinées : 2');
	await expect(award.getByRole('rowheader', { name: 'Données Citoyennes (démo)' })).toBeVisible();
	await expectAccessible(page);

	const feed = await page.request.get('/calls.atom');
	expect(feed.headers()['content-type']).toContain('application/atom+xml');
	const xml = await feed.text();
	expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
	expect(xml).toContain(OPEN_CALL);
	expect(xml).not.toContain(DECIDED_CALL);
});

test('a startup saves a search, finds its feed, and lists its responses', async ({ page }) => {
	await signIn(page, 'fondatrice@capteurs-civiques.example');
	await page.goto('/calls?q=centre-ville');
	await page.getByRole('button', { name: 'Enregistrer cette recherche et m’alerter' }).click();
	await expect(page).toHaveURL(/\/alerts$/);
	await expect(page.getByText('Recherche enregistrée')).toBeVisible();
	await expectAccessible(page);
	const href = await page.getByRole('link', { name: 'Flux Atom' }).getAttribute('href');
	const xml = await (await page.request.get(href!)).text();
	expect(xml).toContain(OPEN_CALL);

	await page.getByRole('link', { name: 'Mes réponses' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mes réponses aux appels' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: new RegExp(DECIDED_CALL) })).toBeVisible();
	await expectAccessible(page);
});
