import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, confirmEmail, newPassword, signIn, signOut, signUp, uniqueEmail, DEMO_TOTP_SECRET, totpCodeFor } from './support';

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a person signs up, signs in and registers a partner organisation', async ({ page }) => {
		const person = { name: 'Noé Sans-Script', email: uniqueEmail('sans-js'), password: newPassword() };
		await signUp(page, person);
		await confirmEmail(page, person.email);
		await signOut(page);

		await signIn(page, person.email, person.password);
		await page.goto('/account');
		await page.getByRole('main').getByRole('link', { name: 'Inscrire une organisation' }).click();
		await page.getByRole('link', { name: 'Partenaire financeur' }).click();
		await expect(page).toHaveURL(/kind=partner/);

		// A refused form comes back from the server with its message next to the field.
		const name = page.getByRole('textbox', { name: 'Nom de l’organisation' });
		const description = page.getByRole('textbox', { name: 'Présentation' });
		await description.fill('Un fonds régional qui abonde les projets des villes moyennes.');
		await page.getByRole('button', { name: 'Inscrire l’organisation' }).click();
		await expect(name).toHaveAccessibleDescription('Indiquez le nom de l’organisation.');
		await expect(page.getByRole('link', { name: 'Partenaire financeur' })).toHaveAttribute('aria-current', 'page');
		await expect(description).toHaveValue('Un fonds régional qui abonde les projets des villes moyennes.');

		const partnerName = `Fonds Sans Script ${Date.now().toString(36)}`;
		await name.fill(partnerName);
		await page.getByRole('button', { name: 'Inscrire l’organisation' }).click();
		await expect(page.getByRole('heading', { level: 1, name: partnerName })).toBeVisible();
		await expect(page.getByText('Partenaire financeur', { exact: true })).toBeVisible();
		await expect(page.getByText('En attente de vérification')).toBeVisible();
		await expect(page.getByText('Votre demande a été enregistrée.')).toBeVisible();

		// The account lists it, and the language switch is a plain link.
		await page.goto('/account');
		await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: partnerName })).toContainText('Administrateur');
		await page.getByRole('link', { name: 'English' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
	});
});

test.describe('with the keyboard only', () => {
	test('the skip link comes first and moves to the content', async ({ page }) => {
		await page.goto('/');
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Aller au contenu' });
		await expect(skip).toBeFocused();
		await expect(skip).toBeVisible();
		await expect(skip).toBeInViewport();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/#main$/);
		await expect(page.getByRole('main')).toBeFocused();
		// The next stop is inside the content, not back in the header.
		await page.keyboard.press('Tab');
		await expect(page.getByRole('main').getByRole('link', { name: 'Créer un compte' })).toBeFocused();
	});

	test('signing in with the keyboard alone', async ({ page }) => {
		await page.goto('/login');
		await page.keyboard.press('Tab');
		await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
		await page.keyboard.press('Enter');
		await page.keyboard.press('Tab');
		await expect(page.getByRole('textbox', { name: 'Adresse e-mail' })).toBeFocused();
		await page.keyboard.type('elu@bethune.example');
		await page.keyboard.press('Tab');
		await expect(page.getByRole('textbox', { name: 'Mot de passe', exact: true })).toBeFocused();
		await page.keyboard.type(DEMO_PASSWORD);
		await page.keyboard.press('Enter');
		// A signatory's second step, by keyboard too (the code computed from the demo secret).
		await expect(page.getByRole('heading', { level: 1, name: 'Code de vérification' })).toBeVisible();
		await page.keyboard.press('Tab');
		await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
		await page.keyboard.press('Enter');
		await page.keyboard.press('Tab');
		const code = page.getByRole('textbox', { name: 'Code à six chiffres' });
		await expect(code).toBeFocused();
		for (const step of [0, 1]) {
			await page.keyboard.press('ControlOrMeta+A');
			await page.keyboard.type(totpCodeFor(DEMO_TOTP_SECRET, step));
			await page.keyboard.press('Enter');
			// The other worker may have just used this step's code for the same account: then the next one.
			const passed = await page
				.waitForURL((url) => !url.pathname.startsWith('/two-factor'), { timeout: 5_000 })
				.then(
					() => true,
					() => false
				);
			if (passed) break;
			await expect(code).toBeFocused();
		}
		await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
		await expect(page).toHaveURL(/\/$/);
	});
});
