import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible, signIn } from './support';

// A call for projects addressed to consortia (the demo call of the partner fund): the coordinator of an
// eligible consortium answers on its behalf; a startup and a mere member cannot.

const COORDINATOR = 'agent@bethune.example'; // Béthune coordinates "Villes de France connectées (démo)"
const FOUNDER = 'fondatrice@capteurs-civiques.example'; // a startup
const LAVAL_ADMIN = 'agent@laval.example'; // Laval coordinates no consortium
const CALL_TITLE = 'Hubs territoriaux connectés : appel à projets';
const CONSORTIUM = 'Villes de France connectées (démo)';

const test = base.extend<{ as: (email?: string) => Promise<Page> }>({
	as: async ({ browser }, use) => {
		const contexts: BrowserContext[] = [];
		await use(async (email?: string) => {
			const context = await browser.newContext();
			contexts.push(context);
			const page = await context.newPage();
			if (email) await signIn(page, email);
			return page;
		});
		await Promise.all(contexts.map((context) => context.close()));
	}
});

/** Opens the demo call for projects from the list of calls; returns its id. */
async function openDemoCall(page: Page) {
	await page.goto('/calls');
	await page.getByRole('link', { name: CALL_TITLE }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: CALL_TITLE })).toBeVisible();
	return /\/calls\/([^/?#]+)/.exec(new URL(page.url()).pathname)![1];
}

test('the coordinator of an eligible consortium answers a call for projects; a startup and a member cannot', async ({ as }) => {
	const city = await as(COORDINATOR);
	const callId = await openDemoCall(city);
	await expect(city.getByText('Appel à projets ouvert aux consortiums')).toBeVisible();
	await expect(city.getByRole('heading', { name: 'Conditions d’éligibilité' })).toBeVisible();
	await expect(city.getByText('Au moins 3 membres')).toBeVisible();
	const mine = city.getByRole('region', { name: 'Vos consortiums' });
	await expect(mine.getByRole('link', { name: CONSORTIUM })).toBeVisible();
	await expect(mine.getByText('Éligible', { exact: true })).toBeVisible();
	await expect(city.getByRole('heading', { name: 'Votre réponse' })).toHaveCount(0);
	await expectAccessible(city);

	await mine.getByRole('link', { name: 'Répondre au nom de ce consortium' }).first().click();
	await expect(city).toHaveURL(new RegExp(`/calls/${callId}/respond\\?consortium=`));
	await expect(city.getByText(`Vous répondez au nom du consortium ${CONSORTIUM}`)).toBeVisible();
	await expect(city.getByText('Le consortium remplit les conditions de l’appel : il peut soumettre sa réponse.')).toBeVisible();
	await expectAccessible(city);
	const form = city.getByRole('form', { name: 'Votre réponse' });
	await form.getByLabel('Votre proposition').fill('Un hub par département, animé par les conseillers numériques des villes.');
	await form.getByLabel('Prix (en euros hors taxes)').fill('240 000');
	await form.getByLabel('Durée de l’expérimentation (en mois)').fill('6');
	await form.getByLabel('Équipe').fill('Les agents des quatre villes et le fonds partenaire.');
	await city.getByRole('button', { name: 'Enregistrer et déposer' }).click();
	await expect(city.getByText('Réponse déposée. Vous pouvez encore la modifier jusqu’à la date limite.')).toBeVisible();
	await expect(city.getByRole('region', { name: 'Votre réponse' }).getByText('Déposée', { exact: true })).toBeVisible();

	// A startup sees no answer form, and a forged post is refused.
	const startup = await as(FOUNDER);
	await startup.goto(`/calls/${callId}`);
	await expect(startup.getByRole('heading', { name: 'Votre réponse' })).toHaveCount(0);
	await expect(startup.getByRole('link', { name: 'Répondre au nom de ce consortium' })).toHaveCount(0);
	await startup.goto(`/calls/${callId}/respond`);
	await expect(startup.getByRole('form', { name: 'Votre réponse' })).toHaveCount(0);
	await expect(startup.getByText(/seule l’organisation qui coordonne un consortium peut y répondre/)).toBeVisible();
	await expectAccessible(startup);
	const forged = await startup.request.post(`/calls/${callId}/respond?/save`, {
		headers: { origin: new URL(startup.url()).origin, accept: 'text/html' },
		multipart: { proposal: 'Nous aussi.', price: '1 000', durationMonths: '6', team: 'Moi.', references: '' },
		maxRedirects: 0
	});
	expect(forged.status()).toBe(403);
	expect(await forged.text()).toContain('seule l’organisation qui coordonne un consortium peut y répondre');

	// Laval, invited but coordinating nothing, is told it cannot answer.
	const laval = await as(LAVAL_ADMIN);
	await laval.goto(`/calls/${callId}`);
	await expect(laval.getByText(/seule l’organisation qui coordonne un consortium peut y répondre/)).toBeVisible();
	await expect(laval.getByRole('link', { name: 'Répondre au nom de ce consortium' })).toHaveCount(0);
	await laval.goto(`/calls/${callId}/respond`);
	await expect(laval.getByRole('form', { name: 'Votre réponse' })).toHaveCount(0);
	await expect(laval.getByText(/seule l’organisation qui coordonne un consortium peut y répondre/)).toBeVisible();
});
