import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './support';

// Cities find each other: the directory and the référents, the guichet unique's replication tree, a request
// to join answered by the owner, and "Reproduire ce projet" creating a draft with the reusable parts.

test('the directory searches without accents and filters; the référents are listed by place', async ({ page }) => {
	test.setTimeout(180_000);
	await page.goto('/organisations');
	await expectAccessible(page);
	await page.getByLabel('Rechercher une organisation').fill('bethune');
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(page.getByRole('link', { name: 'Béthune', exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Nevers', exact: true })).toHaveCount(0);

	await page.goto('/organisations?kind=city&population=20k_50k&theme=public_services');
	await expect(page.getByRole('link', { name: 'Nevers', exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Beauvais', exact: true })).toHaveCount(0);

	await page.goto('/referents?departement=53');
	await expectAccessible(page);
	await expect(page.getByText('Julien Mercier')).toBeVisible();
	await expect(page.getByText('Amélie Roussel')).toHaveCount(0);

	const api = await (await page.request.get('/api/v1/referents?region=32')).json();
	expect(api.data.map((r: { organisationName: string }) => r.organisationName).sort()).toEqual(['Beauvais', 'Béthune', 'Saint-Quentin']);
	expect(api.next).toBeNull();
	expect(JSON.stringify(api)).not.toContain('@');

	await page.goto('/organisations/bethune');
	await expectAccessible(page);
	await expect(page.getByText('Amélie Roussel')).toBeVisible();
	await expect(page.getByText('Pas-de-Calais (62)')).toBeVisible();
});

test('Béthune accepts Beauvais as partner of the guichet unique; Saint-Quentin reproduces another project in one step', async ({ page }) => {
	test.setTimeout(180_000);
	await signIn(page, 'agent@bethune.example');
	// The replicas carry the original's title: Béthune's own page leads to the original.
	await page.goto('/organisations/bethune');
	await page.getByRole('link', { name: 'Guichet unique des démarches (démo)' }).click();
	await expect(page.getByText('Reproduit par 3 villes')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Les reproductions sur le territoire' })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Accepter Beauvais' }).click();
	await expect(page.getByText('Demande acceptée')).toBeVisible();
	await expect(page.getByText('Co-porteurs :')).toContainText('Beauvais');
	const projectUrl = page.url();
	const api = await (await page.request.get(`/api/v1/projects/${projectUrl.split('/').pop()}`)).json();
	expect(api.partners.map((p: { name: string }) => p.name)).toEqual(['Beauvais']);
	expect(api.replications).toHaveLength(3);
	expect(api.reuse.indicators[0].name).toBe('Démarches faites en ligne');

	await page.context().clearCookies();
	await signIn(page, 'agent@saint-quentin.example');
	await page.goto('/projects?q=conseillers%20numeriques');
	await page.getByRole('link', { name: 'Conseillers numériques itinérants' }).click();
	await page.getByRole('button', { name: 'Reproduire ce projet' }).click();
	await expect(page.getByText('Brouillon créé et reproduction déclarée')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: 'Conseillers numériques itinérants' })).toBeVisible();
	await expect(page.getByText('Aisne (02)')).toBeVisible();
	await expectAccessible(page);
	await page.setViewportSize({ width: 360, height: 800 });
	await page.screenshot({ path: 'tests/.tmp/results/replica-360.png', fullPage: true });
});

test('Beauvais sees cities like its own and writes to Béthune about the guichet unique; Béthune answers without JavaScript and forms a consortium from its partners', async ({
	page,
	browser
}) => {
	test.setTimeout(180_000);
	await signIn(page, 'agent@beauvais.example');
	await page.goto('/organisations/beauvais');
	const similar = page.getByTestId('similar-cities');
	await expect(page.getByRole('heading', { name: 'Villes comme la vôtre' })).toBeVisible();
	// Béthune accepted Beauvais as partner of its guichet unique (the test above): a project in common.
	await expect(similar.getByRole('listitem').filter({ hasText: 'Béthune' })).toContainText('1 projet en commun');
	await expectAccessible(page);

	await similar.getByRole('link', { name: 'Béthune', exact: true }).click();
	await page.getByRole('link', { name: 'Guichet unique des démarches (démo)' }).click();
	await page.getByRole('link', { name: 'Écrire à Béthune' }).click();
	await expect(page.getByRole('heading', { name: 'Écrire à Béthune' })).toBeVisible();
	await expectAccessible(page);
	await page.getByLabel('Votre message').fill('Bonjour, pouvons-nous comparer nos formulaires en ligne ?');
	await page.getByRole('button', { name: 'Envoyer le message' }).click();
	await expect(page.getByText('Message envoyé.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: 'Guichet unique des démarches (démo)' })).toBeVisible();
	await expect(page.getByText('Camille Martin pour Beauvais')).toBeVisible();
	await expectAccessible(page);

	const noScript = await browser.newContext({ javaScriptEnabled: false });
	const bethune = await noScript.newPage();
	await signIn(bethune, 'agent@bethune.example');
	await bethune.getByRole('link', { name: /Messages 1 conversation non lue/ }).click();
	await bethune.getByRole('link', { name: 'Guichet unique des démarches (démo)' }).click();
	await expect(bethune.getByText('Bonjour, pouvons-nous comparer nos formulaires en ligne ?')).toBeVisible();
	await bethune.getByLabel('Votre message').fill('Avec plaisir, voici les nôtres.');
	await bethune.getByRole('button', { name: 'Envoyer le message' }).click();
	await expect(bethune.getByText('Message envoyé.')).toBeVisible();
	await expect(bethune.getByText('Léa Durand pour Béthune')).toBeVisible();
	await expect(bethune.getByRole('link', { name: /Messages 1 conversation/ })).toHaveCount(0);

	await bethune.goto('/organisations/bethune');
	await bethune.getByRole('link', { name: 'Guichet unique des démarches (démo)' }).click();
	await bethune.getByRole('link', { name: 'Créer un consortium avec ces partenaires' }).click();
	await expect(bethune.getByLabel('Nom du consortium')).toHaveValue('Guichet unique des démarches (démo)');
	await expect(bethune.getByRole('checkbox', { name: 'Beauvais' })).toBeChecked();
	await bethune.setViewportSize({ width: 360, height: 800 });
	await bethune.screenshot({ path: 'tests/.tmp/results/consortium-from-partners-360.png', fullPage: true });
	await noScript.close();

	await page.setViewportSize({ width: 360, height: 800 });
	await page.goto('/organisations/beauvais');
	await page.screenshot({ path: 'tests/.tmp/results/similar-cities-360.png', fullPage: true });
});
