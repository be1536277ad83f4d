import { expect, test } from '@playwright/test';
import { expectAccessible, linkFromMail, newPassword, newVerifiedUser, signIn, signOut, uniqueEmail } from './support';

// Emails to one address are spaced out (two at once, then minutes apart): this file asks one link per address.

test('a forgotten password is replaced through the emailed link, once', async ({ page }) => {
	const person = await newVerifiedUser(page, 'oubli');
	await signOut(page);

	await page.goto('/login');
	await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' })).toBeVisible();
	await page.getByLabel('Adresse e-mail').fill(person.email);
	await page.getByRole('button', { name: 'Envoyer le lien' }).click();
	await expect(page.getByRole('status')).toHaveText(`Si un compte existe pour ${person.email}, un lien vient d’y être envoyé. Il est valable une heure.`);

	const resetPath = await linkFromMail(person.email, '/reset-password/');
	await page.goto(resetPath);
	await expect(page.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' })).toBeVisible();
	await expectAccessible(page);

	// Too short: refused next to the field.
	const field = page.getByRole('textbox', { name: 'Nouveau mot de passe' });
	await field.fill('court');
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(page.getByText('Le mot de passe doit compter au moins 10 caractères.')).toBeVisible();
	await expect(field).toHaveAttribute('aria-invalid', 'true');

	const password = newPassword();
	await field.fill(password);
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(page).toHaveURL(/\/account$/);
	await expect(page.getByText('Votre mot de passe a été changé et vos autres sessions ont été fermées.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
	await signOut(page);

	// The old password no longer works; the new one does.
	await page.goto('/login');
	await page.getByLabel('Adresse e-mail').fill(person.email);
	await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(person.password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
	await expect(page.getByLabel('Adresse e-mail')).toHaveValue(person.email);
	await expectAccessible(page);
	await signIn(page, person.email, password);
	await signOut(page);

	// The same link a second time is refused.
	await page.goto(resetPath);
	await expect(page.getByRole('alert')).toHaveText('Ce lien n’est plus valable : il a déjà servi ou a expiré.');
	await expect(page.getByRole('textbox', { name: 'Nouveau mot de passe' })).toHaveCount(0);
	await page.getByRole('link', { name: 'Demander un nouveau lien' }).click();
	await expect(page).toHaveURL(/\/reset-password$/);
});

test('asking a reset for an unknown address gives the same answer', async ({ page }) => {
	const nobody = uniqueEmail('inconnu');
	await page.goto('/reset-password');
	await page.getByLabel('Adresse e-mail').fill(nobody);
	await page.getByRole('button', { name: 'Envoyer le lien' }).click();
	await expect(page.getByRole('status')).toHaveText(`Si un compte existe pour ${nobody}, un lien vient d’y être envoyé. Il est valable une heure.`);
	await expectAccessible(page);
});
