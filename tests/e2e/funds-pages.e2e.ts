import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { expectAccessible, signIn } from './support';

// The funds pages as their people use them: the coordinator opens a fund from the consortium's page,
// a member enters an intent, a signatory approves it with the council's délibération (and the person
// who entered it cannot), a partner offers match funding, and every page shows the ledger's totals.

const CONSORTIUM = 'Villes de France connectées (démo)'; // coordinated by Béthune in the demo
const PARTNER = 'Fonds Territoires Connectés (démo)';

/** Today in France, as a date field takes it. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

async function signedIn(browser: Browser, email: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email);
	return page;
}

/** A figure of the fund's totals, by its name ("Approuvé", "Dont abondements"…). */
function total(page: Page, key: string): Locator {
	return page.locator(`[data-total="${key}"] dd`);
}

/** The card of one of the acting organisation's intents, by its amount. */
function intentCard(page: Page, amount: RegExp) {
	return page.getByRole('region', { name: amount });
}

test('a fund is opened, pledged to, approved by another signatory, matched, and its totals follow', async ({ page, browser }) => {
	test.setTimeout(300_000); // four people in their own browsers
	const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
	const fundName = `Fonds capteurs de qualité de l’air ${suffix}`;

	// 1. Béthune's admin finds the consortium's funds on its page and opens one.
	await signIn(page, 'agent@bethune.example');
	await page.goto('/consortia');
	await page.getByRole('link', { name: CONSORTIUM }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: CONSORTIUM })).toBeVisible();
	const fundsSection = page.getByRole('region', { name: 'Fonds', exact: true });
	await expect(fundsSection).toBeVisible();
	await fundsSection.getByRole('link', { name: 'Ouvrir un fonds' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Ouvrir un fonds' })).toBeVisible();
	await expect(page.getByText(`Vous ouvrez un fonds partagé pour le consortium « ${CONSORTIUM} », au nom de Béthune`)).toBeVisible();
	await expect(page.getByRole('radio', { name: /Fonds d'investissement smart city/ })).toBeChecked();

	// Bad input is refused field by field, and what was typed stays.
	await page.getByLabel('Objet').fill('Équiper **cinq villes** de capteurs de qualité de l’air partagés.');
	await page.getByLabel('Objectif (€)').fill('500 000');
	await page.getByLabel('Seuil (€)').fill('600 000');
	await page.getByRole('button', { name: 'Ouvrir le fonds' }).click();
	await expect(page.getByText('Donnez un nom au fonds.')).toBeVisible();
	await expect(page.getByLabel('Seuil (€)')).toHaveAccessibleDescription(/Le seuil ne peut pas dépasser l'objectif\./);
	await expect(page.getByLabel('Seuil (€)')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Objet')).toHaveValue(/cinq villes/);
	await expect(page.getByLabel('Objectif (€)')).toHaveValue('500 000');
	await expectAccessible(page);

	await page.getByLabel('Nom du fonds').fill(fundName);
	await page.getByLabel('Seuil (€)').fill('300 000');
	await page.getByRole('button', { name: 'Ouvrir le fonds' }).click();
	await expect(page.getByRole('heading', { level: 1, name: fundName })).toBeVisible();
	await expect(page.getByText(`Le fonds « ${fundName} » est ouvert. Les membres du consortium sont prévenus.`)).toBeVisible();
	const fundPath = new URL(page.url()).pathname;
	await expect(page.getByText('Ouvert aux engagements', { exact: true })).toBeVisible();
	await expect(page.locator('strong', { hasText: 'cinq villes' })).toBeVisible();
	await expect(page.getByText(/Échéance : .*\(dans (29|30) jours\)/)).toBeVisible();
	await expect(page.getByText('0 € engagés sur un objectif de 500 000 € (0 %). Seuil : 300 000 €, il manque 300 000 €.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Registre des mouvements' })).toHaveAttribute('href', `${fundPath}/ledger`);
	await expect(page.getByRole('link', { name: 'Tableau de bord du coordinateur' })).toHaveAttribute('href', `${fundPath}/dashboard`);
	await expectAccessible(page);

	// 2. Nevers's admin enters an intent, then changes it; it cannot approve it.
	const agent = await signedIn(browser, 'agent@nevers.example');
	// Field keeps what is typed before hydration in inputs, not yet in textareas: wait for the page's JavaScript.
	await agent.goto(fundPath, { waitUntil: 'networkidle' });
	await expect(agent.getByRole('link', { name: 'Tableau de bord du coordinateur' })).toHaveCount(0);
	const own = agent.getByRole('region', { name: 'Pour Nevers' });
	await own.getByRole('textbox', { name: 'Montant (€)', exact: true }).fill('beaucoup');
	await own.getByLabel('Note (facultatif)').fill('Budget primitif 2027, ligne 2188');
	await own.getByRole('button', { name: 'Inscrire l’intention' }).click();
	await expect(own.getByRole('textbox', { name: 'Montant (€)', exact: true })).toHaveAccessibleDescription(/Indiquez un montant en euros/);
	await expect(own.getByRole('textbox', { name: 'Montant (€)', exact: true })).toHaveValue('beaucoup');
	await expect(own.getByLabel('Note (facultatif)')).toHaveValue('Budget primitif 2027, ligne 2188');
	await own.getByRole('textbox', { name: 'Montant (€)', exact: true }).fill('40 000');
	await own.getByRole('button', { name: 'Inscrire l’intention' }).click();
	await expect(agent.getByText('Intention de 40 000,00 € inscrite pour Nevers.', { exact: false })).toBeVisible();
	const agentIntent = intentCard(agent, /Intention de 40\s000,00\s€/);
	await expect(agentIntent).toContainText('Note : Budget primitif 2027, ligne 2188');
	// Told who, by name, approves it and how (never a promise no one can keep).
	await expect(agentIntent).toContainText(/À approuver par .+ \(signataire de Nevers\), avec le numéro et la date de la délibération/);
	await expect(agentIntent.getByRole('button', { name: /Approuver l’engagement/ })).toHaveCount(0);
	await agentIntent.getByLabel('Nouveau montant (€)').fill('45 000');
	await agentIntent.getByRole('button', { name: /Modifier le montant/ }).click();
	await expect(agent.getByText('Le montant de l’intention est maintenant de 45 000,00 €.')).toBeVisible();
	await expect(intentCard(agent, /Intention de 45\s000,00\s€/)).toBeVisible();
	await expectAccessible(agent);

	// 3. Nevers's signatory approves the admin's intent, then enters one of its own (one open intent per
	// organisation and fund: a second one waits until the first is approved); someone else must approve that one.
	const elu = await signedIn(browser, 'elu@nevers.example');
	await elu.goto(fundPath);
	const toApprove = intentCard(elu, /Intention de 45\s000,00\s€/);
	await toApprove.getByLabel('Numéro de la délibération').fill('!!');
	await toApprove.getByLabel('Date de la délibération').fill(today());
	await toApprove.getByRole('button', { name: /Approuver l’engagement/ }).click();
	await expect(toApprove.getByLabel('Numéro de la délibération')).toHaveAccessibleDescription(/Le numéro doit commencer par une lettre ou un chiffre/);
	await expect(toApprove.getByLabel('Numéro de la délibération')).toHaveValue('!!');
	await expect(toApprove.getByLabel('Date de la délibération')).toHaveValue(today());
	await expectAccessible(elu);
	await toApprove.getByLabel('Numéro de la délibération').fill('2026-201');
	await toApprove.getByRole('button', { name: /Approuver l’engagement/ }).click();
	await expect(elu.getByText('Engagement approuvé (délibération n° 2026-201). Il compte désormais dans le fonds.')).toBeVisible();
	await expect(intentCard(elu, /Intention de 45\s000,00\s€/)).toHaveCount(0);

	const eluOwn = elu.getByRole('region', { name: 'Pour Nevers' });
	await eluOwn.getByRole('textbox', { name: 'Montant (€)', exact: true }).fill('5 000');
	await eluOwn.getByRole('button', { name: 'Inscrire l’intention' }).click();
	await expect(elu.getByText('Intention de 5 000,00 € inscrite pour Nevers.', { exact: false })).toBeVisible();
	const eluIntent = intentCard(elu, /Intention de 5\s000,00\s€/);
	// Nevers has no other signatory: the card says so, and what its admin does about it.
	await expect(eluIntent).toContainText('Personne ne peut encore l’approuver : Nevers n’a pas d’autre signataire que la personne qui l’a saisie ou modifiée.');
	await expect(eluIntent.getByRole('button', { name: /Approuver l’engagement/ })).toHaveCount(0);

	// 4. The partner offers to match 1 € per euro, up to 10 000 € per pledge: the approved pledge is matched at once.
	const partner = await signedIn(browser, 'partenaire@fonds-territoires.example');
	await partner.goto(fundPath);
	const match = partner.getByRole('region', { name: 'Abonder ce fonds' });
	await expect(match.getByLabel('Ratio (%)')).toHaveValue('100');
	await match.getByLabel('Plafond par engagement (€, facultatif)').fill('10 000');
	await match.getByLabel('Plafond total (€)').fill('0');
	await match.getByRole('button', { name: 'Proposer l’abondement' }).click();
	await expect(match.getByLabel('Plafond total (€)')).toHaveAccessibleDescription(/Saisissez un montant supérieur à zéro\./);
	await expect(match.getByLabel('Plafond par engagement (€, facultatif)')).toHaveValue('10 000');
	await expectAccessible(partner);
	await match.getByLabel('Plafond total (€)').fill('20 000');
	await match.getByRole('button', { name: 'Proposer l’abondement' }).click();
	await expect(partner.getByText(`Offre d’abondement de ${PARTNER} enregistrée.`, { exact: false })).toBeVisible();
	// The admin who entered it is told who approves it; the partner's signatory approves it with its decision.
	await expect(
		partner.getByText('Elle n’engage le partenaire qu’une fois approuvée par une autre personne signataire, avec la référence de sa décision.', {
			exact: false
		})
	).toBeVisible();
	const director = await signedIn(browser, 'direction@fonds-territoires.example');
	await director.goto(fundPath);
	const proposed = director.getByRole('region', { name: /Offre d’abondement jusqu’à 20[\s\u202f\u00a0]000,00/ });
	await proposed.getByLabel('Référence de la décision').fill('CA-2026-07');
	await proposed.getByLabel('Date de la décision').fill(today());
	await proposed.getByRole('button', { name: /Approuver l’offre/ }).click();
	await expect(director.getByText('Offre d’abondement approuvée : 10 000,00 € abondés dès maintenant.')).toBeVisible();

	// 4b. Without JavaScript, Beauvais's admin pledges (after a refusal that keeps what was typed), then withdraws.
	const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
	await signIn(noScript, 'agent@beauvais.example');
	await noScript.goto(fundPath);
	const beauvais = noScript.getByRole('region', { name: 'Pour Beauvais' });
	await beauvais.getByRole('textbox', { name: 'Montant (€)', exact: true }).fill('0');
	await beauvais.getByRole('button', { name: 'Inscrire l’intention' }).click();
	await expect(noScript.getByRole('region', { name: 'Pour Beauvais' }).getByRole('textbox', { name: 'Montant (€)', exact: true })).toHaveValue('0');
	await expect(noScript.getByText('Saisissez un montant supérieur à zéro.')).toBeVisible();
	await noScript.getByRole('region', { name: 'Pour Beauvais' }).getByRole('textbox', { name: 'Montant (€)', exact: true }).fill('10 000');
	await noScript.getByRole('region', { name: 'Pour Beauvais' }).getByRole('button', { name: 'Inscrire l’intention' }).click();
	await expect(noScript.getByText('Intention de 10 000,00 € inscrite pour Beauvais.', { exact: false })).toBeVisible();
	await intentCard(noScript, /Intention de 10\s000,00\s€/)
		.getByRole('button', { name: /Retirer l’intention/ })
		.click();
	await expect(noScript.getByText('L’intention est retirée. Le registre en garde la trace.')).toBeVisible();
	await expect(intentCard(noScript, /Intention de 10\s000,00\s€/)).toHaveCount(0);
	await expect(noScript.getByRole('region', { name: 'Beauvais', exact: true }).getByRole('row').filter({ hasText: '10 000,00 €' })).toContainText('Retiré');

	// 5. Anyone sees the fund's money as the ledger sums it.
	const visitor = await (await browser.newContext()).newPage();
	await visitor.goto(fundPath);
	await expect(total(visitor, 'intent')).toHaveText('5 000,00 €');
	await expect(total(visitor, 'approved')).toHaveText('55 000,00 €');
	await expect(total(visitor, 'called')).toHaveText('0,00 €');
	await expect(total(visitor, 'received')).toHaveText('0,00 €');
	await expect(total(visitor, 'matched')).toHaveText('10 000,00 €');
	await expect(total(visitor, 'disbursed')).toHaveText('0,00 €');
	await expect(total(visitor, 'available')).toHaveText('0,00 €');
	await expect(
		visitor.getByText('55 000 € engagés sur un objectif de 500 000 € (11 %). Seuil : 300 000 €, il manque 245 000 €. S’y ajoutent 5 000 € d’intentions')
	).toBeVisible();
	const nevers = visitor.getByRole('region', { name: 'Nevers', exact: true });
	await expect(nevers).toContainText('Engagé : 45 000,00 € · reçu : 0,00 € · intentions : 5 000,00 €.');
	await expect(nevers.getByRole('row')).toHaveCount(3); // the header and two pledges
	await expect(nevers.getByRole('row').filter({ hasText: '45 000,00 €' })).toContainText('Approuvé');
	await expect(nevers.getByRole('row').filter({ hasText: '45 000,00 €' })).toContainText('Délibération n° 2026-201');
	// A member's note is for its organisation, not for the public.
	await expect(visitor.getByText('Budget primitif 2027')).toHaveCount(0);
	const partnerSection = visitor.getByRole('region', { name: PARTNER, exact: true });
	await expect(partnerSection.getByRole('row').filter({ hasText: '10 000,00 €' })).toContainText('Abondement de l’engagement de Nevers');
	const offer = visitor.getByRole('region', { name: 'Abondements des partenaires' }).getByRole('listitem');
	await expect(offer).toContainText('1,00 € pour 1 € engagé (100 %)');
	await expect(offer).toContainText('Abondé à ce jour');
	await expect(offer).toContainText('10 000,00 €');
	await expect(visitor.getByRole('region', { name: 'Pour Nevers' })).toHaveCount(0);
	await expect(visitor.getByText('Vous représentez une collectivité membre du consortium ou un partenaire financeur ?')).toBeVisible();
	await expectAccessible(visitor);

	// The list of funds and the consortium's page show it too.
	await visitor.goto('/funds?status=open');
	const listed = visitor.getByRole('listitem').filter({ has: visitor.getByRole('heading', { level: 2, name: fundName }) });
	await expect(listed).toContainText(CONSORTIUM);
	await expect(listed).toContainText('55 000 € engagés sur un objectif de 500 000 € (11 %)');
	await page.reload();
	await page.getByRole('link', { name: CONSORTIUM }).click();
	await expect(page.getByRole('heading', { level: 1, name: CONSORTIUM })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Fonds', exact: true }).getByRole('listitem').filter({ hasText: fundName })).toContainText(
		'Ouvert aux engagements · 55 000 € engagés sur 500 000 €'
	);

	// 6. Nevers's pledges page: the approved pledge, the intent waiting for another signatory, the open fund.
	await agent.getByRole('link', { name: 'Engagements', exact: true }).click();
	await expect(agent.getByRole('heading', { level: 1, name: 'Engagements de Nevers' })).toBeVisible();
	const all = agent.getByRole('region', { name: 'Tous les engagements' }).getByRole('listitem').filter({ hasText: fundName });
	await expect(all).toHaveCount(2);
	await expect(all.filter({ hasText: '45 000,00 €' })).toContainText('Approuvé');
	await expect(all.filter({ hasText: '5 000,00 €' }).filter({ hasNotText: '45 000,00 €' })).toContainText('Intention');
	const waiting = agent
		.getByRole('region', { name: /À approuver/ })
		.getByRole('listitem')
		.filter({ hasText: fundName });
	await expect(waiting).toContainText('Intention de 5 000,00 €');
	// Entered by Nevers's only signatory: nobody can approve it yet, and the page says what the admin does about it.
	await expect(waiting).toContainText('Personne ne peut encore l’approuver : Nevers n’a pas d’autre signataire');
	await expect(waiting).toContainText('Un·e admin de Nevers donne le rôle de signataire à une autre personne');
	await expect(agent.getByRole('region', { name: 'Fonds ouverts à vos engagements' }).getByRole('link', { name: fundName, exact: true })).toBeVisible();
	await expectAccessible(agent);
});

test('bad fund addresses are 404, and the creation page is for signed-in coordinators', async ({ page }) => {
	expect((await page.goto('/funds/nexistepas'))?.status()).toBe(404);
	expect((await page.goto('/funds/abcdefghijklmnop'))?.status()).toBe(404);
	await page.goto('/funds/new?consortium=abcdefghijklmnop');
	await expect(page).toHaveURL(/\/login\?redirectTo=/);

	await signIn(page, 'agent@nevers.example');
	expect((await page.goto('/funds/new?consortium=abcdefghijklmnop'))?.status()).toBe(404);
	expect((await page.goto('/funds/new?consortium=..%2F..'))?.status()).toBe(404);
	// Nevers does not coordinate the demo consortium: the page says who may open a fund, and shows no form.
	await page.goto('/consortia');
	await page.getByRole('link', { name: CONSORTIUM }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: CONSORTIUM })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Ouvrir un fonds' })).toHaveCount(0);
	const consortiumId = new URL(page.url()).pathname.split('/').pop();
	await page.goto(`/funds/new?consortium=${consortiumId}`);
	await expect(page.getByRole('alert')).toContainText('Seuls les administrateurs et signataires de Béthune');
	await expect(page.getByRole('button', { name: 'Ouvrir le fonds' })).toHaveCount(0);
	await expectAccessible(page);
});
