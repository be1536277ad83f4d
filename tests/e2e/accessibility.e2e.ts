import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, signIn } from './support';

// The flows in the other files check the pages they go through; this file checks the rest:
// public pages, each kind of the registration form, a demo organisation and its members, empty states.

const publicPages = [
	{ path: '/', heading: 'Les villes moyennes mettent leurs moyens en commun' },
	{ path: '/projects', heading: 'Projets' },
	{ path: '/calls', heading: 'Appels à expérimentation' },
	{ path: '/consortia', heading: 'Consortiums' },
	{ path: '/funds', heading: 'Fonds partagés' },
	{ path: '/organisations', heading: 'Organisations' },
	{ path: '/organisations?kind=startup', heading: 'Organisations' },
	{ path: '/accessibilite', heading: 'Déclaration d’accessibilité' },
	{ path: '/mentions-legales', heading: 'Mentions légales' },
	{ path: '/login', heading: 'Se connecter' },
	{ path: '/signup', heading: 'Créer un compte' },
	{ path: '/reset-password', heading: 'Mot de passe oublié' },
	{ path: '/reset-password/jeton-inconnu', heading: 'Choisir un nouveau mot de passe' },
	{ path: '/verify-email/jeton-inconnu', heading: 'Confirmer votre adresse e-mail' },
	{ path: '/invitations/jeton-inconnu', heading: 'Invitation' },
	{ path: '/logout', heading: 'Se déconnecter' }
];

test('public pages have no WCAG 2.1 A/AA violation', async ({ page }) => {
	// Two dozen pages, each checked by axe: more than the default minute on a busy machine.
	test.setTimeout(240_000);
	for (const { path, heading } of publicPages) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1, name: heading, exact: true }), path).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
		await expect(page).toHaveTitle(/Entente/);
		await expectAccessible(page);
	}
});

test('public pages in English have no violation either', async ({ page }) => {
	await page.goto('/language/en?redirectTo=%2F');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expectAccessible(page);
	await page.goto('/signup');
	await page.getByRole('button', { name: 'Create my account' }).click();
	await expect(page.getByText('Enter your name.')).toBeVisible();
	await expectAccessible(page);
	await page.goto('/does-not-exist');
	await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
	await expectAccessible(page);
});

test('the registration form of every kind, and a demo organisation seen by its admin', async ({ page }) => {
	await signIn(page, 'agent@laval.example', DEMO_PASSWORD);

	await page.goto('/organisations/new');
	await expect(page.getByText('Qui représentez-vous ?')).toBeVisible();
	await page.getByRole('link', { name: 'Commune', exact: true }).click();
	await expect(page.getByRole('link', { name: 'Commune', exact: true })).toHaveAttribute('aria-current', 'page');
	await expectAccessible(page);
	// A search that finds nothing says so.
	await page.getByRole('searchbox', { name: 'Nom, code postal ou code INSEE' }).fill('zzzzzz');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(page.getByText('Aucun résultat pour « zzzzzz ».')).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('link', { name: 'Intercommunalité' }).click();
	await expect(page.getByRole('link', { name: 'Intercommunalité' })).toHaveAttribute('aria-current', 'page');
	await expectAccessible(page);
	await page.getByRole('searchbox', { name: 'Nom ou SIREN de l’intercommunalité' }).fill('Béthune');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Résultats' })).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: 'Béthune' }).first()).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('link', { name: 'Startup ou PME' }).click();
	await expect(page.getByRole('textbox', { name: 'Code NAF' })).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('link', { name: 'Partenaire financeur' }).click();
	await expect(page.getByRole('textbox', { name: 'SIREN ou SIRET (facultatif)' })).toBeVisible();
	await expectAccessible(page);

	// The demo city, its members (admin view), the account and notifications pages.
	await page.goto('/account');
	await page.getByRole('main').getByRole('link', { name: 'Laval' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Laval' })).toBeVisible();
	await expect(page.getByText('Démonstration')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Voir les membres' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Membres de Laval' })).toBeVisible();
	await expectAccessible(page);
	await page.goto('/notifications');
	await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
	await expectAccessible(page);
});

test('the members page as seen by a signatory', async ({ page }) => {
	await signIn(page, 'elu@laval.example', DEMO_PASSWORD);
	await page.goto('/account');
	await expectAccessible(page);
	await page.getByRole('main').getByRole('link', { name: 'Laval' }).click();
	await expect(page.getByText('Votre rôle : Signataire.')).toBeVisible();
	await page.getByRole('link', { name: 'Voir les membres' }).click();
	await expect(page.getByRole('row').filter({ hasText: 'elu@laval.example' })).toContainText('Signataire');
	await expect(page.getByRole('button', { name: 'Envoyer l’invitation' })).toHaveCount(0);
	await expectAccessible(page);
});

test('at 360 px a wide table scrolls inside its own named region, reachable by keyboard, and the page does not', async ({ page, request }) => {
	const consortium = (await (await request.get('/api/v1/consortia?limit=1')).json()).data[0];
	await page.setViewportSize({ width: 360, height: 800 });
	await page.goto(`/consortia/${consortium.id}`);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	// The section is a region named by its heading; the table's scrolling box inside it is another, focusable.
	const members = page.getByRole('region', { name: 'Membres et invitations' }).and(page.locator('[tabindex="0"]'));
	await expect(members).toHaveCount(1);
	expect(await members.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
	await members.focus();
	await page.keyboard.press('ArrowRight');
	await expect.poll(() => members.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
	await expectAccessible(page);
});
