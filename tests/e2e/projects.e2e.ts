import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './support';

test('a city drafts, publishes and opens a project to a co-proposer; the public finds it', async ({ browser }) => {
	test.setTimeout(90_000);
	const laval = await (await browser.newContext()).newPage();
	await signIn(laval, 'agent@laval.example');

	await laval.goto('/projects');
	await laval.getByRole('link', { name: 'Proposer un projet' }).click();
	await expect(laval.getByRole('heading', { name: 'Proposer un projet' })).toBeVisible();
	await expectAccessible(laval);

	// Bad input first: nothing is written and what was typed stays.
	await laval.getByLabel('Titre').fill('Vélos en libre-service');
	await laval.getByLabel('Budget estimé (€)').fill('beaucoup');
	await laval.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
	await expect(laval.getByText('Résumez le projet en une ou deux phrases.')).toBeVisible();
	await expect(laval.getByText('Indiquez un montant en euros')).toBeVisible();
	await expect(laval.getByLabel('Titre')).toHaveValue('Vélos en libre-service');

	const title = `Vélos partagés ${Date.now().toString(36)}`;
	await laval.getByLabel('Titre').fill(title);
	await laval.getByLabel('Résumé').fill('Des vélos à assistance électrique entre les quartiers et la gare.');
	await laval.getByLabel('Description').fill('## Objectif\n\nRelier **les quartiers**. <script>window.hacked = true</script> [clic](javascript:alert(1))');
	await laval.getByLabel('Thématique').selectOption({ label: 'Mobilité' });
	await laval.getByLabel('Budget estimé (€)').fill('250 000');
	await laval.getByLabel('Départements concernés').selectOption(['53', '72']);
	await laval.getByLabel('Le projet cherche des villes ou des partenaires').check();
	await laval.getByRole('button', { name: 'Enregistrer le brouillon' }).click();

	await expect(laval.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(laval.getByText('Brouillon', { exact: true })).toBeVisible();
	const projectUrl = new URL(laval.url()).pathname;
	// The Markdown is rendered, the script and the javascript: link are not.
	await expect(laval.getByRole('heading', { name: 'Objectif' })).toBeVisible();
	await expect(laval.locator('article script')).toHaveCount(0);
	await expect(laval.locator('a[href^="javascript"]')).toHaveCount(0);
	expect(await laval.evaluate(() => (window as unknown as { hacked?: boolean }).hacked)).toBeUndefined();
	await expectAccessible(laval);

	// A draft is not public.
	const visitor = await (await browser.newContext()).newPage();
	expect((await visitor.goto(projectUrl))?.status()).toBe(404);

	await laval.getByRole('button', { name: 'Publier le projet' }).click();
	await expect(laval.getByText('Le projet est publié.')).toBeVisible();

	// Invite Nevers to co-propose.
	await laval.getByLabel('Inviter une collectivité à co-porter').selectOption({ label: 'Nevers (Commune)' });
	await laval.getByRole('button', { name: 'Inviter' }).click();
	await expect(laval.getByText('En attente de réponse : Nevers')).toBeVisible();

	const nevers = await (await browser.newContext()).newPage();
	await signIn(nevers, 'agent@nevers.example');
	await nevers.goto(projectUrl);
	await expect(nevers.getByRole('heading', { name: 'Vous êtes invité à co-porter ce projet' })).toBeVisible();
	await expectAccessible(nevers);
	await nevers.getByRole('button', { name: 'Accepter' }).click();
	await expect(nevers.getByText('Vous co-portez désormais ce projet.')).toBeVisible();

	// The public sees it, with its co-proposer, and finds it by searching without accents.
	await visitor.goto(projectUrl);
	await expect(visitor.getByRole('complementary').getByRole('link', { name: 'Nevers' })).toBeVisible();
	await visitor.goto('/projects?q=velos%20partages&theme=mobility&departement=72');
	await expect(visitor.getByRole('link', { name: title })).toBeVisible();
	await expectAccessible(visitor);
});

test('the project list searches accents and ligatures away and keeps its filters in the URL', async ({ page }) => {
	await page.goto('/projects');
	await page.getByLabel('Rechercher', { exact: true }).fill('coeur de ville');
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(page).toHaveURL(/q=coeur\+de\+ville/);
	await expect(page.getByRole('link', { name: 'Revitaliser le cœur de ville par le commerce connecté' })).toBeVisible();

	// FTS operators, quotes and parentheses are plain words (all must match), never an error.
	const response = await page.goto('/projects?q=%22c%C5%93ur%22%20(ville*)%20-');
	expect(response?.status()).toBe(200);
	await expect(page.getByRole('link', { name: 'Revitaliser le cœur de ville par le commerce connecté' })).toBeVisible();

	await page.goto('/projects?region=27');
	await expect(page.getByRole('link', { name: 'Conseillers numériques itinérants' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Revitaliser le cœur de ville par le commerce connecté' })).toHaveCount(0);
	await expect(page.getByLabel('Région')).toHaveValue('27');
});

test('the projects API answers public fields only, with the same filters', async ({ request }) => {
	const list = await (await request.get('/api/v1/projects?q=coeur&limit=5')).json();
	expect(list.data[0].title).toBe('Revitaliser le cœur de ville par le commerce connecté');
	expect(list.data.every((p: { status: string }) => p.status !== 'draft')).toBe(true);
	expect(JSON.stringify(list)).not.toContain('@');
	const one = await (await request.get(`/api/v1/projects/${list.data[0].id}`)).json();
	expect(one.coproposers).toEqual([expect.objectContaining({ name: 'Saint-Quentin' })]);
	expect(one.description).toContain('cœur de ville');
	expect((await request.get('/api/v1/projects?cursor=zzz')).status()).toBe(400);
});
