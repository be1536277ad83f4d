import { expect, test } from '@playwright/test';
import { uniqueEmail } from './support';

test('the site switches to English and back to French', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();

	await page.getByRole('link', { name: 'English' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1, name: 'Medium-sized cities pooling their means' })).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Projects' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Se connecter' })).toHaveCount(0);

	// The choice sticks from page to page, and the switch comes back to the page it was used on.
	await page.getByRole('link', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
	await page.getByRole('link', { name: 'Français' }).click();
	await expect(page).toHaveURL(/\/login$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await expect(page.getByRole('heading', { level: 1, name: 'Se connecter' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'English' })).toBeVisible();
});

test('a sign-up error is shown in English next to its field, keeping what was typed but the password', async ({ page }) => {
	await page.goto('/language/en?redirectTo=%2Fsignup');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();

	const email = uniqueEmail('english');
	await page.getByLabel('Full name').fill('Jane Smith');
	await page.getByLabel('Email address').fill(email);
	const password = page.getByRole('textbox', { name: 'Password', exact: true });
	await password.fill('short');
	await page.getByRole('button', { name: 'Create my account' }).click();

	const message = page.getByText('The password must be at least 10 characters long.');
	await expect(message).toBeVisible();
	await expect(password).toHaveAttribute('aria-invalid', 'true');
	// The message is tied to the field for screen readers.
	await expect(password).toHaveAccessibleDescription(/The password must be at least 10 characters long\./);
	await expect(page.getByLabel('Full name')).toHaveValue('Jane Smith');
	await expect(page.getByLabel('Email address')).toHaveValue(email);
	await expect(password).toHaveValue('');
});
