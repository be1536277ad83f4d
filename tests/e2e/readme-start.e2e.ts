import { expect, test } from '@playwright/test';
import { signIn, signOut } from './support';

// The instance playwright.config.ts starts exactly as the README's quick start does: `npm start`, with no
// ORIGIN and no HOST, only a port and a scratch data directory. Every other instance sets ORIGIN, which once
// hid that every form of this one was refused as cross-site (issue #10).
const port = Number(process.env.E2E_PORT ?? 4173) + 3;
test.use({ baseURL: `http://localhost:${port}` });

// playwright.config.ts counts this instance as started once `npm start` has built the app: it migrates and
// seeds the demo while the other instances start. Its tests wait until it answers.
test.beforeEach(async ({ request }) => {
	await expect
		.poll(async () => (await request.get('/healthz').catch(() => null))?.status(), { timeout: 120_000, message: 'the README instance answers /healthz' })
		.toBe(200);
});

const OPEN_FUND = 'Fonds d’expérimentation capteurs (démo)';

test('started as the README says, a person signs in, pledges and signs out', async ({ page }) => {
	await signIn(page, 'agent@saint-quentin.example');

	await page.goto('/funds');
	await page.getByRole('link', { name: OPEN_FUND }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: OPEN_FUND })).toBeVisible();
	const own = page.getByRole('region', { name: 'Pour Saint-Quentin' });
	await own.getByRole('textbox', { name: 'Montant (€)', exact: true }).fill('12 500');
	await own.getByRole('button', { name: 'Inscrire l’intention' }).click();
	await expect(page.getByText(/Intention de 12\s500,00\s€/).first()).toBeVisible();

	await signOut(page);
	await page.goto('/pledges');
	await expect(page).toHaveURL(/\/login/);
});

test('started as the README says, forms also work without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('Adresse e-mail').fill('agent@laval.example');
	await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill('entente-demo-2026');
	const response = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
		page.getByRole('button', { name: 'Se connecter' }).click()
	]).then(([r]) => r);
	expect(response.status(), 'the sign-in form is not refused as cross-site').not.toBe(403);
	await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
	await context.close();
});
