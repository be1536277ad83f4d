import { expect, test } from '@playwright/test';
import { expectAccessible, newVerifiedUser, signIn, uniqueEmail, answerTotp } from './support';

test('sign-up refuses a bad address and a short password next to the fields, keeping what was typed', async ({ page }) => {
	await page.goto('/signup');
	await page.getByLabel('Nom et prénom').fill('Jeanne Martin');
	await page.getByLabel('Adresse e-mail').fill('jeanne.martin@');
	const password = page.getByRole('textbox', { name: 'Mot de passe', exact: true });
	await password.fill('court');
	await page.getByRole('button', { name: 'Créer mon compte' }).click();

	const email = page.getByLabel('Adresse e-mail');
	await expect(email).toHaveAccessibleDescription(/Cette adresse e-mail n’est pas valide \(exemple : prenom\.nom@ville\.fr\)\./);
	await expect(email).toHaveAttribute('aria-invalid', 'true');
	await expect(password).toHaveAccessibleDescription(/Le mot de passe doit compter au moins 10 caractères\./);
	await expect(password).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Nom et prénom')).not.toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Nom et prénom')).toHaveValue('Jeanne Martin');
	await expect(email).toHaveValue('jeanne.martin@');
	await expect(password).toHaveValue('');
	await expect(page.getByText('Vérifiez votre messagerie')).toHaveCount(0);
	await expectAccessible(page);

	// An empty form: each field says what is missing.
	await page.getByLabel('Nom et prénom').fill('');
	await email.fill('');
	await page.getByRole('button', { name: 'Créer mon compte' }).click();
	await expect(page.getByText('Indiquez votre nom.')).toBeVisible();
	await expect(page.getByText('Indiquez votre adresse e-mail.')).toBeVisible();
});

test('a startup SIREN with a wrong check digit is refused', async ({ page }) => {
	await newVerifiedUser(page, 'siren');
	await page.goto('/organisations/new?kind=startup');
	await page.getByLabel('Nom de l’organisation').fill('Clé Fausse SAS');
	const siren = page.getByRole('textbox', { name: 'SIREN ou SIRET', exact: true });
	await siren.fill('732829321');
	await page.getByLabel('Code NAF').fill('6201');
	await page.getByRole('button', { name: 'Inscrire l’organisation' }).click();

	await expect(siren).toHaveAccessibleDescription(/Ce numéro n’est pas valide : vérifiez les chiffres \(la clé de contrôle ne correspond pas\)\./);
	await expect(siren).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Code NAF')).toHaveAccessibleDescription(/Un code NAF s’écrit comme 62\.01Z/);
	await expect(siren).toHaveValue('732829321');
	await expect(page.getByLabel('Nom de l’organisation')).toHaveValue('Clé Fausse SAS');
	await expect(page).toHaveURL(/\/organisations\/new/);
	await expectAccessible(page);

	// A SIRET whose SIREN part is wrong is refused too.
	await siren.fill('73282932100074');
	await page.getByLabel('Code NAF').fill('62.01Z');
	await page.getByRole('button', { name: 'Inscrire l’organisation' }).click();
	await expect(siren).toHaveAccessibleDescription(/la clé de contrôle ne correspond pas/);
	await expect(page.getByLabel('Code NAF')).not.toHaveAttribute('aria-invalid', 'true');
});

test('an unknown address gives a 404 page', async ({ page }) => {
	const response = await page.goto('/cette-page-nexiste-pas');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
	await expect(page.getByText('Cette page n’existe pas ou n’est pas publique.')).toBeVisible();
	await expect(page).toHaveTitle(/Page introuvable/);
	await page.getByRole('link', { name: 'Revenir à l’accueil' }).click();
	await expect(page).toHaveURL(/\/$/);

	// An organisation that does not exist, too.
	expect((await page.goto('/organisations/nulle-part-sur-terre'))?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
});

test('the administration is refused to someone who is not a platform admin', async ({ page }) => {
	await signIn(page, 'agent@nevers.example');
	await expect(page.getByRole('link', { name: 'Administration' })).toHaveCount(0);
	const response = await page.goto('/admin');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible();
	await expect(page.getByText('Vous n’avez pas le droit de faire cela.')).toBeVisible();
	expect((await page.goto('/admin/audit'))?.status()).toBe(403);
});

test('the account page sends a signed-out visitor to the sign-in page, then back', async ({ page }) => {
	await page.goto('/account');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Se connecter' })).toBeVisible();

	// A wrong password is refused without saying which part is wrong.
	await page.getByLabel('Adresse e-mail').fill(uniqueEmail('personne'));
	await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill('pas-le-bon-mot-de-passe');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.');

	await page.getByLabel('Adresse e-mail').fill('elu@beauvais.example');
	await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill('entente-demo-2026');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	// A signatory has an authenticator: the code comes before the page asked for.
	await expect(page).toHaveURL(/\/two-factor\?redirectTo=%2Faccount$/);
	await answerTotp(page);
	await expect(page).toHaveURL(/\/account$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
});
