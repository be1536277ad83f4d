import { createClient } from '@libsql/client';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { E2E_DATABASE_URL, actPdf, expectAccessible, fillEvidence, newVerifiedUser, signIn } from './support';

// Cities find each other, as the issue tells it: Cahors (not in the demo) finds Béthune's guichet unique through the
// directory, asks to join it and reproduces it in one step (the draft carries the reusable parts and documents),
// Béthune accepts by keyboard alone and without JavaScript, the two write to each other, Cahors appears among
// "Villes comme la vôtre" on its dashboard and is invited into a consortium formed from the project's partners and
// the cities that replicate it.

/** The claim's verification is the administrators' (trust.e2e.ts): here Cahors is marked verified in the database. */
async function markVerified(inseeCode: string) {
	const client = createClient({ url: E2E_DATABASE_URL });
	try {
		await client.execute('PRAGMA busy_timeout = 5000');
		const result = await client.execute({
			sql: "UPDATE organisations SET verification_status = 'verified', reviewed_at = ? WHERE insee_code = ? AND verification_status = 'unverified'",
			args: [Date.now(), inseeCode]
		});
		expect(result.rowsAffected, `the claim of ${inseeCode} was verified`).toBe(1);
	} finally {
		client.close();
	}
}

/** Presses Tab until `target` has the focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, max = 150) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		if (await target.evaluate((element) => element === document.activeElement)) return;
	}
	throw new Error('not reached with the Tab key');
}

test('the référents are listed by place, in the page and in the API', async ({ page }) => {
	await page.goto('/referents?departement=53');
	await expectAccessible(page);
	await expect(page.getByText('Julien Mercier')).toBeVisible();
	await expect(page.getByText('Amélie Roussel')).toHaveCount(0);
	const api = await (await page.request.get('/api/v1/referents?region=32')).json();
	expect(api.data.map((r: { organisationName: string }) => r.organisationName).sort()).toEqual(['Beauvais', 'Béthune', 'Saint-Quentin']);
	expect(api.next).toBeNull();
	expect(JSON.stringify(api)).not.toContain('@');
	const directory = await (await page.request.get('/api/v1/organisations?q=bethune&kind=city')).json();
	expect(directory.data.map((o: { name: string }) => o.name)).toEqual(['Béthune']);
});

test('Cahors finds Béthune’s guichet unique, reproduces it, writes to Béthune and is invited into a consortium of its partners', async ({ page, browser }) => {
	test.setTimeout(300_000);
	// Béthune, without JavaScript throughout, attaches a reusable guide to its guichet unique.
	const noScript = await browser.newContext({ javaScriptEnabled: false });
	const bethune = await noScript.newPage();
	await signIn(bethune, 'agent@bethune.example');
	await bethune.goto('/organisations/bethune');
	await bethune.getByRole('link', { name: 'Guichet unique des démarches (démo)' }).click();
	const projectUrl = new URL(bethune.url()).pathname;
	const documents = bethune.getByRole('region', { name: 'Documents' });
	await documents.getByLabel('Fichier PDF').setInputFiles(await actPdf('Guide de mise en oeuvre'));
	await documents.getByRole('textbox', { name: 'Titre' }).fill('Guide de mise en œuvre');
	await documents.getByRole('checkbox', { name: /Réutilisable/ }).check();
	await documents.getByRole('button', { name: 'Joindre le document' }).click();
	await expect(bethune.getByText('Document joint.')).toBeVisible();
	await expect(bethune.getByRole('link', { name: /Guide de mise en œuvre/ })).toBeVisible();

	// Someone from Cahors signs up and claims the commune.
	await newVerifiedUser(page, 'cahors');
	await page.getByRole('link', { name: 'Commune', exact: true }).click();
	await page.getByRole('searchbox', { name: 'Nom, code postal ou code INSEE' }).fill('Cahors');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await page.getByRole('listitem').filter({ hasText: 'INSEE 46042' }).getByRole('link', { name: 'Inscrire Cahors', exact: true }).click();
	const claim = page.getByRole('region', { name: 'Revendiquer Cahors' });
	await fillEvidence(claim, 'Maire');
	await claim.getByRole('button', { name: 'Envoyer la demande pour Cahors' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Cahors' })).toBeVisible();
	await markVerified('46042');

	// The directory, searched without accents, leads to Béthune, its référent and its project.
	await page.goto('/organisations');
	await expectAccessible(page);
	await page.getByLabel('Rechercher une organisation').fill('bethune');
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(page.getByRole('link', { name: 'Nevers', exact: true })).toHaveCount(0);
	await page.getByRole('link', { name: 'Béthune', exact: true }).click();
	await expect(page.getByText('Amélie Roussel')).toBeVisible();
	await expect(page.getByText('Pas-de-Calais (62)')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Guichet unique des démarches (démo)' }).first().click();
	await expect(page.getByText('Reproduit par 3 villes')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Les reproductions sur le territoire' })).toBeVisible();
	// The tree's map spans the territories of the original and its replicas.
	await expect(page.getByRole('img', { name: /^Carte de France des départements couverts : Aisne \(02\), .*Pas-de-Calais \(62\)$/ })).toBeVisible();
	await expectAccessible(page);

	// Cahors asks to join, then reproduces the project in one step: its draft has the reusable parts.
	await page.getByLabel('Demander que Cahors rejoigne ce projet comme co-porteur').fill('Cahors ouvre le même accueil en 2027.');
	await page.getByRole('button', { name: 'Demander à rejoindre' }).click();
	await expect(page.getByText('Demande envoyée')).toBeVisible();
	await expect(page.getByText('Cahors demande à rejoindre le projet comme co-porteur')).toBeVisible();
	await page.getByRole('button', { name: 'Reproduire ce projet' }).click();
	await expect(page.getByText('Brouillon créé et reproduction déclarée')).toBeVisible();
	const draftUrl = new URL(page.url()).pathname;
	expect(draftUrl).not.toBe(projectUrl);
	await expect(page.getByRole('heading', { level: 1, name: 'Guichet unique des démarches (démo)' })).toBeVisible();
	await expect(page.getByText('Lot (46)')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Le principe' })).toBeVisible();
	await expect(page.getByText('Logiciel de suivi des demandes (adaptation)')).toBeVisible();
	await expect(page.getByText('Démarches faites en ligne')).toBeVisible();
	const guide = page.getByRole('link', { name: /Guide de mise en œuvre/ });
	const download = await page.request.get((await guide.getAttribute('href'))!);
	expect(download.headers()['content-type']).toBe('application/pdf');
	await expectAccessible(page);
	await page.setViewportSize({ width: 360, height: 800 });
	await page.screenshot({ path: 'tests/.tmp/results/replica-360.png', fullPage: true });
	await page.setViewportSize({ width: 1280, height: 800 });

	// Béthune accepts both requests with the keyboard alone.
	await bethune.goto(projectUrl);
	for (const done of [1, 2]) {
		await tabTo(bethune, bethune.getByRole('button', { name: 'Accepter Cahors' }).first());
		await bethune.keyboard.press('Enter');
		await expect(bethune.getByText('Demande acceptée')).toBeVisible();
		await expect(bethune.getByRole('button', { name: 'Accepter Cahors' })).toHaveCount(2 - done);
	}
	await expect(bethune.getByText('Co-porteurs :')).toContainText('Cahors');
	const api = await (await page.request.get(`/api/v1${projectUrl}`)).json();
	expect(api.partners.map((p: { name: string }) => p.name)).toEqual(['Cahors']);
	expect(api.replications.map((r: { name: string }) => r.name).sort()).toEqual(['Cahors', 'Laval', 'Nevers', 'Saint-Quentin']);

	// Béthune is now among the cities like Cahors, on Cahors' dashboard (the home page of who acts for it); Cahors
	// writes to it from the project.
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Villes comme la vôtre' })).toBeVisible();
	await expect(page.getByTestId('similar-cities').getByRole('listitem').filter({ hasText: 'Béthune' })).toContainText('en commun');
	await expectAccessible(page);
	await page.goto(projectUrl);
	await page.getByRole('link', { name: 'Écrire à Béthune' }).first().click();
	await expectAccessible(page);
	await page.getByLabel('Votre message').fill('Bonjour, pouvons-nous voir votre programme de formation ?');
	await page.getByRole('button', { name: 'Envoyer le message' }).click();
	await expect(page.getByText('Message envoyé.')).toBeVisible();

	// Béthune answers, then forms a consortium with the project's partners.
	await bethune.goto('/messages');
	await bethune.getByRole('listitem').filter({ hasText: 'Cahors' }).getByRole('link').first().click();
	await expect(bethune.getByText('Bonjour, pouvons-nous voir votre programme de formation ?')).toBeVisible();
	await bethune.getByLabel('Votre message').fill('Avec plaisir, le voici.');
	await bethune.getByLabel('Pièce jointe (facultative)').setInputFiles({ ...(await actPdf('Programme de formation')), name: 'programme-formation.pdf' });
	await bethune.getByRole('button', { name: 'Envoyer le message' }).click();
	await expect(bethune.getByText('Message envoyé.')).toBeVisible();
	await page.goto('/messages');
	await expect(page.getByRole('link', { name: /Messages 1 conversation non lue/ })).toBeVisible();
	// axe runs in the page's JavaScript: the thread is checked from Cahors' side.
	await page.getByRole('listitem').filter({ hasText: 'Béthune' }).getByRole('link').first().click();
	await expect(page.getByText('Avec plaisir, le voici.')).toBeVisible();
	// The PDF Béthune joined, sent without JavaScript, is downloaded by the thread's other party.
	const programme = await page.request.get((await page.getByRole('link', { name: /^programme-formation\.pdf \(PDF/ }).getAttribute('href'))!);
	expect(programme.headers()['content-type']).toBe('application/pdf');
	await expectAccessible(page);

	await bethune.goto(projectUrl);
	await bethune.getByRole('link', { name: 'Créer un consortium avec les partenaires et les villes qui reproduisent ce projet' }).click();
	await expect(bethune.getByRole('checkbox', { name: 'Cahors (co-porteur, reproduit le projet)' })).toBeChecked();
	await expect(bethune.getByRole('checkbox', { name: 'Laval (reproduit le projet)' })).toBeChecked();
	await bethune.getByRole('button', { name: 'Créer le consortium' }).click();
	await expect(bethune.getByText('Le consortium est créé.')).toBeVisible();
	const consortiumUrl = new URL(bethune.url()).pathname;
	await noScript.close();

	await page.goto(consortiumUrl);
	await expect(page.getByRole('button', { name: 'Accepter l’invitation' })).toBeVisible();
	await expectAccessible(page);
	await page.setViewportSize({ width: 360, height: 800 });
	await page.screenshot({ path: 'tests/.tmp/results/consortium-invitation-360.png', fullPage: true });
});
